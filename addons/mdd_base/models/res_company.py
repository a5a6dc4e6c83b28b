# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.addons.base.models.res_partner import _tz_get

from ..tools.timezone import DEFAULT_TZ


class ResCompany(models.Model):
    _inherit = "res.company"

    mdd_timezone = fields.Selection(
        _tz_get,
        string="Bureau time zone",
        default=DEFAULT_TZ,
        required=True,
        help="The time zone in which the bureau plans sessions and counts "
        "dates and years, whatever the time zone of each user.",
    )
