# Copyright 2026 Meldpunt Discriminatie Drenthe contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Meldpunt Discriminatie Drenthe: bureau profile",
    "summary": "The choices of Meldpunt Discriminatie Drenthe: Dutch, its two bureaus "
    "and their region, retention, branding and its demo data",
    "version": "18.0.1.1.0",
    "category": "Services",
    "website": "https://github.com/mdd-drenthe/mdd-odoo",
    "author": "Meldpunt Discriminatie Drenthe contributors",
    "maintainers": ["mdd-drenthe"],
    "license": "AGPL-3",
    "post_init_hook": "post_init_hook",
    "depends": ["mdd_meldpunt", "mdd_voorlichting", "password_security"],
    "data": [
        "data/helpdesk_team_data.xml",
        "data/mdd_municipality_data.xml",
        "data/res_config_data.xml",
        "data/res_groups_data.xml",
        "data/resource_calendar_leaves_data.xml",
        "data/website_privacy_page.xml",
        "views/website_footer_templates.xml",
        "views/website_templates.xml",
        "views/website_homepage_templates.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_users_meldpunt_demo.xml",
        "demo/mdd_report_demo.xml",
        "demo/res_users_voorlichting_demo.xml",
        "demo/res_users_planner_demo.xml",
        "demo/res_users_totp_demo.xml",
        "demo/mdd_workshop_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/mdd_trainer_unavailability_demo.xml",
        "demo/mdd_education_request_demo.xml",
        "demo/mdd_education_session_demo.xml",
        "demo/res_users_portal_demo.xml",
        "demo/mdd_portal_report_demo.xml",
        "demo/mdd_education_week_demo.xml",
        "demo/ir_cron_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "mdd_profile_drenthe/static/tests/tours/*.js",
        ],
    },
}
