# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

import pytz

from odoo import api, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz
from odoo.tools import SQL

# Sessions that took place.
GIVEN_STATES = ("done", "evaluated")


class MddWgaFigures(models.AbstractModel):
    """Education sessions in the municipal figures (PDF, portal, dashboard).

    Extends the hook of ``mdd_meldpunt``; this bridge is installed by itself
    when both add-ons are, so neither depends on the other.
    """

    _inherit = "mdd.wga.figures"

    @api.model
    def _extra_sections(self, municipality, year):
        sections = super()._extra_sections(municipality, year)
        return [*sections, self._education_section(municipality, year)]

    @api.model
    def _education_counts(self, municipality, year):
        """``[(audience, sessions, participants)]`` of the sessions given in
        ``municipality`` (empty: all) in ``year``."""
        counts = self._education_totals(year, "audience_id", municipality)
        audiences = (
            self.env["mdd.audience"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "in", [i for i in counts if i])])
        )
        result = [(audience.name, *counts[audience.id]) for audience in audiences]
        if None in counts:
            result.append((self.env._("Other"), *counts[None]))
        return result

    @api.model
    def _education_totals(self, year, group, municipality=None):
        """``{id of group: (sessions, participants)}`` of the sessions given.

        A session counts in the year it started (bureau time zone); participants are
        the actual number when filled in after the session, else the planned
        number. One GROUP BY query on ``group`` (``audience_id`` or
        ``municipality_id``); an empty ``municipality`` means all.
        """
        Session = self.env["mdd.education.session"]
        Session.flush_model(
            [
                "state",
                "start",
                "municipality_id",
                "audience_id",
                "participant_count",
                "participant_count_actual",
            ]
        )
        start, end = self._education_period(year)
        where = SQL("s.state IN %s AND s.start >= %s AND s.start < %s", GIVEN_STATES, start, end)
        if municipality:
            where = SQL("%s AND s.municipality_id = %s", where, municipality.id)
        self.env.cr.execute(
            SQL(
                """
                SELECT %(group)s, COUNT(*),
                       COALESCE(SUM(CASE WHEN s.participant_count_actual > 0
                                         THEN s.participant_count_actual
                                         ELSE s.participant_count END), 0)
                  FROM mdd_education_session s
                 WHERE %(where)s
              GROUP BY %(group)s
                """,
                group=SQL.identifier("s", group),
                where=where,
            )
        )
        return {key: (n, p) for key, n, p in self.env.cr.fetchall()}

    @api.model
    def _education_period(self, year):
        """Start and end of ``year`` in the bureau's time zone, in UTC."""
        tz = pytz.timezone(bureau_tz(self.env))

        def utc(day):
            return tz.localize(day).astimezone(pytz.utc).replace(tzinfo=None)

        return utc(datetime(year, 1, 1)), utc(datetime(year + 1, 1, 1))

    @api.model
    def _education_section(self, municipality, year):
        _ = self.env._
        rows = [list(row) for row in self._education_counts(municipality, year)]
        if rows:
            rows.append([_("Total"), sum(row[1] for row in rows), sum(row[2] for row in rows)])
        return {
            "title": _("Education sessions"),
            "columns": [_("Audience"), _("Sessions"), _("Participants")],
            "rows": rows,
            "note": _(
                "Workshops and information sessions given in the municipality "
                "in %(year)s; participants as counted after the session, else "
                "as planned.",
                year=year,
            ),
        }
