/** @odoo-module **/
// A coordinator opens the dashboard from the menu and clicks the open
// reports of one stage through to the list of exactly those reports.
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("mdd_dashboard_tour", {
    steps: () => {
        let expected = null;
        return [
            {
                content: "Open the apps menu",
                trigger: ".o_navbar_apps_menu button",
                run: "click",
            },
            {
                content: "Open the Meldpunt app: it starts on the dashboard",
                trigger: ".o_app[data-menu-xmlid='mdd_meldpunt.menu_mdd_root']",
                run: "click",
            },
            {
                content: "The dashboard is a page: no new record, no save button",
                trigger: ".o_mdd_dashboard:not(:has(.o_form_button_save)) .o_mdd_chart_grounds canvas",
            },
            {
                content: "Every chart has a table of links; open the reports being handled",
                trigger: ".o_mdd_chart_stages .o_mdd_chart_link[data-label='In behandeling']",
                async run(helpers) {
                    expected = this.anchor.textContent.trim();
                    await helpers.click();
                },
            },
            {
                content: "The breadcrumb leads back to the dashboard",
                trigger: ".o_breadcrumb:contains(Dashboard):contains(Open meldingen per fase: In behandeling)",
            },
            {
                content: "The list holds as many reports as the dashboard said",
                trigger: ".o_list_view .o_data_row",
                run() {
                    const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
                    if (String(rows) !== expected) {
                        throw new Error(`${rows} reports in the list, ${expected} on the dashboard`);
                    }
                    const stages = [...document.querySelectorAll(".o_data_row td[name=stage_id]")];
                    if (stages.some((cell) => cell.textContent.trim() !== "In behandeling")) {
                        throw new Error("A report of another stage is in the list");
                    }
                },
            },
            {
                content: "Back to the dashboard",
                trigger: ".o_breadcrumb a:contains(Dashboard)",
                run: "click",
            },
            {trigger: ".o_mdd_dashboard .o_mdd_kpi_open"},
            {
                content: "Choose last year: the figures of that year",
                trigger: "select.o_mdd_dashboard_year",
                run: `select ${new Date().getFullYear() - 1}`,
            },
            {
                content: "Open the reports of that year",
                trigger: `.o_mdd_kpi_reports:contains(Meldingen ${new Date().getFullYear() - 1})`,
                run: "click",
            },
            {
                content: "Back on the dashboard, the chosen year is kept",
                trigger: ".o_breadcrumb a:contains(Dashboard)",
                run: "click",
            },
            {
                trigger: `.o_mdd_kpi_reports:contains(Meldingen ${new Date().getFullYear() - 1})`,
            },
        ];
    },
});
