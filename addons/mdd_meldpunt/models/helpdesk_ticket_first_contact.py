# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The first-contact deadline of a report, in working days.

A bureau promises to contact a complainant who wants contact within a number
of working days of the registration (``helpdesk.ticket.team``
``mdd_first_contact_days``, 10 by default). The days are counted on the
bureau's working hours (``resource.calendar``) and its leaves
(``resource.calendar.leaves`` without a resource: public holidays, which a
bureau's profile add-on ships). The day of registration does not count.

* The clock stops at the first handling action of a type that counts as
  contact (``mdd.action.type.counts_as_contact``).
* It pauses while the report is in a stage that pauses it
  (``helpdesk.ticket.stage.mdd_pauses_first_contact``, "Waiting for the
  complainant"): every working day after the day the pause started, up to
  and including the day it ended, is added to the deadline.
* A closed report has no running clock.

The deadline is stored (it depends on the registration, the bureau, the
pauses and the calendar, not on today); "overdue" compares it with today in
the bureau's time zone, in Python and in its search method alike, so the
filter is exact at any moment. A daily job reminds the assigned handler two
working days before the deadline.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz, utc_to_local

REMINDER_WORKING_DAYS = 2
# Search window when counting working days forward: calendars with very few
# working days still end within a year.
MAX_SEARCH_DAYS = 400


def working_days(calendar, after, until, tz_name):
    """The working days of ``calendar`` after the date ``after`` up to and
    including the date ``until``, as a sorted list of dates.

    A day is a working day when the calendar has working time on it that no
    leave without a resource (a public holiday) takes away.
    """
    if not calendar or until <= after:
        return []
    tz = pytz.timezone(tz_name)
    start = tz.localize(datetime.combine(after + timedelta(days=1), time.min))
    stop = tz.localize(datetime.combine(until + timedelta(days=1), time.min))
    intervals = calendar.sudo()._work_intervals_batch(start, stop, tz=tz)[False]
    return sorted({interval_start.astimezone(tz).date() for interval_start, __, __ in intervals})


def add_working_days(calendar, day, count, tz_name):
    """The date that is ``count`` working days after ``day`` (``day``
    itself not counted); False if the calendar has no working days."""
    if not calendar:
        return False
    found = []
    after = day
    while len(found) < count and (after - day).days < MAX_SEARCH_DAYS:
        until = after + timedelta(days=28)
        found += working_days(calendar, after, until, tz_name)
        after = until
    return found[count - 1] if len(found) >= count else False


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_first_contact_date = fields.Date(
        string="First contact",
        compute="_compute_mdd_first_contact_date",
        store=True,
        help="Date of the first handling action that counts as contact with the complainant.",
    )
    mdd_first_contact_deadline = fields.Date(
        string="First contact due",
        compute="_compute_mdd_first_contact_deadline",
        store=True,
        index=True,
        help="The last working day for the first contact with the complainant: "
        "the bureau's number of working days after registration, plus the "
        "working days the report waited for the complainant. Only for "
        "complainants who want to be contacted.",
    )
    mdd_first_contact_pause_start = fields.Date(
        string="Waiting for the complainant since", readonly=True, copy=False
    )
    mdd_first_contact_paused_days = fields.Integer(
        string="Working days waited for the complainant",
        readonly=True,
        copy=False,
        help="Working days the first-contact deadline was paused; they are added to the deadline.",
    )
    mdd_first_contact_state = fields.Selection(
        [
            ("none", "Not applicable"),
            ("running", "Running"),
            ("paused", "Paused"),
            ("done", "Contacted"),
            ("stopped", "Closed without contact"),
        ],
        string="First contact status",
        compute="_compute_mdd_first_contact_state",
    )
    mdd_first_contact_overdue = fields.Boolean(
        string="First contact overdue",
        compute="_compute_mdd_first_contact_state",
        search="_search_mdd_first_contact_overdue",
    )
    mdd_first_contact_color = fields.Integer(
        string="First contact colour",
        compute="_compute_mdd_first_contact_state",
        help="Kanban colour: red when the first contact is overdue.",
    )
    mdd_first_contact_reminded = fields.Date(
        string="First-contact reminder sent for",
        readonly=True,
        copy=False,
        help="The deadline the assigned handler was last reminded of.",
    )

    # ------------------------------------------------------------------
    # Computations
    # ------------------------------------------------------------------

    @api.depends("action_ids.date", "action_ids.type_id.counts_as_contact")
    def _compute_mdd_first_contact_date(self):
        for ticket in self:
            dates = ticket.action_ids.filtered("type_id.counts_as_contact").mapped("date")
            ticket.mdd_first_contact_date = min(dates) if dates else False

    @api.depends(
        "is_mdd_report",
        "create_date",
        "team_id",
        "complainant_id.consent_contact",
        "mdd_first_contact_paused_days",
    )
    def _compute_mdd_first_contact_deadline(self):
        tz_name = bureau_tz(self.env)
        for ticket in self:
            team = ticket.team_id.sudo()
            if not (
                ticket.is_mdd_report
                and ticket.sudo().complainant_id.consent_contact
                and team.mdd_first_contact_days > 0
            ):
                ticket.mdd_first_contact_deadline = False
                continue
            registered = ticket._mdd_registration_day(tz_name)
            ticket.mdd_first_contact_deadline = add_working_days(
                team._mdd_calendar(),
                registered,
                team.mdd_first_contact_days + ticket.mdd_first_contact_paused_days,
                tz_name,
            )

    @api.depends(
        "mdd_first_contact_deadline",
        "mdd_first_contact_date",
        "stage_id.closed",
        "stage_id.mdd_pauses_first_contact",
    )
    def _compute_mdd_first_contact_state(self):
        today = self._mdd_today()
        for ticket in self:
            if not ticket.mdd_first_contact_deadline:
                state = "none"
            elif ticket.mdd_first_contact_date:
                state = "done"
            elif ticket.stage_id.closed:
                state = "stopped"
            elif ticket.stage_id.mdd_pauses_first_contact:
                state = "paused"
            else:
                state = "running"
            ticket.mdd_first_contact_state = state
            overdue = state == "running" and ticket.mdd_first_contact_deadline < today
            ticket.mdd_first_contact_overdue = overdue
            ticket.mdd_first_contact_color = 1 if overdue else 0

    def _search_mdd_first_contact_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on first contact overdue."))
        domain = [
            ("mdd_first_contact_deadline", "!=", False),
            ("mdd_first_contact_deadline", "<", self._mdd_today()),
            ("mdd_first_contact_date", "=", False),
            ("stage_id.closed", "=", False),
            ("stage_id.mdd_pauses_first_contact", "=", False),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", *["&"] * (len(domain) - 1), *domain]

    @api.model
    def _mdd_today(self):
        """Today in the bureau's time zone."""
        return utc_to_local(fields.Datetime.now(), bureau_tz(self.env)).date()

    def _mdd_registration_day(self, tz_name):
        self.ensure_one()
        created = self.create_date or fields.Datetime.now()
        return utc_to_local(created, tz_name).date()

    # ------------------------------------------------------------------
    # Pauses: the stage "Waiting for the complainant"
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tz_name = bureau_tz(self.env)
        for ticket in tickets.filtered("stage_id.mdd_pauses_first_contact"):
            ticket.mdd_first_contact_pause_start = ticket._mdd_registration_day(tz_name)
        return tickets

    def write(self, vals):
        if "user_id" in vals and "mdd_first_contact_reminded" not in vals:
            # A new handler is reminded too (the open reminder moves to them).
            vals = {**vals, "mdd_first_contact_reminded": False}
        if "stage_id" not in vals:
            return super().write(vals)
        paused_before = {ticket: ticket.stage_id.mdd_pauses_first_contact for ticket in self}
        result = super().write(vals)
        today = self._mdd_today()
        tz_name = bureau_tz(self.env)
        for ticket in self:
            paused = ticket.stage_id.mdd_pauses_first_contact
            if paused and not paused_before[ticket]:
                ticket.mdd_first_contact_pause_start = today
            elif paused_before[ticket] and not paused:
                ticket._mdd_end_first_contact_pause(today, tz_name)
        return result

    def _mdd_end_first_contact_pause(self, today, tz_name):
        self.ensure_one()
        start = self.mdd_first_contact_pause_start
        if not start:
            return
        calendar = self.team_id.sudo()._mdd_calendar()
        waited = len(working_days(calendar, start, today, tz_name))
        self.write(
            {
                "mdd_first_contact_pause_start": False,
                "mdd_first_contact_paused_days": self.mdd_first_contact_paused_days + waited,
            }
        )

    # ------------------------------------------------------------------
    # Daily job
    # ------------------------------------------------------------------

    @api.model
    def _mdd_cron_first_contact(self):
        """Recompute the running deadlines (the calendar may have changed)
        and remind the assigned handlers two working days before them."""
        running = self.search(
            [
                ("is_mdd_report", "=", True),
                ("mdd_first_contact_date", "=", False),
                ("stage_id.closed", "=", False),
                ("complainant_id.consent_contact", "=", True),
            ]
        )
        self.env.add_to_compute(self._fields["mdd_first_contact_deadline"], running)
        running.flush_recordset(["mdd_first_contact_deadline"])
        running.filtered(
            lambda t: t.mdd_first_contact_state == "running"
        )._mdd_remind_first_contact()

    def _mdd_remind_first_contact(self):
        """An activity for the assigned handler of each report whose
        deadline is at most two working days away (or passed), once per
        deadline: a deadline that moved (after a pause) gets a new reminder."""
        today = self._mdd_today()
        tz_name = bureau_tz(self.env)
        activity_type = self.env.ref("mdd_meldpunt.mail_activity_type_first_contact")
        for ticket in self:
            deadline = ticket.mdd_first_contact_deadline
            if (
                not ticket.user_id
                or not deadline
                or ticket.mdd_first_contact_reminded == deadline
                or (deadline - today).days > MAX_SEARCH_DAYS
            ):
                continue
            calendar = ticket.team_id.sudo()._mdd_calendar()
            if len(working_days(calendar, today, deadline, tz_name)) > REMINDER_WORKING_DAYS:
                continue
            open_reminder = ticket.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if open_reminder:
                open_reminder.write({"date_deadline": deadline, "user_id": ticket.user_id.id})
            else:
                # No personal data in the summary: the assignment mail shows it.
                ticket.with_context(mail_activity_quick_update=True).activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=deadline,
                    user_id=ticket.user_id.id,
                    summary=self.env._("First contact due"),
                )
            ticket.mdd_first_contact_reminded = deadline
