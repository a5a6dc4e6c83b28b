# Copyright 2026 Meldpunt Discriminatie Drenthe contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "MDD Base",
    "summary": "Shared base of the anti-discrimination bureau add-ons: "
    "municipalities with CBS codes, safe public forms, the bureau time zone",
    "version": "18.0.1.0.0",
    "category": "Services",
    "website": "https://github.com/mdd-drenthe/mdd-odoo",
    "author": "Meldpunt Discriminatie Drenthe contributors",
    "maintainers": ["mdd-drenthe"],
    "license": "AGPL-3",
    "pre_init_hook": "pre_init_hook",
    "depends": ["base", "web", "website", "auth_totp_enforce"],
    "data": [
        "security/ir.model.access.csv",
        "data/mdd_municipality_data.xml",
        "data/ir_cron_data.xml",
        "views/mdd_municipality_views.xml",
        "views/res_company_views.xml",
        "views/mail_layout_templates.xml",
        "views/report_letterhead_templates.xml",
        "views/res_groups_views.xml",
    ],
}
