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

    def _mdd_public_lang(self):
        """The language the bureau speaks to the public: in mails to people
        who chose none, and in the files it hands out. The default language
        of the company's website, else of the company's contact."""
        company = self[:1] or self.env.company
        website = (
            self.env["website"].sudo().search([("company_id", "=", company.id)], limit=1)
            or self.env["website"].sudo().get_current_website()
        )
        return website.default_lang_id.code or company.partner_id.lang or "en_US"
