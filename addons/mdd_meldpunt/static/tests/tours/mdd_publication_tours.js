/** @odoo-module **/
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
// Tours of the Wga publications: a coordinator previews and publishes a
// year; a municipal official downloads the published file on the portal.

import { registry } from "@web/core/registry";

const YEAR = "2025";

registry.category("web_tour.tours").add("mdd_publication_coordinator_tour", {
    steps: () => [
        {
            content: "Choose the year to publish",
            trigger: ".o_field_widget[name='year'] input",
            run: `edit ${YEAR}`,
        },
        {
            content: "Leave the field: the preview follows the year",
            trigger: ".modal-title, .o_form_view h1",
            run: "click",
        },
        {
            content: "The preview shows the row of Assen as it will be frozen",
            trigger: ".o_mdd_publication_preview tr[data-cbs_code='GM0106'][data-action='new']:contains(Assen)",
        },
        {
            content: "Publish all municipalities",
            trigger: "button[name='action_publish']",
            run: "click",
        },
        {
            content: "The publications of the year are listed",
            trigger: ".o_list_view .o_group_name:contains(" + YEAR + ")",
        },
    ],
});

registry.category("web_tour.tours").add("mdd_publication_official_tour", {
    url: "/my/cijfers",
    steps: () => [
        {
            content: "The published figures of the municipality",
            trigger: `.o_mdd_portal_figures tr.o_mdd_figures_row[data-year='${YEAR}']`,
        },
        {
            content: "The replaced version is marked as such",
            trigger: ".o_mdd_publication[data-state='withdrawn'] .o_mdd_replaced",
        },
        {
            content: "Download the CSV of the current version",
            trigger: `tr.o_mdd_figures_row[data-year='${YEAR}'] a.o_mdd_download_csv`,
            async run() {
                const link = document.querySelector(
                    `tr.o_mdd_figures_row[data-year='${YEAR}'] a.o_mdd_download_csv`
                );
                const response = await fetch(link.getAttribute("href"));
                const text = await response.text();
                if (!response.ok || !text.startsWith("cbs_code,gemeente,jaar")) {
                    throw new Error(`The CSV could not be downloaded (${response.status}).`);
                }
                document.body.classList.add("o_mdd_downloaded");
            },
        },
        {
            content: "Downloaded",
            trigger: "body.o_mdd_downloaded",
        },
    ],
});
