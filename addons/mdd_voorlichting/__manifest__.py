# Copyright 2026 Meldpunt Discriminatie Drenthe contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Voorlichting (education sessions)",
    "summary": "Workshop catalogue, requests from organisations and sessions "
    "planned with trainers in their calendars",
    "version": "18.0.1.1.0",
    "category": "Services",
    "website": "https://github.com/mdd-drenthe/mdd-odoo",
    "author": "Meldpunt Discriminatie Drenthe contributors",
    "maintainers": ["mdd-drenthe"],
    "license": "AGPL-3",
    "application": True,
    "depends": ["mdd_base", "calendar", "resource", "website", "portal", "survey"],
    "data": [
        "security/mdd_voorlichting_security.xml",
        "security/ir.model.access.csv",
        "security/mdd_voorlichting_evaluation_security.xml",
        "data/mdd_audience_data.xml",
        "data/ir_sequence_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "data/website_menu_data.xml",
        "data/survey_data.xml",
        "data/mail_template_evaluation_data.xml",
        "views/mdd_audience_views.xml",
        "views/mdd_workshop_views.xml",
        "views/mdd_education_session_views.xml",
        "views/mdd_education_request_views.xml",
        "views/mdd_trainer_unavailability_views.xml",
        "wizards/mdd_education_request_decline_views.xml",
        "wizards/mdd_education_session_cancel_views.xml",
        "views/res_config_settings_views.xml",
        "views/website_templates.xml",
        "views/portal_templates.xml",
        "views/mdd_voorlichting_menus.xml",
        "views/mdd_voorlichting_evaluation_views.xml",
        "views/website_evaluation_templates.xml",
        "report/mdd_education_session_attendance.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "mdd_voorlichting/static/src/views/*.js",
        ],
        "web.assets_tests": [
            "mdd_voorlichting/static/tests/tours/*.js",
        ],
    },
}
