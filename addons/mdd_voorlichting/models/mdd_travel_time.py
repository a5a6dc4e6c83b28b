# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddTravelTime(models.Model):
    """The time a trainer needs to travel between two municipalities.

    Symmetric: one row serves both directions. Pairs without a row use the
    company's default (``res.company.mdd_travel_buffer_minutes``); within one
    municipality no travel time is needed.
    """

    _name = "mdd.travel.time"
    _description = "Travel time between municipalities"
    _order = "municipality_a_id, municipality_b_id"

    municipality_a_id = fields.Many2one(
        "mdd.municipality", string="Municipality", required=True, index=True, ondelete="cascade"
    )
    municipality_b_id = fields.Many2one(
        "mdd.municipality",
        string="Other municipality",
        required=True,
        index=True,
        ondelete="cascade",
    )
    minutes = fields.Integer(string="Travel time (minutes)", required=True, default=45)

    _sql_constraints = [
        (
            "minutes_range",
            "CHECK(minutes >= 0 AND minutes <= 1440)",
            "The travel time must be between 0 and 1440 minutes.",
        ),
        (
            "different_municipalities",
            "CHECK(municipality_a_id != municipality_b_id)",
            "A travel time is between two different municipalities.",
        ),
    ]

    @api.depends("municipality_a_id", "municipality_b_id")
    def _compute_display_name(self):
        for row in self:
            row.display_name = " - ".join(
                name for name in (row.municipality_a_id.name, row.municipality_b_id.name) if name
            )

    @api.constrains("municipality_a_id", "municipality_b_id")
    def _check_unique_pair(self):
        for row in self:
            a, b = row.municipality_a_id.id, row.municipality_b_id.id
            duplicate = self.search_count(
                [
                    ("id", "!=", row.id),
                    "|",
                    "&",
                    ("municipality_a_id", "=", a),
                    ("municipality_b_id", "=", b),
                    "&",
                    ("municipality_a_id", "=", b),
                    ("municipality_b_id", "=", a),
                ]
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "There already is a travel time between %(pair)s.", pair=row.display_name
                    )
                )

    @api.model
    def _minutes_from(self, municipality):
        """Travel times from ``municipality``: {other municipality id: minutes}."""
        if not municipality:
            return {}
        rows = self.sudo().search(
            [
                "|",
                ("municipality_a_id", "=", municipality.id),
                ("municipality_b_id", "=", municipality.id),
            ]
        )
        return {
            (
                row.municipality_b_id
                if row.municipality_a_id == municipality
                else row.municipality_a_id
            ).id: row.minutes
            for row in rows
        }
