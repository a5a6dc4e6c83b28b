/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Tours of the public report form, the status page and the portal.
// Elements are selected by name, id or class: the site speaks Dutch.

import { registry } from "@web/core/registry";

const STORE_KEY = "mdd_tour_receipt";

function daysAgo(days) {
    const date = new Date(Date.now() - days * 24 * 3600 * 1000);
    return date.toISOString().slice(0, 10);
}

function setValue(selector, value) {
    const el = document.querySelector(selector);
    el.value = value;
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("mdd_report_anonymous_tour", {
    url: "/melden",
    steps: () => [
        {
            content: "The form fits a phone: no horizontal scrolling",
            trigger: "form#mdd_report_form",
            run() {
                if (document.documentElement.scrollWidth > window.innerWidth + 1) {
                    throw new Error("The report form is wider than the phone screen.");
                }
            },
        },
        {
            content: "Describe what happened",
            trigger: "textarea[name='description']",
            run: "edit Bij de ingang van de disco werd ik geweigerd, mijn vrienden mochten wel naar binnen.",
        },
        {
            content: "Give the date",
            trigger: "input[name='incident_date']",
            run() {
                setValue("input[name='incident_date']", daysAgo(3));
            },
        },
        {
            content: "It happened online",
            trigger: "select[name='incident_municipality']",
            run: "select online",
        },
        {
            content: "Choose a ground",
            trigger: "input[name='ground_ids']:first",
            run: "click",
        },
        {
            content: "Choose a manifestation",
            trigger: "input[name='manifestation_ids']:first",
            run: "click",
        },
        {
            content: "It happened to me",
            trigger: "#role_victim",
            run: "click",
        },
        {
            content: "Add a screenshot (a small text file here)",
            trigger: "input[name='attachments']",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["Screenshot van het bericht"], "bewijs.txt", { type: "text/plain" })
                );
                const input = document.querySelector("input[name='attachments']");
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Stay anonymous",
            trigger: "#contact_no",
            run: "click",
        },
        {
            content: "The contact fields are hidden",
            trigger: "#contact_no:checked",
            run() {
                if (!document.querySelector("#contact_fields").classList.contains("d-none")) {
                    throw new Error("The contact fields stay visible for an anonymous report.");
                }
            },
        },
        {
            content: "Another municipality",
            trigger: "select[name='residence_municipality']",
            run: "select other",
        },
        {
            content: "Postcode",
            trigger: "input[name='postcode']",
            run: "edit 9401AB",
        },
        {
            content: "Age group",
            trigger: "select[name='age_group']",
            run: "select 30_44",
        },
        {
            content: "Consent to register",
            trigger: "#consent_register",
            run: "click",
        },
        {
            content: "Send the report",
            trigger: "#mdd_report_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Number and receipt code are shown; remember them",
            trigger: "#mdd_receipt_code",
            run() {
                const number = document.querySelector("#mdd_report_number").textContent.trim();
                const code = document.querySelector("#mdd_receipt_code").textContent.trim();
                if (!number || code.length < 20) {
                    throw new Error("No report number or receipt code on the thank-you page.");
                }
                window.sessionStorage.setItem(STORE_KEY, JSON.stringify({ number, code }));
            },
        },
        {
            content: "Go to the status page",
            trigger: "a#mdd_status_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Enter number and code",
            trigger: "form#mdd_status_form input[name='number']",
            run() {
                const { number, code } = JSON.parse(window.sessionStorage.getItem(STORE_KEY));
                setValue("form#mdd_status_form input[name='number']", number);
                setValue("form#mdd_status_form input[name='receipt_code']", code);
            },
        },
        {
            content: "Open the report",
            trigger: "#mdd_status_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The status is shown",
            trigger: "#mdd_status_stage",
            run() {
                const { number } = JSON.parse(window.sessionStorage.getItem(STORE_KEY));
                const shown = document.querySelector("#mdd_status_number").textContent.trim();
                if (shown !== number) {
                    throw new Error(`Status page shows ${shown}, expected ${number}.`);
                }
            },
        },
        {
            content: "Write a message",
            trigger: "textarea[name='message']",
            run: "edit Ik heb nog een foto van de portier.",
        },
        {
            content: "Send the message",
            trigger: "#mdd_message_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The message is confirmed and listed as mine",
            trigger: "#mdd_message_sent",
        },
        {
            trigger: ".o_mdd_message_mine:contains('Ik heb nog een foto van de portier.')",
            run() {
                window.sessionStorage.removeItem(STORE_KEY);
            },
        },
    ],
});

registry.category("web_tour.tours").add("mdd_report_portal_tour", {
    url: "/my/meldingen",
    steps: () => [
        {
            content: "Open my report",
            trigger: "a.o_mdd_portal_report_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The report page shows its status",
            trigger: "#mdd_portal_stage",
        },
        {
            content: "The bureau's public reply is shown",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('MDD-PUBLIC-REPLY')",
        },
        {
            content: "Internal notes are never shown",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run() {
                const root = document.querySelector("#chatterRoot").shadowRoot;
                if (root.textContent.includes("MDD-INTERNAL-NOTE")) {
                    throw new Error("An internal note is visible on the portal.");
                }
            },
        },
        {
            content: "Reply",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit Dank u, ik kan volgende week langskomen.",
        },
        {
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "My reply is listed",
            trigger:
                "#chatterRoot:shadow .o-mail-Message:contains('Dank u, ik kan volgende week langskomen.')",
        },
    ],
});
