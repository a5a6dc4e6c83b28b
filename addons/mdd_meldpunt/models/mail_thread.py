# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """Apply the bureaus' rules to incoming mail (see helpdesk_ticket_mail.py).

        Replies are routed here, by their headers, before any ``message_new``
        or ``message_update`` runs: this is the one place where a reply from a
        stranger can be kept away from a report.
        """
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        return self.env["helpdesk.ticket"]._mdd_mail_filter_routes(message, message_dict, routes)
