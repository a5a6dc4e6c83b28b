# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime, format_time

_logger = logging.getLogger(__name__)

# MDD works in Drenthe: times shown to organisations, and the times proposed
# from a request's preferred dates, are in Dutch local time. Datetimes are
# stored in UTC, as everywhere in Odoo.
LOCAL_TZ = "Europe/Amsterdam"

SESSION_STATES = [
    ("draft", "Draft"),
    ("planned", "Planned"),
    ("confirmed", "Confirmed"),
    ("done", "Given"),
    ("evaluated", "Evaluated"),
    ("cancelled", "Cancelled"),
]
# A session in these states blocks its trainers.
BLOCKING_STATES = ("planned", "confirmed")
# A session in these states has an event in the trainers' calendars.
CALENDAR_STATES = ("planned", "confirmed", "done", "evaluated")
# Changes of these fields are copied to the calendar event.
CALENDAR_FIELDS = {
    "name",
    "workshop_id",
    "partner_id",
    "contact_id",
    "location",
    "start",
    "stop",
    "trainer_ids",
    "state",
    "participant_count",
    "audience_id",
    "trainer_notes",
    "user_id",
}
# Trainers may fill in these fields of their own sessions; planners do the rest.
TRAINER_WRITABLE_FIELDS = {"participant_count_actual", "trainer_notes"}

RATINGS = [
    ("1", "1 - Poor"),
    ("2", "2 - Fair"),
    ("3", "3 - Good"),
    ("4", "4 - Very good"),
    ("5", "5 - Excellent"),
]
MAX_PORTAL_TEXT = 2000
MAX_PARTICIPANTS = 1000


def local_to_utc(value, tz_name=LOCAL_TZ):
    """Convert a naive local datetime to the naive UTC datetime Odoo stores.

    An ambiguous time (the hour repeated when summer time ends) is read as
    standard time; a non-existent time (skipped when it starts) is shifted.
    """
    tz = pytz.timezone(tz_name)
    return tz.normalize(tz.localize(value, is_dst=False)).astimezone(pytz.utc).replace(tzinfo=None)


def utc_to_local(value, tz_name=LOCAL_TZ):
    """Convert a naive UTC datetime to a naive local datetime."""
    return pytz.utc.localize(value).astimezone(pytz.timezone(tz_name)).replace(tzinfo=None)


def local_day_start_utc(day, tz_name=LOCAL_TZ):
    """Naive UTC datetime of local midnight at the start of ``day``."""
    return local_to_utc(datetime.combine(day, time.min), tz_name)


