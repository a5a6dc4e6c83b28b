/** @odoo-module **/
// The organisation's contact opens the link of the slot offer mail on a
// phone (test_offer_http.py runs it in a phone-sized browser, without an
// account) and picks the Wednesday afternoon. Public pages are Dutch: steps
// select by id, class or time, never by translatable text.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mdd_voorlichting_offer_choose", {
    steps: () => [
        {
            content: "The page is shown at phone width",
            trigger: ".mdd_offer_page",
            run() {
                if (window.innerWidth > 576) {
                    throw new Error(`Not a phone-sized window: ${window.innerWidth}px`);
                }
            },
        },
        {trigger: "form.mdd_offer_slot:contains(13:30) .mdd_offer_slot_period"},
        {
            content: "Choose Wednesday 13:30",
            trigger: "form.mdd_offer_slot:contains(13:30) button.mdd_offer_choose",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: "#mdd_offer_chosen #mdd_offer_chosen_period:contains(13:30)"},
        {trigger: "a#mdd_offer_session_link"},
    ],
});

// The planner offers two times for a new request and sends the link.
function addTime(start) {
    return [
        {
            content: `Add the time ${start}`,
            trigger: ".o_field_widget[name=slot_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=slot_ids] .o_selected_row .o_field_widget[name=start] input",
            run: `edit ${start}`,
        },
        {
            trigger: ".o_field_widget[name=slot_ids] .o_selected_row .o_field_widget[name=trainer_ids] input",
            run: "edit Tim Trainer",
        },
        {trigger: ".o-autocomplete--dropdown-item:contains(Tim Trainer)", run: "click"},
        {
            trigger:
                ".o_field_widget[name=slot_ids] .o_selected_row .o_field_widget[name=trainer_ids]:contains(Tim Trainer)",
        },
        {content: "Leave the line", trigger: ".o_form_view .oe_title", run: "click"},
        {
            trigger: `.o_field_widget[name=slot_ids] .o_data_row:not(.o_selected_row):contains(${start.slice(0, 10)})`,
        },
    ];
}

registry.category("web_tour.tours").add("mdd_voorlichting_offer_send", {
    steps: () => [
        {
            content: "Open the new request",
            trigger: ".o_kanban_record:contains(Testschool Assen)",
            run: "click",
        },
        {
            content: "Offer times",
            trigger: ".o_form_view button[name=action_offer_slots]",
            run: "click",
        },
        {trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=draft]"},
        ...addTime("03/04/2031 09:00:00"),
        ...addTime("03/05/2031 13:30:00"),
        {
            content: "Send it to the organisation",
            trigger: ".o_form_view button[name=action_send]",
            run: "click",
        },
        {
            content: "The offer is sent",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=sent]",
        },
    ],
});
