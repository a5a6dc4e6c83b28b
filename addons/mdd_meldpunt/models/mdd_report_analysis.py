# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import SQL


class MddReportAnalysis(models.Model):
    """Analysis of discrimination reports: one line per report, for pivot and
    graph views."""

    _name = "mdd.report.analysis"
    _inherit = "mdd.report.analysis.mixin"
    _description = "Discrimination report analysis"
    _auto = False
    _rec_name = "report_id"
    _order = "date desc, id desc"

    @api.model
    def _view_query(self):
        return SQL(
            "SELECT t.id AS id, %s FROM %s WHERE %s",
            self._report_select(),
            self._report_from(),
            self._report_where(),
        )
