/** @odoo-module **/
// Calendar of education sessions. The trainer filters are the Calendar app's
// attendee filters (calendar.filters); they start on "Everybody's calendars"
// so a planner sees all trainers at once. Trainers only read their own
// sessions anyway (record rules).
import {registry} from "@web/core/registry";
import {calendarView} from "@web/views/calendar/calendar_view";
import {CalendarModel} from "@web/views/calendar/calendar_model";

export class MddSessionCalendarModel extends CalendarModel {
    setup(params, services) {
        super.setup(params, services);
        for (const filterInfo of Object.values(this.meta.filtersInfo || {})) {
            if (filterInfo.writeResModel && !(filterInfo.label in this.meta.allFilter)) {
                this.meta.allFilter[filterInfo.label] = true;
            }
        }
    }
}

registry.category("views").add("mdd_session_calendar", {
    ...calendarView,
    Model: MddSessionCalendarModel,
});