class MddEducationSession(models.Model):
    _name = "mdd.education.session"
    _description = "Education session"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True
    # Trainers can post in the chatter of the sessions they can read.
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Planner",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    workshop_id = fields.Many2one(
        "mdd.workshop", required=True, index=True, tracking=True, ondelete="restrict"
    )
    request_id = fields.Many2one("mdd.education.request", index=True, ondelete="set null")
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    contact_id = fields.Many2one(
        "res.partner",
        index=True,
        tracking=True,
        help="Receives the invitation, the confirmation link and the evaluation request.",
    )
    municipality_id = fields.Many2one("mdd.municipality", required=True, index=True, tracking=True)
    location = fields.Char(tracking=True, help="Address and room of the session.")
    start = fields.Datetime(required=True, index=True, tracking=True)
    stop = fields.Datetime(
        string="End",
        required=True,
        index=True,
        tracking=True,
        compute="_compute_stop",
        store=True,
        readonly=False,
        precompute=True,
        help="By default the start plus the duration of the workshop.",
    )
    trainer_ids = fields.Many2many(
        "res.users",
        "mdd_education_session_trainer_rel",
        "session_id",
        "user_id",
        string="Trainers",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("mdd_voorlichting.group_trainer").ids),
        ],
        tracking=True,
    )
    trainer_partner_ids = fields.Many2many(
        "res.partner",
        string="Trainer calendars",
        compute="_compute_trainer_partner_ids",
        search="_search_trainer_partner_ids",
        help="The trainers' contacts, for the calendar filters shared with the Calendar app.",
    )
    trainers_needed = fields.Selection(related="workshop_id.trainers_needed")
    audience_id = fields.Many2one("mdd.audience", index=True)
    participant_count = fields.Integer(string="Planned participants")
    participant_count_actual = fields.Integer(string="Actual participants", tracking=True)
    trainer_notes = fields.Text(string="Notes for trainers")
    state = fields.Selection(
        SESSION_STATES,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar event",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    conflict_warning = fields.Text(
        compute="_compute_conflict_warning",
        help="Other sessions, busy calendar events or unavailability of the "
        "trainers at the same time.",
    )
    period_display = fields.Char(string="Date and time", compute="_compute_period_display")
    cancel_deadline = fields.Datetime(
        compute="_compute_cancel_deadline",
        help="Until this moment the organisation can cancel the session online.",
    )
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    evaluation_requested = fields.Boolean(copy=False, readonly=True)
    evaluation_rating = fields.Selection(RATINGS, string="Rating", copy=False, tracking=True)
    evaluation_good = fields.Text(string="What went well", copy=False)
    evaluation_improve = fields.Text(string="What could be better", copy=False)
    evaluation_date = fields.Datetime(string="Evaluated on", copy=False, readonly=True)
    cancel_reason = fields.Text(copy=False, tracking=True)
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "participants_positive",
            "CHECK(participant_count >= 0 AND participant_count_actual >= 0)",
            "The number of participants cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("workshop_id.name", "partner_id.name")
    def _compute_name(self):
        for session in self:
            parts = [session.workshop_id.name, session.partner_id.name]
            session.name = " - ".join(part for part in parts if part) or False

    @api.depends("start", "workshop_id")
    def _compute_stop(self):
        for session in self:
            if session.start and session.workshop_id:
                session.stop = session.start + timedelta(hours=session.workshop_id.duration)
            elif session.start and not session.stop:
                session.stop = session.start

    @api.depends("trainer_ids.partner_id")
    def _compute_trainer_partner_ids(self):
        for session in self:
            session.trainer_partner_ids = session.trainer_ids.partner_id

    def _search_trainer_partner_ids(self, operator, value):
        return [("trainer_ids.partner_id", operator, value)]

    @api.depends("trainer_ids", "start", "stop", "state")
    def _compute_conflict_warning(self):
        for session in self:
            if session.state not in ("draft", *BLOCKING_STATES):
                session.conflict_warning = False
                continue
            conflicts = self._find_trainer_conflicts(
                session.trainer_ids._origin,
                session.start,
                session.stop,
                exclude_sessions=session._origin,
            )
            session.conflict_warning = "\n".join(c["message"] for c in conflicts) or False

    @api.depends("start", "stop")
    @api.depends_context("lang")
    def _compute_period_display(self):
        for session in self:
            session.period_display = self._format_period(session.start, session.stop)

    @api.depends("start")
    def _compute_cancel_deadline(self):
        days = self._get_cancel_deadline_days()
        for session in self:
            session.cancel_deadline = session.start and session.start - timedelta(days=days)

    @api.depends("state")
    def _compute_color(self):
        colors = {"draft": 0, "planned": 4, "confirmed": 10, "done": 7, "evaluated": 8}
        for session in self:
            session.color = colors.get(session.state, 1)

    def _compute_access_url(self):
        for session in self:
            session.access_url = f"/my/voorlichtingen/{session.id}"

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_cancel_deadline_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mdd_voorlichting.cancel_deadline_days", "7")
        )
        try:
            return max(int(value), 0)
        except ValueError:
            return 7

    @api.model
    def _format_period(self, start, stop, tz=LOCAL_TZ):
        """Human readable local period, e.g. "Tuesday 3 March 2026, 09:00 - 10:30"."""
        if not start:
            return ""
        day = format_datetime(self.env, start, tz=tz, dt_format="EEEE d MMMM y, HH:mm")
        if not stop:
            return day
        if utc_to_local(start, tz).date() == utc_to_local(stop, tz).date():
            return f"{day} - {format_time(self.env, stop, tz=tz, time_format='HH:mm')}"
        end = format_datetime(self.env, stop, tz=tz, dt_format="EEEE d MMMM y, HH:mm")
        return f"{day} - {end}"

    def _is_planner(self):
        user = self.env.user
        return (
            self.env.su or user._is_superuser() or user.has_group("mdd_voorlichting.group_planner")
        )

    # ------------------------------------------------------------------
    # Conflicts
    # ------------------------------------------------------------------
    @api.model
    def _find_trainer_conflicts(self, trainers, start, stop, exclude_sessions=None, limit=20):
        """Everything that keeps ``trainers`` busy between ``start`` and ``stop``.

        Looks at planned and confirmed sessions, busy calendar events, trainer
        unavailability periods and leaves (``resource.calendar.leaves`` of the
        trainer's resource, e.g. validated time off). Periods that only touch
        (one ends when the other starts) do not clash. Each kind is one indexed
        search on start/stop, whatever the number of sessions.

        :return: list of dicts with ``trainer``, ``record`` and ``message``
        """
        if not trainers or not start or not stop or start >= stop:
            return []
        conflicts = []
        # Messages are read in the backend: in the user's time zone.
        tz = self.env.user.tz or LOCAL_TZ

        def period(begin, end):
            return self._format_period(begin, end, tz=tz)

        def add(trainer, record, message):
            conflicts.append({"trainer": trainer, "record": record, "message": message})

        domain = [
            ("trainer_ids", "in", trainers.ids),
            ("state", "in", BLOCKING_STATES),
            ("start", "<", stop),
            ("stop", ">", start),
        ]
        if exclude_sessions and exclude_sessions.ids:
            domain.append(("id", "not in", exclude_sessions.ids))
        for other in self.sudo().search(domain, order="start", limit=limit):
            for trainer in other.trainer_ids & trainers:
                add(
                    trainer,
                    other,
                    self.env._(
                        "%(trainer)s is already in session %(session)s (%(period)s).",
                        trainer=trainer.name,
                        session=other.name,
                        period=period(other.start, other.stop),
                    ),
                )

        periods = (
            self.env["mdd.trainer.unavailability"]
            .sudo()
            .search(
                [("user_id", "in", trainers.ids), ("start", "<", stop), ("stop", ">", start)],
                order="start",
                limit=limit,
            )
        )
        for unavailable in periods:
            add(
                unavailable.user_id,
                unavailable,
                self.env._(
                    "%(trainer)s is unavailable (%(reason)s) during %(period)s.",
                    trainer=unavailable.user_id.name,
                    reason=unavailable.display_name,
                    period=period(unavailable.start, unavailable.stop),
                ),
            )

        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", trainers.ids),
                    ("date_from", "<", stop),
                    ("date_to", ">", start),
                ],
                order="date_from",
                limit=limit,
            )
        )
        for leave in leaves:
            add(
                leave.resource_id.user_id,
                leave,
                self.env._(
                    "%(trainer)s is on leave (%(reason)s) during %(period)s.",
                    trainer=leave.resource_id.user_id.name,
                    reason=leave.name or self.env._("time off"),
                    period=period(leave.date_from, leave.date_to),
                ),
            )

        # Busy calendar events of the trainers, except the events of sessions
        # (sessions are checked above, with their own states).
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", trainers.partner_id.ids),
                    ("state", "!=", "declined"),
                    ("event_id.active", "=", True),
                    ("event_id.show_as", "=", "busy"),
                    ("event_id.start", "<", stop),
                    ("event_id.stop", ">", start),
                    ("event_id.res_model", "!=", self._name),
                ],
                limit=limit,
            )
        )
        for attendee in attendees:
            event = attendee.event_id
            # Do not reveal the subject of someone's private appointment.
            subject = (
                self.env._("a private appointment")
                if event._check_private_event_conditions()
                else event.name
            )
            for trainer in trainers.filtered(lambda u, a=attendee: u.partner_id == a.partner_id):
                add(
                    trainer,
                    event,
                    self.env._(
                        "%(trainer)s has a busy calendar event %(event)s (%(period)s).",
                        trainer=trainer.name,
                        event=subject,
                        period=period(event.start, event.stop),
                    ),
                )
        return conflicts

    def _lock_trainer_bookings(self, trainers):
        """Book ``trainers`` one transaction at a time.

        Two planners (or two requests) may plan sessions of the same trainer
        at the same moment; each transaction sees only its own new session,
        so both conflict checks would pass. Touching the trainers' rows makes
        the second transaction wait for the first one, then fail with a
        serialisation error; Odoo retries it, and the retry sees the first
        booking and refuses the clash.
        """
        if trainers:
            self.env.cr.execute(
                "UPDATE res_users SET write_date = write_date WHERE id IN %s",
                [tuple(sorted(trainers.ids))],
            )

    @api.constrains("trainer_ids", "start", "stop", "state")
    def _check_trainer_conflicts(self):
        if self.env.context.get("mdd_booking_unchanged"):
            return
        blocking = self.filtered(lambda s: s.state in BLOCKING_STATES)
        self._lock_trainer_bookings(blocking.trainer_ids)
        for session in blocking:
            conflicts = self._find_trainer_conflicts(
                session.trainer_ids, session.start, session.stop, exclude_sessions=session
            )
            if conflicts:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s cannot be planned at this time:\n%(conflicts)s",
                        session=session.name,
                        conflicts="\n".join(c["message"] for c in conflicts),
                    )
                )

    @api.constrains("start", "stop")
    def _check_dates(self):
        for session in self:
            if session.start and session.stop and session.stop <= session.start:
                raise ValidationError(
                    self.env._(
                        "The session %(session)s must end after it starts.", session=session.name
                    )
                )

    @api.constrains("trainer_ids")
    def _check_trainers_are_trainers(self):
        for session in self:
            for trainer in session.trainer_ids:
                if not trainer.has_group("mdd_voorlichting.group_trainer"):
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a trainer and cannot give session %(session)s.",
                            user=trainer.name,
                            session=session.name,
                        )
                    )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._subscribe_trainers()
        sessions._sync_calendar_event()
        return sessions

    def write(self, vals):
        if not self._is_planner():
            forbidden = set(vals) - TRAINER_WRITABLE_FIELDS
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Only planners can change the planning of a session (fields: %(fields)s).",
                        fields=", ".join(sorted(forbidden)),
                    )
                )
        if "start" in vals and "reminder_sent" not in vals:
            vals = dict(vals, reminder_sent=False)
        sessions = self
        if set(vals) == {"state"} and all(
            state in BLOCKING_STATES for state in (vals["state"], *self.mapped("state"))
        ):
            # Planned <-> confirmed: the trainers stay booked as they were
            # checked when planned. Not checking again keeps other people's
            # calendars out of the organisation's confirmation.
            sessions = self.with_context(mdd_booking_unchanged=True)
        result = super(MddEducationSession, sessions).write(vals)
        if "trainer_ids" in vals:
            self._subscribe_trainers()
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_event()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_given(self):
        given = self.filtered(lambda s: s.state in ("done", "evaluated"))
        if given:
            raise UserError(
                self.env._(
                    "Session %(session)s was given and counts in the figures; it cannot be "
                    "deleted.",
                    session=given[0].name,
                )
            )

    def unlink(self):
        events = self.sudo().calendar_event_id
        result = super().unlink()
        events.exists().unlink()
        return result

    def _subscribe_trainers(self):
        for session in self:
            partners = session.trainer_ids.partner_id - session.message_partner_ids
            if partners:
                session.sudo().message_subscribe(partner_ids=partners.ids)

    # ------------------------------------------------------------------
    # Calendar
    # ------------------------------------------------------------------
    def _prepare_calendar_event_values(self):
        self.ensure_one()
        lines = [
            (self.env._("Organisation"), self.partner_id.name),
            (self.env._("Contact"), self.contact_id.name),
            (self.env._("Phone"), self.contact_id.phone),
            (self.env._("Email"), self.contact_id.email),
            (self.env._("Audience"), self.audience_id.name),
            (self.env._("Planned participants"), self.participant_count or ""),
            (self.env._("Notes for trainers"), self.trainer_notes),
        ]
        description = Markup("").join(
            Markup("<p><strong>%s</strong>: %s</p>") % (label, value)
            for label, value in lines
            if value
        )
        return {
            "name": self.env._("Voorlichting: %(session)s", session=self.name),
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "location": self.location,
            "description": description,
            "partner_ids": [fields.Command.set(self.trainer_ids.partner_id.ids)],
            "user_id": (self.user_id or self.env.user).id,
            "show_as": "busy",
        }

    def _sync_calendar_event(self):
        """Keep one calendar event per session, with the trainers as attendees.

        Planned, confirmed, given and evaluated sessions have an event; draft
        and cancelled sessions have none. Calendar's own invitation mails are
        not sent: trainers are assigned by the planner, and are told by the
        session's messages and the reminder.
        """
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                dont_notify=True,
                tracking_disable=True,
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
            )
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for session in self:
            event = Event.browse(session.sudo().calendar_event_id.id)
            if session.state in CALENDAR_STATES and session.start and session.stop:
                values = session._prepare_calendar_event_values()
                if event:
                    event.write(values)
                else:
                    event = Event.create(dict(values, res_model_id=model_id, res_id=session.id))
                    session.sudo().write({"calendar_event_id": event.id})
                event.attendee_ids.filtered(lambda a: a.state == "needsAction").write(
                    {"state": "accepted"}
                )
            elif event:
                session.sudo().write({"calendar_event_id": False})
                event.unlink()

    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # State changes
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action_label):
        for session in self:
            if session.state not in allowed:
                raise UserError(
                    self.env._(
                        "Session %(session)s cannot be %(action)s in state %(state)s.",
                        session=session.name,
                        action=action_label,
                        state=dict(self._fields["state"]._description_selection(self.env))[
                            session.state
                        ],
                    )
                )

    def _check_planner(self):
        if not self._is_planner():
            raise AccessError(self.env._("Only planners can do this."))

    def action_plan(self):
        """Plan draft sessions: check them, put them in the trainers'
        calendars and invite the organisation."""
        self._check_planner()
        self._check_state(("draft",), self.env._("planned"))
        for session in self:
            needed = int(session.workshop_id.trainers_needed or 1)
            if len(session.trainer_ids) < needed:
                raise UserError(
                    self.env._(
                        "Workshop %(workshop)s needs %(count)s trainer(s); assign them "
                        "before planning session %(session)s.",
                        workshop=session.workshop_id.name,
                        count=needed,
                        session=session.name,
                    )
                )
        self.write({"state": "planned"})
        for session in self:
            session._notify_organisation(
                "mdd_voorlichting.mail_template_session_planned", attach_ics=True
            )
        return True

    def action_confirm(self):
        """The organisation confirms a planned session (also done for them by
        a planner, e.g. after a phone call)."""
        self._check_state(("planned",), self.env._("confirmed"))
        if not self.env.su:
            self._check_planner()
        self.sudo().write({"state": "confirmed"})
        return True

    def action_done(self):
        """Mark as given: by a planner or by one of the session's trainers."""
        self._check_state(("planned", "confirmed"), self.env._("marked as given"))
        now = fields.Datetime.now()
        for session in self:
            if (
                not self.env.su
                and not self._is_planner()
                and self.env.user not in session.trainer_ids
            ):
                raise AccessError(
                    self.env._("Only the trainers of a session or a planner can mark it as given.")
                )
            if session.start > now:
                raise UserError(
                    self.env._(
                        "Session %(session)s has not started yet; it cannot be marked as given.",
                        session=session.name,
                    )
                )
        self.sudo().write({"state": "done"})
        return True

    def action_evaluate(self):
        """Close a given session with the evaluation entered in the backend."""
        self._check_planner()
        self._check_state(("done",), self.env._("evaluated"))
        for session in self:
            if not session.evaluation_rating:
                raise UserError(
                    self.env._(
                        "Enter the rating of session %(session)s first.", session=session.name
                    )
                )
        self.write({"state": "evaluated", "evaluation_date": fields.Datetime.now()})
        return True

    def action_draft(self):
        self._check_planner()
        self._check_state(("planned", "confirmed", "cancelled"), self.env._("reset to draft"))
        self.write({"state": "draft", "cancel_reason": False})
        return True

    def action_open_cancel_wizard(self):
        self._check_planner()
        self._check_state(("draft", "planned", "confirmed"), self.env._("cancelled"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel session"),
            "res_model": "mdd.education.session.cancel",
            "view_mode": "form",
            "target": "new",
            "context": {"default_session_ids": self.ids},
        }

    def _action_cancel(self, reason, by_organisation=False, notify_organisation=True):
        """Cancel the sessions, remove them from the calendars and tell the
        trainers and (when MDD cancels) the organisation."""
        self._check_state(("draft", "planned", "confirmed"), self.env._("cancelled"))
        was_announced = self.filtered(lambda s: s.state in BLOCKING_STATES)
        self.sudo().write({"state": "cancelled", "cancel_reason": reason or False})
        for session in was_announced:
            session._notify_trainers("mdd_voorlichting.mail_template_session_cancelled_trainers")
            if by_organisation:
                if session.user_id:
                    session.sudo().activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=session.user_id.id,
                        summary=self.env._("Cancelled by the organisation"),
                        note=reason or False,
                    )
            elif notify_organisation:
                session._notify_organisation("mdd_voorlichting.mail_template_session_cancelled")
        return True

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------
    def _create_ics_attachment(self):
        """An .ics invitation for the organisation, made by the calendar module.

        It is generated from a transient copy of the event without attendees,
        so the trainers' addresses are not handed out.
        """
        self.ensure_one()
        values = self._prepare_calendar_event_values()
        values.update(
            partner_ids=[],
            user_id=False,
            description=self.env._(
                "Education session by Meldpunt Discriminatie Drenthe for %(organisation)s.",
                organisation=self.partner_id.name,
            ),
            location=self.location or self.municipality_id.name,
        )
        event = self.env["calendar.event"].sudo().new(values)
        ics = next(iter(event._get_ics_file().values()), None)
        if not ics:
            return self.env["ir.attachment"]
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "voorlichting.ics",
                    "raw": ics,
                    "mimetype": "text/calendar",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _post_template(self, template_xmlid, partners, attachments=None):
        """Send a template as a message on the session to ``partners`` only
        (an internal note with recipients: followers get no copy). The author
        follows from the template's sender, the bureau."""
        self.ensure_one()
        partners = partners.filtered("email")
        if not partners:
            return self.env["mail.message"]
        template = self.env.ref(template_xmlid)
        return self.sudo().message_post_with_source(
            template,
            subtype_xmlid="mail.mt_note",
            partner_ids=partners.ids,
            attachment_ids=attachments.ids if attachments else [],
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _notify_organisation(self, template_xmlid, attach_ics=False):
        self.ensure_one()
        contact = self.contact_id or self.partner_id
        if not contact.email:
            return self.env["mail.message"]
        self.sudo()._portal_ensure_token()
        attachments = self._create_ics_attachment() if attach_ics else None
        return self._post_template(template_xmlid, contact, attachments)

    def _notify_trainers(self, template_xmlid):
        self.ensure_one()
        return self._post_template(template_xmlid, self.trainer_ids.partner_id)

    @api.model
    def _cron_send_trainer_reminders(self):
        """Remind trainers of their sessions in the coming days (two by default)."""
        days = int(
            self.env["ir.config_parameter"].sudo().get_param("mdd_voorlichting.reminder_days", "2")
        )
        now = fields.Datetime.now()
        sessions = self.sudo().search(
            [
                ("state", "in", BLOCKING_STATES),
                ("reminder_sent", "=", False),
                ("start", ">", now),
                ("start", "<=", now + timedelta(days=days)),
            ]
        )
        for session in sessions:
            session._notify_trainers("mdd_voorlichting.mail_template_session_reminder")
            session.write({"reminder_sent": True})
        return True

    @api.model
    def _cron_request_evaluations(self):
        """The day after a session: mark it as given and ask the organisation
        to evaluate it. Sessions older than a month are left alone."""
        today_start = local_day_start_utc(utc_to_local(fields.Datetime.now()).date())
        sessions = self.sudo().search(
            [
                ("state", "in", ("confirmed", "done")),
                ("evaluation_requested", "=", False),
                ("stop", "<", today_start),
                ("stop", ">=", today_start - timedelta(days=30)),
            ]
        )
        for session in sessions:
            if session.state == "confirmed":
                session.write({"state": "done"})
            session._notify_organisation("mdd_voorlichting.mail_template_session_evaluation")
            session.write({"evaluation_requested": True})
        return True

    # ------------------------------------------------------------------
    # Portal (called on a sudo record after the access check)
    # ------------------------------------------------------------------
    def _portal_author(self):
        user = self.env.user
        return self.contact_id if user._is_public() else user.partner_id

    def _portal_can_confirm(self):
        self.ensure_one()
        return self.state == "planned"

    def _portal_can_cancel(self):
        self.ensure_one()
        return self.state in BLOCKING_STATES and fields.Datetime.now() <= self.cancel_deadline

    def _portal_can_evaluate(self):
        self.ensure_one()
        return self.state == "done" or (
            self.state in BLOCKING_STATES and self.stop <= fields.Datetime.now()
        )

    def _portal_confirm(self):
        self.ensure_one()
        if not self._portal_can_confirm():
            raise UserError(self.env._("This session cannot be confirmed (any more)."))
        self.sudo().action_confirm()
        self.sudo().message_post(
            body=self.env._("The organisation confirmed the session."),
            author_id=self._portal_author().id,
            subtype_xmlid="mail.mt_note",
        )

    def _portal_cancel(self, reason):
        self.ensure_one()
        reason = (reason or "").strip()
        if self.state not in BLOCKING_STATES:
            raise UserError(self.env._("This session cannot be cancelled (any more)."))
        if not self._portal_can_cancel():
            raise UserError(
                self.env._(
                    "A session can be cancelled online until %(days)s days before it "
                    "starts. Please call or mail us to cancel it.",
                    days=self._get_cancel_deadline_days(),
                )
            )
        if len(reason) > MAX_PORTAL_TEXT:
            raise UserError(
                self.env._(
                    "The reason is too long (at most %(max)s characters).", max=MAX_PORTAL_TEXT
                )
            )
        self.sudo().message_post(
            body=self.env._("The organisation cancelled the session."),
            author_id=self._portal_author().id,
            subtype_xmlid="mail.mt_note",
        )
        self.sudo()._action_cancel(reason, by_organisation=True)

    def _portal_evaluate(self, rating, went_well, improve, participants):
        """Store the organisation's evaluation; raises UserError on bad input."""
        self.ensure_one()
        if self.state == "evaluated":
            raise UserError(self.env._("This session has already been evaluated. Thank you!"))
        if not self._portal_can_evaluate():
            raise UserError(self.env._("This session cannot be evaluated yet."))
        rating = (rating or "").strip()
        if rating not in dict(RATINGS):
            raise UserError(self.env._("Choose a rating from 1 to 5."))
        try:
            participants = int((participants or "").strip())
        except ValueError:
            raise UserError(
                self.env._("Enter the number of participants as a whole number.")
            ) from None
        if not 0 <= participants <= MAX_PARTICIPANTS:
            raise UserError(
                self.env._(
                    "The number of participants must be between 0 and %(max)s.",
                    max=MAX_PARTICIPANTS,
                )
            )
        went_well = (went_well or "").strip()
        improve = (improve or "").strip()
        if len(went_well) > MAX_PORTAL_TEXT or len(improve) > MAX_PORTAL_TEXT:
            raise UserError(
                self.env._(
                    "Your answers are too long (at most %(max)s characters each).",
                    max=MAX_PORTAL_TEXT,
                )
            )
        self.sudo().write(
            {
                "state": "evaluated",
                "evaluation_rating": rating,
                "evaluation_good": went_well or False,
                "evaluation_improve": improve or False,
                "participant_count_actual": participants,
                "evaluation_date": fields.Datetime.now(),
            }
        )
        self.sudo().message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._("The organisation evaluated the session."),
                escape(
                    dict(self._fields["evaluation_rating"]._description_selection(self.env))[rating]
                ),
            ),
            author_id=self._portal_author().id,
            subtype_xmlid="mail.mt_note",
        )
