/** @odoo-module **/
// The demo portal users log in through the login form and see their pages.
import {registry} from "@web/core/registry";

function logIn(login) {
    return [
        {trigger: "form.oe_login_form input[name=login]", run: `edit ${login}`},
        {trigger: "form.oe_login_form input[name=password]", run: `edit ${login}`},
        {
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

function assertAbsent(texts) {
    return function () {
        const root = document.querySelector("#chatterRoot");
        const shown = [document.body.innerText, root?.shadowRoot?.textContent || ""].join("\n");
        for (const text of texts) {
            if (shown.includes(text)) {
                throw new Error(`"${text}" is visible on the portal.`);
            }
        }
    };
}

registry.category("web_tour.tours").add("mdd_demo_portal_melder", {
    url: "/web/login",
    steps: () => [
        ...logIn("melder"),
        {
            content: "The portal home offers my reports",
            trigger: "a[href$='/my/meldingen']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My two reports are listed",
            trigger: "tr.o_mdd_portal_report:contains('Opmerkingen over mijn hoofddoek')",
        },
        {
            content: "Open the report about the rented house",
            trigger: "tr.o_mdd_portal_report:contains('Huurwoning geweigerd') a.o_mdd_portal_report_link",
            run: "click",
            expectUnloadPage: true,
        },
        {trigger: "#mdd_portal_stage"},
        {
            content: "The handler's public reply is shown",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('informatieblad')",
        },
        {
            content: "with the file sent along",
            trigger: "#chatterRoot:shadow .o-mail-AttachmentList:contains('Informatieblad melding')",
        },
        {
            content: "and my own answer",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('mijn vriendin om 15.15 uur')",
        },
        {
            content: "The internal note and its file are not shown",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: assertAbsent(["Interne notitie", "Notitie intern wederhoor", "wederhoor vragen"]),
        },
    ],
});

registry.category("web_tour.tours").add("mdd_demo_portal_school", {
    url: "/web/login",
    steps: () => [
        ...logIn("school"),
        {
            content: "The portal home offers our education sessions",
            trigger: "a[href$='/my/voorlichtingen']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Our evaluated, planned and confirmed sessions are listed",
            trigger: ".mdd_session_state_evaluated",
        },
        {trigger: ".mdd_session_state_planned"},
        {trigger: ".mdd_session_state_confirmed"},
        {
            content: "Open the confirmed session",
            trigger: "tr:has(.mdd_session_state_confirmed) a.mdd_session_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its page shows the period and the trainer",
            trigger: "#mdd_session_period",
        },
        {trigger: "#mdd_session_trainers:contains('Lotte Hendriks')"},
    ],
});

registry.category("web_tour.tours").add("mdd_demo_portal_gemeente", {
    url: "/web/login",
    steps: () => [
        ...logIn("gemeente-assen"),
        {
            content: "The portal home offers the figures",
            trigger: "a[href$='/my/cijfers']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The figures of Assen are shown",
            trigger: "h1:contains('Assen')",
        },
    ],
});
