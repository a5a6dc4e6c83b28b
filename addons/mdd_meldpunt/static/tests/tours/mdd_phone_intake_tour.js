/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// A case handler takes a report by phone in the quick-intake dialog, reads
// the number back to the caller and opens the full form.
// Elements are selected by name or class: the handler's language is Dutch.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mdd_phone_intake_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open Meldpunt",
            trigger: ".o_app[data-menu-xmlid='mdd_meldpunt.menu_mdd_root']",
            run: "click",
        },
        {
            content: "Open the reports menu",
            trigger: ".o_menu_sections [data-menu-xmlid='mdd_meldpunt.menu_mdd_reports']",
            run: "click",
        },
        {
            content: "Start a report by phone",
            trigger: ".dropdown-item[data-menu-xmlid='mdd_meldpunt.menu_mdd_phone_intake']",
            run: "click",
        },
        {
            content: "Note what happened",
            trigger: ".modal .o_field_widget[name='description'] textarea",
            run: "edit MDD-PHONE-TOUR: de beller werd in de bus uitgescholden.",
        },
        {
            content: "It happened in Emmen",
            trigger: ".modal .o_field_widget[name='incident_municipality_id'] input",
            run: "edit Emmen",
        },
        {
            trigger: ".modal .o_field_widget[name='incident_municipality_id'] .dropdown-item:contains('Emmen')",
            run: "click",
        },
        {
            content: "The caller lives in Assen: the report stays at the handler's bureau",
            trigger: ".modal .o_field_widget[name='residence_municipality_id'] input",
            run: "edit Assen",
        },
        {
            trigger: ".modal .o_field_widget[name='residence_municipality_id'] .dropdown-item:contains('Assen')",
            run: "click",
        },
        {
            content: "The caller's name",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Jan Beller",
        },
        {
            content: "The caller's phone number",
            trigger: ".modal .o_field_widget[name='phone'] input",
            run: "edit 0592 123 456",
        },
        {
            content: "The caller agrees to be contacted",
            trigger: ".modal .o_field_widget[name='consent_contact'] input",
            run: "click",
        },
        {
            content: "Register the report",
            trigger: ".modal button[name='action_create_report']",
            run: "click",
        },
        {
            content: "The number to read back is shown",
            trigger: ".modal .mdd_phone_intake_read_back .mdd_phone_intake_number span:not(:empty)",
        },
        {
            content: "With what happens next",
            trigger: ".modal .mdd_phone_intake_read_back li",
        },
        {
            content: "Open the full form",
            trigger: ".modal button[name='action_open_report']",
            run: "click",
        },
        {
            content: "The report's form, source phone",
            trigger: ".o_form_view .o_field_widget[name='report_source'] select, .o_form_view .o_field_widget[name='report_source']",
        },
        {
            trigger: ".o_form_view:not(:has(.modal))",
        },
    ],
});
