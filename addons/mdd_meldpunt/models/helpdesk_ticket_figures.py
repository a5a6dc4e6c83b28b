# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.addons.mdd_base.tools.timezone import bureau_tz
from odoo.tools import SQL

from .mdd_report_analysis_mixin import FIGURES_DATE_INDEX, figures_date_sql


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def init(self):
        """Index the figures date of the reports: the yearly figures select
        reports by a range of it (through the analysis views)."""
        result = super().init()
        cr = self.env.cr
        tz_name = bureau_tz(self.env)
        # The expression must be the views' one: rebuild the index when the
        # bureau's time zone changed.
        cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [FIGURES_DATE_INDEX])
        row = cr.fetchone()
        if row and f"'{tz_name}'" not in row[0]:
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(FIGURES_DATE_INDEX)))
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON helpdesk_ticket (%s) WHERE is_mdd_report",
                SQL.identifier(FIGURES_DATE_INDEX),
                figures_date_sql("helpdesk_ticket", tz_name),
            )
        )
        return result
