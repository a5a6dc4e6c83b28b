# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class MddReportManifestationAnalysis(models.Model):
    """Analysis by manifestation: one line per report and manifestation.

    As for grounds, a report counts once for each of its manifestations and
    once in totals with the measure *Reports*.
    """

    _name = "mdd.report.manifestation.analysis"
    _inherit = "mdd.report.analysis.mixin"
    _description = "Discrimination report analysis by manifestation"
    _auto = False
    _rec_name = "report_id"
    _order = "date desc, id desc"

    manifestation_id = fields.Many2one("mdd.manifestation", readonly=True)

    _depends = {
        "helpdesk.ticket": ["manifestation_ids"],
    }

    @api.model
    def _view_query(self):
        field = self.env["helpdesk.ticket"]._fields["manifestation_ids"]
        return SQL(
            """
            SELECT t.id::bigint * 1000000 + COALESCE(rel.%(col2)s, 0) AS id,
                   %(common)s,
                   rel.%(col2)s AS manifestation_id
              FROM %(from)s
              LEFT JOIN %(rel)s rel ON rel.%(col1)s = t.id
             WHERE %(where)s
            """,
            common=self._report_select(),
            rel=SQL.identifier(field.relation),
            col1=SQL.identifier(field.column1),
            col2=SQL.identifier(field.column2),
            where=self._report_where(),
            **{"from": self._report_from()},
        )
