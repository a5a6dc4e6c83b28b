# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.2.0: first-contact deadline and handover between bureaus.

* The handling action types that are contact with the complainant stop the
  first-contact deadline. Their records are ``noupdate`` (a bureau may
  rename them), so the new flag is set here, once.
* A complainant's contact is visible to the handler who created the
  complainant only while the complainant has no report (as for the
  complainant itself), so that a handler who hands a report over keeps no
  access to it. The record rule is ``noupdate``: its new domain is copied
  from the security file here.
"""

from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.module import get_module_path

CONTACT_TYPES = (
    "action_type_intake",
    "action_type_informatie_advies",
    "action_type_doorverwijzing",
    "action_type_hulp_aangifte",
    "action_type_oordeel_crm",
)
RULES = ("rule_res_partner_mdd_complainant",)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in CONTACT_TYPES:
        action_type = env.ref(f"mdd_meldpunt.{name}", raise_if_not_found=False)
        if action_type:
            action_type.counts_as_contact = True
    security = Path(get_module_path("mdd_meldpunt")) / "security" / "mdd_meldpunt_security.xml"
    tree = etree.parse(str(security))
    for name in RULES:
        rule = env.ref(f"mdd_meldpunt.{name}", raise_if_not_found=False)
        domain = tree.xpath(f"//record[@id='{name}']/field[@name='domain_force']")
        if rule and domain:
            rule.domain_force = domain[0].text
