/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Tour: a complainant turns the news mails off on their portal page.

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mdd_news_mail_off_tour", {
    steps: () => [
        {
            content: "The report page tells that news comes by email",
            trigger: "#mdd_news_mail",
        },
        {
            content: "Stop these emails",
            trigger: "#mdd_news_mail_off",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The page says the emails are off",
            trigger: "#mdd_news_mail_is_off",
            run() {
                if (document.querySelector("#mdd_news_mail_off")) {
                    throw new Error("The button to stop the emails is still shown.");
                }
            },
        },
    ],
});
