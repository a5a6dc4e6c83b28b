# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MddWgaPublicationReplaceWizard(models.TransientModel):
    """Withdraw a published version and publish a new one, with a reason."""

    _name = "mdd.wga.publication.replace.wizard"
    _description = "New version of a Wga publication"

    publication_id = fields.Many2one(
        "mdd.wga.publication",
        required=True,
        ondelete="cascade",
        domain=[("state", "=", "published")],
    )
    reason = fields.Text(
        required=True,
        help="Shown to the municipality with the replaced version: no personal data.",
    )

    def action_replace(self):
        self.ensure_one()
        new = self.publication_id._replace(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": new._name,
            "res_id": new.id,
            "view_mode": "form",
            "target": "current",
        }
