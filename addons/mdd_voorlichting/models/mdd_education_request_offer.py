# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The request's slot offers (see ``mdd_education_offer``)."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class MddEducationRequest(models.Model):
    _inherit = "mdd.education.request"

    offer_ids = fields.One2many("mdd.education.offer", "request_id", string="Slot offers")
    offer_count = fields.Integer(compute="_compute_offer_count")

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for request in self:
            request.offer_count = len(request.offer_ids)

    def action_offer_slots(self):
        """Open a new slot offer for this request."""
        self.ensure_one()
        if self.state != "new":
            raise UserError(
                self.env._(
                    "Only for new requests can times be offered; %(request)s is not new.",
                    request=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Offer times"),
            "res_model": "mdd.education.offer",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_request_id": self.id},
        }

    def action_view_offers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_voorlichting.action_mdd_education_offer"
        )
        action["domain"] = [("request_id", "=", self.id)]
        action["context"] = {"default_request_id": self.id}
        return action
