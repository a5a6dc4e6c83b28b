/** @odoo-module **/
// An Emmen case handler hands a report of an Assen resident over to the
// Drenthe bureau, from the report form.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mdd_report_handover_tour", {
    steps: () => [
        {
            content: "The form says which bureau the report belongs to",
            trigger: ".o_mdd_route_other_bureau:contains(Testmeldpunt Drenthe)",
        },
        {
            content: "Open the handover",
            trigger: ".o_form_view button[name=action_mdd_open_handover]",
            run: "click",
        },
        {
            content: "The routing proposes the Drenthe bureau",
            trigger: ".modal div[name=team_id] input:value(Testmeldpunt Drenthe)",
        },
        {
            content: "Without the complainant's consent there is no handover button",
            trigger: ".modal footer:not(:has(button[name=action_hand_over]))",
        },
        {trigger: ".modal div[name=reason] textarea", run: "edit Woont in Assen"},
        {trigger: ".modal div[name=consent] input", run: "click"},
        {trigger: ".modal button[name=action_hand_over]", run: "click"},
        {
            content: "Handed over; back at the reports",
            trigger: ".o_notification:contains(Testmeldpunt Drenthe)",
        },
        {trigger: ".o_action_manager .o_view_controller:not(.o_form_view)"},
    ],
});

// A coordinator sees an overdue first contact in red, in the kanban and the
// list, and filters on it.
registry.category("web_tour.tours").add("mdd_first_contact_overdue_tour", {
    steps: () => [
        {
            content: "The overdue report is red in the kanban",
            trigger: ".o_kanban_record:contains(Te laat gebeld) .o_mdd_first_contact.text-danger",
        },
        {
            content: "The report in time is not",
            trigger: ".o_kanban_record:contains(Net binnen) .o_mdd_first_contact:not(.text-danger)",
        },
        {trigger: ".o_switch_view.o_list", run: "click"},
        {
            content: "The overdue report is red in the list",
            trigger: ".o_data_row.text-danger:contains(Te laat gebeld)",
        },
        {trigger: ".o_data_row:not(.text-danger):contains(Net binnen)"},
        {trigger: ".o_searchview_dropdown_toggler", run: "click"},
        {trigger: ".o_filter_menu .o_menu_item:contains(First contact overdue)", run: "click"},
        {
            content: "The filter keeps the overdue report only",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(Net binnen))) .o_data_row:contains(Te laat gebeld)",
        },
    ],
});
