# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class MddReportGroundAnalysis(models.Model):
    """Analysis by ground: one line per report and ground.

    A report with two grounds has two lines, so it counts once for each ground;
    the measure *Reports* counts distinct reports, so it counts once in totals.
    A report without a ground has one line without a ground.
    """

    _name = "mdd.report.ground.analysis"
    _inherit = "mdd.report.analysis.mixin"
    _description = "Discrimination report analysis by ground"
    _auto = False
    _rec_name = "report_id"
    _order = "date desc, id desc"

    ground_id = fields.Many2one("mdd.ground", readonly=True)
    main_ground_id = fields.Many2one("mdd.ground", string="Main ground", readonly=True)

    _depends = {
        "helpdesk.ticket": ["ground_ids"],
        "mdd.ground": ["parent_path"],
    }

    @api.model
    def _view_query(self):
        field = self.env["helpdesk.ticket"]._fields["ground_ids"]
        return SQL(
            """
            SELECT t.id::bigint * 1000000 + COALESCE(rel.%(col2)s, 0) AS id,
                   %(common)s,
                   rel.%(col2)s AS ground_id,
                   split_part(gr.parent_path, '/', 1)::integer AS main_ground_id
              FROM %(from)s
              LEFT JOIN %(rel)s rel ON rel.%(col1)s = t.id
              LEFT JOIN mdd_ground gr ON gr.id = rel.%(col2)s
             WHERE %(where)s
            """,
            common=self._report_select(),
            rel=SQL.identifier(field.relation),
            col1=SQL.identifier(field.column1),
            col2=SQL.identifier(field.column2),
            where=self._report_where(),
            **{"from": self._report_from()},
        )
