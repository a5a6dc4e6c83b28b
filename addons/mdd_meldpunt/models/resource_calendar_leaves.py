# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) move the first-contact
    deadlines of the open reports when they are added, changed or removed."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves.filtered(lambda leave: not leave.resource_id):
            leaves._mdd_recompute_first_contact()
        return leaves

    def write(self, vals):
        public = any(not leave.resource_id for leave in self)
        result = super().write(vals)
        if public or self.filtered(lambda leave: not leave.resource_id):
            self._mdd_recompute_first_contact()
        return result

    def unlink(self):
        public = any(not leave.resource_id for leave in self)
        result = super().unlink()
        if public:
            self.browse()._mdd_recompute_first_contact()
        return result

    def _mdd_recompute_first_contact(self):
        Ticket = self.env["helpdesk.ticket"].sudo()
        open_reports = Ticket.search(
            [
                ("mdd_first_contact_deadline", "!=", False),
                ("mdd_first_contact_date", "=", False),
                ("stage_id.closed", "=", False),
            ]
        )
        self.env.add_to_compute(Ticket._fields["mdd_first_contact_deadline"], open_reports)
