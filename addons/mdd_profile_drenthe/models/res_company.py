# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# The company's fields that the website shows in its header and footer.
WEBSITE_FIELDS = {"name", "street", "zip", "city", "phone", "email", "website"}


class ResCompany(models.Model):
    _inherit = "res.company"

    def cache_invalidation_fields(self):
        """Odoo keeps the rendered header and footer of the website
        (t-cache): a change in Settings > Companies shows there at once."""
        return super().cache_invalidation_fields() | WEBSITE_FIELDS
