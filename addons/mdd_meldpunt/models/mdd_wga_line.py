# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

# The three columns of the Wga registration form; the keys are the CSV headers.
WGA_COLUMNS = [
    ("inwoners_in_gemeente", "1. Residents, incident in the municipality"),
    ("inwoners_elders", "2. Residents, incident elsewhere or online"),
    ("niet_inwoners_in_gemeente", "3. Non-residents, incident in the municipality"),
]


class MddWgaLine(models.Model):
    """The Wga registration form, one line per report and municipality.

    This view is the one place where the three columns of the form are
    decided; every figure for municipalities (CSV, XLSX, PDF, portal,
    dashboard) reads it. With R the municipality of residence of the
    complainant and I the municipality of the incident (empty when the
    location is not applicable, e.g. online):

    * R gets a line in column 1 when I = R, else in column 2 (residents about
      incidents elsewhere, including not applicable / online);
    * I gets a line in column 3 when R is unknown or differs from I (non-
      residents about incidents in the municipality; anonymous reports with an
      unknown residence count here).

    So a report is at most once in the figures of a municipality, and a
    report without R and I is in no municipality's figures. Whether a line
    counts (``counted``) and why not (``exclusion_reason``) comes from
    ``mdd.report.analysis.mixin``.
    """

    _name = "mdd.wga.line"
    _inherit = "mdd.report.analysis.mixin"
    _description = "Wga registration form line"
    _auto = False
    _rec_name = "municipality_id"
    _order = "date desc, id desc"

    municipality_id = fields.Many2one("mdd.municipality", readonly=True)
    wga_column = fields.Selection(WGA_COLUMNS, string="Wga column", readonly=True)

    @api.model
    def _view_query(self):
        report = SQL(
            "SELECT %s FROM %s WHERE %s",
            self._report_select(),
            self._report_from(),
            self._report_where(),
        )
        # No CTE: the reports subquery is repeated so that filters on the view
        # (date, municipality) are pushed down to the ticket indexes.
        return SQL(
            """
            SELECT r.report_id::bigint * 2 AS id,
                   r.residence_municipality_id AS municipality_id,
                   CASE WHEN r.incident_municipality_id = r.residence_municipality_id
                        THEN 'inwoners_in_gemeente'
                        ELSE 'inwoners_elders' END AS wga_column,
                   r.*
              FROM (%(report)s) r
             WHERE r.residence_municipality_id IS NOT NULL
            UNION ALL
            SELECT r.report_id::bigint * 2 + 1 AS id,
                   r.incident_municipality_id AS municipality_id,
                   'niet_inwoners_in_gemeente' AS wga_column,
                   r.*
              FROM (%(report)s) r
             WHERE r.incident_municipality_id IS NOT NULL
               AND r.incident_municipality_id IS DISTINCT FROM r.residence_municipality_id
            """,
            report=report,
        )
