# Copyright 2026 Meldpunt Discriminatie Drenthe contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Voorlichting (education sessions)",
    "summary": "Workshop catalogue, requests from organisations and sessions "
    "planned with trainers in their calendars",
    "version": "18.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/mdd-drenthe/mdd-odoo",
    "author": "Meldpunt Discriminatie Drenthe contributors",
    "maintainers": ["mdd-drenthe"],
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mdd_meldpunt", "calendar", "resource", "website", "portal"],
    "data": [
        "security/mdd_voorlichting_security.xml",
        "security/ir.model.access.csv",
        "data/mdd_audience_data.xml",
        "views/mdd_audience_views.xml",
        "views/mdd_workshop_views.xml",
        "views/mdd_voorlichting_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/mdd_workshop_demo.xml",
    ],
}
