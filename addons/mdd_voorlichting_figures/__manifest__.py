# Copyright 2026 Meldpunt Discriminatie Drenthe contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Voorlichting in the municipal figures",
    "summary": "Bridge: education sessions in the yearly figures and the dashboard "
    "of the Meldpunt, when both add-ons are installed",
    "version": "18.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/mdd-drenthe/mdd-odoo",
    "author": "Meldpunt Discriminatie Drenthe contributors",
    "maintainers": ["mdd-drenthe"],
    "license": "AGPL-3",
    "depends": ["mdd_meldpunt", "mdd_voorlichting"],
    "auto_install": True,
}
