# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0: what was MDD's own choice moved to the profile add-on
``mdd_profile_drenthe``: the two bureau teams, the routing of Drenthe's
municipalities, the Dutch setup and the demo data.

A database made before gets the profile in this same upgrade: the external
ids of the moved records are handed to the profile (so the upgrade neither
deletes them as no longer defined here nor creates them twice), and the
profile is marked to be installed without loading its demo data again (the
records are there already). The marker parameter tells the profile's
install hook that the database was in use: it then changes no user's
language, company or website name.
"""

import logging
from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_manifest, get_module_path

_logger = logging.getLogger(__name__)

PROFILE = "mdd_profile_drenthe"
FROM_MODULES = ("mdd_meldpunt", "mdd_voorlichting", "mdd_voorlichting_figures")


def _profile_xmlids():
    """The ids of the records the profile defines (data and demo files),
    with the contact Odoo creates for each user as ``<id>_res_partner``."""
    path = get_module_path(PROFILE)
    if not path:
        return []
    manifest = get_manifest(PROFILE)
    names = set()
    for filename in [*manifest.get("data", []), *manifest.get("demo", [])]:
        if not filename.endswith(".xml"):
            continue
        tree = etree.parse(str(Path(path) / filename))
        for record in tree.iter("record"):
            xmlid = record.get("id", "")
            if "." in xmlid:
                module, name = xmlid.split(".", 1)
                if module not in FROM_MODULES:
                    continue
            else:
                name = xmlid
            names.add(name)
            if record.get("model") == "res.users":
                names.add(f"{name}_res_partner")
    return sorted(names)


def migrate(cr, version):
    names = _profile_xmlids()
    if not names:
        _logger.warning("mdd_meldpunt: the profile %s is not in the addons path", PROFILE)
        return
    cr.execute(
        "UPDATE ir_model_data SET module = %s WHERE module IN %s AND name = ANY(%s)",
        [PROFILE, FROM_MODULES, names],
    )
    _logger.info("mdd_meldpunt: handed %s external ids to %s", cr.rowcount, PROFILE)
    # Through the ORM, so that the profile's own dependencies that are not
    # installed yet (e.g. password_security) are marked to install too.
    env = api.Environment(cr, SUPERUSER_ID, {})
    Module = env["ir.module.module"]
    profile = Module.search([("name", "=", PROFILE), ("state", "=", "uninstalled")])
    if profile:
        profile.button_install()
        profile.demo = False
        cr.execute(
            """
            INSERT INTO ir_config_parameter (key, value, create_date, write_date)
            VALUES ('mdd_profile_drenthe.adopted', '1', now(), now())
            ON CONFLICT (key) DO NOTHING
            """
        )
