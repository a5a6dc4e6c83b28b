# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResDeviceLog(models.Model):
    _inherit = "res.device.log"

    @api.model
    def _update_device(self, request):
        """Keep no device trace of portal users.

        Odoo records, for every session, the address, browser and place of
        the device (``res.device.log``, and a trace in the session). A
        portal user may be a complainant following their report: their
        address is not kept anywhere, as for the public forms. Staff keep
        Odoo's device list (it lets them revoke a lost device's session).
        """
        uid = request.session.uid
        if uid and self.env["res.users"].sudo().browse(uid).share:
            return None
        return super()._update_device(request)
