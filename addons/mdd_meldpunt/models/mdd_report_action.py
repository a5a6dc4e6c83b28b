# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddReportAction(models.Model):
    """A handling action on a report (intake, advice, mediation, ...)."""

    _name = "mdd.report.action"
    _description = "Handling action"
    _order = "date desc, id desc"

    report_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        domain="[('is_mdd_report', '=', True)]",
    )
    type_id = fields.Many2one("mdd.action.type", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one("res.users", string="Done by", default=lambda self: self.env.user)
    time_spent = fields.Float(string="Time spent", help="Hours spent on this action.")
    result = fields.Char()
    note = fields.Text()
    company_id = fields.Many2one(related="report_id.company_id", store=True)

    @api.constrains("type_id", "report_id")
    def _check_share_consent(self):
        for action in self:
            if (
                action.type_id.towards_other_party
                and not action.report_id.complainant_id.consent_share
            ):
                raise ValidationError(
                    self.env._(
                        "'%(type)s' involves the other party, but the complainant "
                        "of %(report)s did not consent to sharing the report with "
                        "the other party. Record that consent on the complainant "
                        "first.",
                        type=action.type_id.name,
                        report=action.report_id.number,
                    )
                )

    @api.constrains("time_spent")
    def _check_time_spent(self):
        if any(action.time_spent < 0 for action in self):
            raise ValidationError(self.env._("Time spent cannot be negative."))
