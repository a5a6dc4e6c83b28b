# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0: the bureau's branding.

A new database gets the logo, country and colours from the install hook. A
database that already had the profile gets them here, with the same rule:
only where Odoo's defaults are still in place, so nothing a bureau chose is
changed.
"""

from odoo import SUPERUSER_ID, api
from odoo.addons.mdd_profile_drenthe.hooks import _brand


def migrate(cr, version):
    if version:
        _brand(api.Environment(cr, SUPERUSER_ID, {}))
