/** @odoo-module **/
// A demo MDD staff member logs in through the login form and opens both apps.
import {registry} from "@web/core/registry";

function openApp(xmlid) {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: `Open ${xmlid}`,
            trigger: `.o_app[data-menu-xmlid='${xmlid}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("mdd_foundation_login_menus", {
    url: "/web/login",
    steps: () => [
        {trigger: "form.oe_login_form input[name=login]", run: "edit coordinator"},
        {trigger: "form.oe_login_form input[name=password]", run: "edit coordinator"},
        {
            trigger: "form.oe_login_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        ...openApp("mdd_meldpunt.menu_mdd_root"),
        {
            content: "The Meldpunt app shows its reports",
            trigger: ".o_main_navbar .o_menu_brand:contains(Meldpunt)",
        },
        // Coordinators land on the dashboard (issue 6), case handlers on reports.
        {
            trigger:
                ".o_kanban_renderer .o_kanban_record:not(.o_kanban_ghost), .o_mdd_dashboard .o_mdd_kpi",
        },
        ...openApp("mdd_voorlichting.menu_voorlichting_root"),
        {
            content: "The Voorlichting app is open",
            trigger: ".o_main_navbar .o_menu_brand:contains(Voorlichting)",
        },
        {trigger: ".o_action_manager .o_view_controller"},
    ],
});
