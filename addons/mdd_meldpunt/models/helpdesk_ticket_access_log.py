# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The report form shows its complainant's name: opening it is logged."""

from odoo import models

# Fields of a report whose export carries the complainant's identity.
IDENTITY_EXPORT_ROOTS = {"complainant_id", "partner_id", "partner_name", "partner_email"}


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def web_read(self, specification):
        result = super().web_read(specification)
        if (
            len(self) == 1
            and "complainant_id" in specification
            and not self.env.context.get("mdd_access_log_saved")
        ):
            report = self.sudo()
            complainant = report.complainant_id
            AccessLog = self.env["mdd.access.log"]
            if (
                report.is_mdd_report
                and complainant
                and not complainant.anonymous
                and AccessLog._mdd_should_log()
            ):
                AccessLog._mdd_log("identity_opened", complainant, report=report)
        return result

    # Odoo 18 serves web_read (@api.readonly) in a read-only transaction,
    # which could not hold the entry of the access log.
    web_read._readonly = False

    def web_save(self, vals, specification, next_id=None):
        """Saving shows the open form again: no new opening (going on to the
        next record, ``next_id``, is one)."""
        this = self.with_context(mdd_access_log_saved=not next_id)
        return super(HelpdeskTicket, this).web_save(vals, specification, next_id=next_id)

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        roots = {path.split("/")[0] for path in fields_to_export}
        AccessLog = self.env["mdd.access.log"]
        if roots & IDENTITY_EXPORT_ROOTS and AccessLog._mdd_should_log():
            for report in self.sudo().filtered("is_mdd_report"):
                if report.complainant_id:
                    AccessLog._mdd_log("data_exported", report.complainant_id, report=report)
        return result
