# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

EXEMPT_GROUP = "auth_totp_enforce.group_mfa_exempt"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _mfa_enforced(self):
        """Whether the user must set up TOTP before logging in.

        auth_totp_enforce asks it of every internal user outside its
        exemption group. Here it is asked of the internal users in a group
        that requires it (``res.groups.mdd_totp_required``), and the
        exemption group counts only in a database installed with demo data:
        in a production database nobody in such a group can be exempted.
        """
        self.ensure_one()
        user = self.sudo()
        if not user._is_internal() or not user.groups_id.filtered("mdd_totp_required"):
            return False
        return not (user.has_group(EXEMPT_GROUP) and user._mdd_demo_database())

    @api.model
    def _mdd_demo_database(self):
        """Whether this database was installed with demo data."""
        return bool(
            self.env["ir.module.module"]
            .sudo()
            .search_count([("name", "=", "base"), ("demo", "=", True)], limit=1)
        )
