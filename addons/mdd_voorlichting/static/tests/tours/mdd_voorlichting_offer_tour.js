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
