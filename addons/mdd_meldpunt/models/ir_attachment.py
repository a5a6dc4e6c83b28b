# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models
from odoo.exceptions import UserError

# What makes an attachment another file, or moves it to another document.
CONTENT_FIELDS = {"raw", "datas", "db_datas", "store_fname", "res_model", "res_id", "res_field"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _mdd_frozen(self):
        """The attachments that are files of a published or withdrawn
        Wga publication: they never change."""
        ids = [a.id for a in self.sudo() if a.res_model == "mdd.wga.publication" and a.res_id]
        if not ids:
            return self.browse()
        frozen = self.sudo().browse(ids)
        publications = self.env["mdd.wga.publication"].sudo().browse(frozen.mapped("res_id"))
        done = set(publications.exists().filtered(lambda p: p.state != "draft").ids)
        return frozen.filtered(lambda a: a.res_id in done)

    def write(self, vals):
        if CONTENT_FIELDS & set(vals) and self._mdd_frozen():
            raise UserError(_("The files of a published Wga version cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_mdd_frozen(self):
        if self._mdd_frozen():
            raise UserError(_("The files of a published Wga version cannot be deleted."))
