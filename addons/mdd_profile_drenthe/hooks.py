# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""MDD's own choices, made once when the profile is installed.

Each choice is made only where nobody made another one yet (Odoo's default
company and website names, an unset retention period), so installing the
profile in a database that a bureau already uses changes none of its
settings. A database that had MDD's setup before the profile existed gets the
profile in its upgrade (see mdd_meldpunt's migration 18.0.1.1.0, which leaves
the ``ADOPTED_PARAM`` marker): there, users keep their language.

The modules that send personal data to outside services (see
``mdd_base/tools/outside_services.py``) are removed at the end of the
installation; a database that was in use before keeps them, with a warning.
"""

import base64
import logging

from odoo import tools
from odoo.addons.mdd_base.tools.outside_services import (
    installed_outside_service_modules,
    remove_outside_service_modules,
)
from odoo.tools import config

_logger = logging.getLogger(__name__)

BUREAU = "Meldpunt Discriminatie Drenthe"
DEFAULT_COMPANY_NAMES = ("YourCompany", "My Company")
DEFAULT_WEBSITE_NAMES = ("My Website", "Website", "YourCompany")
LOGO = "mdd_profile_drenthe/static/src/img/mdd_logo.png"
# The website's colour palette (Website > Edit > Theme > Colours): the
# primary blue and a deep amber (the logo's accent, darkened), a light and a
# dark tone. Both carry white text, and read as text on white, at a contrast
# ratio above 4.5:1 (WCAG AA): outline buttons show the colour as text.
PALETTE_SCSS = "/website/static/src/scss/options/colors/user_color_palette.scss"
PALETTE = {
    "o-color-1": "#2a6f97",
    "o-color-2": "#a15c00",
    "o-color-3": "#f2f5f8",
    "o-color-4": "#ffffff",
    "o-color-5": "#1b2a36",
}
RETENTION_PARAM = "mdd_meldpunt.retention_years"
RETENTION_YEARS = 5
ADOPTED_PARAM = "mdd_profile_drenthe.adopted"


def post_init_hook(env):
    params = env["ir.config_parameter"].sudo()
    adopted = bool(params.get_param(ADOPTED_PARAM))
    params.search([("key", "=", ADOPTED_PARAM)]).unlink()
    _speak_dutch(env, adopted)
    if not adopted:
        _brand(env)
    if not params.get_param(RETENTION_PARAM):
        params.set_param(RETENTION_PARAM, RETENTION_YEARS)
    _no_outside_services(env, adopted)


def _brand(env):
    """The bureau's name, country, logo and colours, where Odoo's defaults
    are still in place. The rest of the company profile (address, phone,
    email, website) is the bureau's to fill in: Settings > Companies. The
    footer and the letterheads show what is filled in."""
    with tools.file_open(LOGO, "rb") as logo_file:
        logo = base64.b64encode(logo_file.read())
    company = env.ref("base.main_company")
    if company.name in DEFAULT_COMPANY_NAMES:
        company.name = BUREAU
    if not company.country_id:
        company.country_id = env.ref("base.nl")
    if company.uses_default_logo:
        company.logo = logo
    if not company.primary_color:
        # The colour of the letterheads (Settings > Configure document layout).
        company.primary_color = PALETTE["o-color-1"]
        company.secondary_color = PALETTE["o-color-2"]
    Website = env["website"]
    default_website_logo = Website._default_logo()
    for website in Website.search([]):
        if website.name in DEFAULT_WEBSITE_NAMES:
            website.name = BUREAU
        if not website.logo or website.logo == default_website_logo:
            website.logo = logo
        assets = env["web_editor.assets"].with_context(website_id=website.id)
        custom_url = assets._make_custom_asset_url(PALETTE_SCSS, "web.assets_frontend")
        if not assets._get_custom_attachment(custom_url):
            assets.make_scss_customization(PALETTE_SCSS, PALETTE)


def _no_outside_services(env, adopted):
    """Remove the modules that send personal data to outside services.

    Odoo installs several of them by itself (``auto_install``) with mail and
    the website, before any add-on of ours can prevent it, so the profile
    removes them: marked ``to remove`` here, Odoo uninstalls them at the end
    of this installation. Not done:

    - in a database that had MDD's setup before the profile (``adopted``):
      it may hold data of those modules; a warning names them;
    - in a run with tests (``--test-enable``): to uninstall, Odoo loads the
      registry once more, which drops the results of the tests run so far
      and runs no post-install test. ``tests/test_outside_services.py``
      installs the profile as production does and checks the result.
    """
    if adopted:
        names = installed_outside_service_modules(env).mapped("name")
        if names:
            _logger.warning(
                "Modules that send personal data to outside services are "
                "installed; uninstall them once their data is not needed: %s",
                ", ".join(sorted(names)),
            )
        return
    if config["test_enable"]:
        return
    remove_outside_service_modules(env)


def _speak_dutch(env, adopted):
    """The bureau's staff and the public pages use Dutch.

    Activates Dutch with the translations of every installed module, makes it
    the default language of the websites (English stays available) and the
    administrator's language, so that the users they create speak Dutch too
    (in a database that was in use already, users keep their language).
    """
    lang = env["res.lang"]._activate_lang("nl_NL")
    modules = env["ir.module.module"].search(
        ["|", ("state", "=", "installed"), ("name", "=", "mdd_profile_drenthe")]
    )
    modules._update_translations(["nl_NL"], overwrite=False)
    for website in env["website"].search([]):
        website.language_ids = [(4, lang.id)]
        website.default_lang_id = lang
    if not adopted:
        env.ref("base.user_admin").lang = lang.code
