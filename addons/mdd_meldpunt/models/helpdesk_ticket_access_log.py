# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The report form shows its complainant's name: opening it is logged."""

from odoo import models

# Fields of a report whose export carries the complainant's identity.
IDENTITY_EXPORT_ROOTS = {"complainant_id", "partner_id", "partner_name", "partner_email"}


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "mdd.identity.access.mixin"]

    def _mdd_identity_opened(self, specification):
        report = self.sudo()
        complainant = report.complainant_id
        if (
            "complainant_id" in specification
            and report.is_mdd_report
            and complainant
            and not complainant.anonymous
        ):
            self.env["mdd.access.log"]._mdd_log("identity_opened", complainant, report=report)

    def _mdd_identity_exported(self, roots):
        if not roots & IDENTITY_EXPORT_ROOTS:
            return
        AccessLog = self.env["mdd.access.log"]
        for report in self.sudo().filtered("is_mdd_report"):
            if report.complainant_id:
                AccessLog._mdd_log("data_exported", report.complainant_id, report=report)
