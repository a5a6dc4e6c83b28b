# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MddWgaDelivery(models.Model):
    """Delivery of a published version to one official contact.

    One line per publication and contact: when the delivery mail was sent,
    when the contact first opened the municipal portal page after it, and
    when (and how often) they downloaded a file of this version. Written by
    the system only (publishing, the portal); coordinators read it.
    """

    _name = "mdd.wga.delivery"
    _description = "Wga publication delivery"
    _order = "publication_id desc, id"
    _rec_name = "partner_id"

    publication_id = fields.Many2one(
        "mdd.wga.publication", required=True, index=True, ondelete="cascade", readonly=True
    )
    municipality_id = fields.Many2one(related="publication_id.municipality_id", store=True)
    year = fields.Integer(related="publication_id.year", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    sent_on = fields.Datetime(string="Mail sent on", readonly=True)
    opened_on = fields.Datetime(
        string="Opened on", readonly=True, help="First visit of the portal page after the mail."
    )
    downloaded_on = fields.Datetime(string="First download", readonly=True)
    last_download_on = fields.Datetime(string="Last download", readonly=True)
    download_count = fields.Integer(string="Downloads", readonly=True)

    _sql_constraints = [
        (
            "publication_partner_unique",
            "UNIQUE(publication_id, partner_id)",
            "One delivery line per publication and contact.",
        ),
    ]

    @api.model
    def _mark_opened(self, partner, municipality):
        """The contact visited /my/cijfers: every delivery to them of that
        municipality's versions not opened yet is now opened."""
        deliveries = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("municipality_id", "=", municipality.id),
                ("opened_on", "=", False),
            ]
        )
        deliveries.write({"opened_on": fields.Datetime.now()})

    @api.model
    def _log_download(self, partner, publication):
        """The contact downloaded a file of ``publication``."""
        now = fields.Datetime.now()
        Delivery = self.sudo()
        delivery = Delivery.search(
            [("partner_id", "=", partner.id), ("publication_id", "=", publication.id)]
        )
        if not delivery:
            # A contact who got access after the publication (no mail sent).
            delivery = Delivery.create({"publication_id": publication.id, "partner_id": partner.id})
        delivery.write(
            {
                "opened_on": delivery.opened_on or now,
                "downloaded_on": delivery.downloaded_on or now,
                "last_download_on": now,
                "download_count": delivery.download_count + 1,
            }
        )
        return delivery
