/** @odoo-module **/
// The whole flow of an education session, in four tours run one after the
// other by test_tour.py (each as another person): an organisation requests a
// session on the public page, the planner plans it with a trainer, the
// organisation confirms it in the portal, and evaluates it afterwards through
// the link in the evaluation mail. Public pages are Dutch: steps select by
// name, id or CSS, never by translatable text.
import {registry} from "@web/core/registry";

function inDays(days) {
    return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

function setDate(value) {
    return function () {
        this.anchor.value = value;
        this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
    };
}

const form = "form#mdd_voorlichting_request_form";

registry.category("web_tour.tours").add("mdd_voorlichting_request", {
    steps: () => [
        {trigger: `${form} input[name=organisation_name]`, run: "edit Tourschool Assen"},
        {trigger: `${form} select[name=organisation_type]`, run: "select secondary_school"},
        {trigger: `${form} select[name=municipality_id]`, run: "selectByLabel Assen"},
        {trigger: `${form} input[name=contact_name]`, run: "edit Toos Tour"},
        {trigger: `${form} input[name=email]`, run: "edit toos.tour@example.org"},
        {trigger: `${form} input[name=phone]`, run: "edit 0592 123 456"},
        {trigger: `${form} select[name=audience_id]`, run: "selectByIndex 2"},
        {trigger: `${form} input[name=participant_count]`, run: "edit 24"},
        {trigger: `${form} input[name=window_1_from]`, run: setDate(inDays(21))},
        {trigger: `${form} input[name=window_1_to]`, run: setDate(inDays(28))},
        {trigger: `${form} select[name=window_1_daypart]`, run: "select morning"},
        {trigger: `${form} textarea[name=remarks]`, run: "edit Klas 3B, digibord aanwezig."},
        {trigger: `${form} #mdd_request_submit`, run: "click", expectUnloadPage: true},
        {
            content: "The thank-you page shows the reference",
            trigger: ".mdd_request_thanks #mdd_request_reference",
        },
    ],
});

registry.category("web_tour.tours").add("mdd_voorlichting_plan", {
    steps: () => [
        {
            content: "Open the new request",
            trigger: ".o_kanban_record:contains(Tourschool Assen)",
            run: "click",
        },
        {
            content: "Plan it: a prefilled draft session opens",
            trigger: ".o_form_view button[name=action_plan_sessions]",
            run: "click",
        },
        {trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=draft]"},
        {
            content: "Assign the trainer",
            trigger: ".o_form_view .o_field_widget[name=trainer_ids] input",
            run: "edit Tim Trainer",
        },
        {trigger: ".o-autocomplete--dropdown-item:contains(Tim Trainer)", run: "click"},
        {trigger: ".o_form_view .o_field_widget[name=trainer_ids]:contains(Tim Trainer)"},
        {
            content: "Plan the session",
            trigger: ".o_form_view button[name=action_plan]",
            run: "click",
        },
        {
            content: "The session is planned",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=planned]",
        },
    ],
});

registry.category("web_tour.tours").add("mdd_voorlichting_portal_confirm", {
    steps: () => [
        {
            content: "Open the education sessions from the portal home",
            trigger: "a[href$='/my/voorlichtingen']",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: "a.mdd_session_link", run: "click", expectUnloadPage: true},
        {trigger: "#mdd_session_trainers:contains(Tim Trainer)"},
        {trigger: "#mdd_session_confirm", run: "click", expectUnloadPage: true},
        {trigger: "#mdd_session_confirmed"},
        {trigger: ".mdd_session_state_confirmed"},
    ],
});

registry.category("web_tour.tours").add("mdd_voorlichting_evaluate", {
    steps: () => [
        {trigger: "form#evaluation label[for=rating_5]", run: "click"},
        {trigger: "form#evaluation textarea[name=went_well]", run: "edit Heel leerzaam voor de klas."},
        {trigger: "form#evaluation textarea[name=improve]", run: "edit Iets meer tijd."},
        {trigger: "form#evaluation input[name=participants]", run: "edit 23"},
        {trigger: "#mdd_evaluation_submit", run: "click", expectUnloadPage: true},
        {trigger: "#mdd_evaluation_thanks"},
        {trigger: ".mdd_session_state_evaluated"},
    ],
});
