# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    mdd_totp_required = fields.Boolean(
        string="Requires two-factor authentication",
        help="Internal users in this group must set up an authenticator app "
        "(TOTP) before they can log in. Which groups require it is the "
        "choice of the bureau's profile.",
    )
