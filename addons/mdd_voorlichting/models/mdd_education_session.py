# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Education sessions: the record, its planning and its states.

The model is split by concern; these files extend it:

- ``mdd_education_session_availability``: the trainers' conflicts;
- ``mdd_education_session_calendar``: the session's event in the trainers'
  calendars, kept in sync on create, write and unlink;
- ``mdd_education_session_portal``: the organisation's portal, the mails and
  the crons.

Permission checks test the acting user (``self.env.user``), not
``self.env.su``: a ``sudo()`` recordset of a trainer is still a trainer's.
Flows that act as the system after checking the acting user's right
themselves (a trainer marking their session as given, the organisation in
the portal, the crons, the calendar bookkeeping) say so by writing through
:meth:`MddEducationSession._system_write`.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz, utc_to_local
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime, format_time

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
# Trainers may fill in these fields of their own sessions; planners do the rest.
TRAINER_WRITABLE_FIELDS = {"participant_count_actual", "trainer_notes"}

# The most participants a session (or a request) can have.
MAX_PARTICIPANTS = 1000

RATINGS = [
    ("1", "1 - Poor"),
    ("2", "2 - Fair"),
    ("3", "3 - Good"),
    ("4", "4 - Very good"),
    ("5", "5 - Excellent"),
]


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
    period_display = fields.Char(string="Date and time", compute="_compute_period_display")
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

    @api.depends("start", "stop")
    @api.depends_context("lang")
    def _compute_period_display(self):
        for session in self:
            session.period_display = self._format_period(session.start, session.stop)

    @api.depends("state")
    def _compute_color(self):
        colors = {"draft": 0, "planned": 4, "confirmed": 10, "done": 7, "evaluated": 8}
        for session in self:
            session.color = colors.get(session.state, 1)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _format_period(self, start, stop, tz=None):
        """Human readable local period, e.g. "Tuesday 3 March 2026, 09:00 - 10:30".

        :param tz: name of the time zone; by default the bureau's
        """
        if not start:
            return ""
        tz = tz or bureau_tz(self.env)
        day = format_datetime(self.env, start, tz=tz, dt_format="EEEE d MMMM y, HH:mm")
        if not stop:
            return day
        if utc_to_local(start, tz).date() == utc_to_local(stop, tz).date():
            return f"{day} - {format_time(self.env, stop, tz=tz, time_format='HH:mm')}"
        end = format_datetime(self.env, stop, tz=tz, dt_format="EEEE d MMMM y, HH:mm")
        return f"{day} - {end}"

    @api.model
    def _is_planner(self, user=None):
        """Whether ``user`` (by default the acting user) plans sessions.

        Tests the user, not the environment: under ``sudo()`` a trainer is
        still no planner. The superuser (OdooBot, who runs crons and data
        files) is the system itself and counts as one.
        """
        user = user or self.env.user
        return user._is_superuser() or user.has_group("mdd_voorlichting.group_planner")

    def _check_planner(self, user=None):
        if not self._is_planner(user):
            raise AccessError(self.env._("Only planners can do this."))

    def _system_write(self, vals):
        """Write ``vals`` as the system, past the acting user's rights.

        Only for flows that checked the acting user's right themselves: a
        trainer marking their session as given, the organisation confirming,
        cancelling or evaluating in the portal, the crons and the calendar
        bookkeeping. Never pass values the user chose without checking them.
        """
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Constraints (the trainers' conflicts are in the availability file)
    # ------------------------------------------------------------------
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
        return sessions

    def write(self, vals):
        # The user's own writes: trainers only fill in their part. A sudo()
        # write is the system's, as everywhere in the ORM (the framework's,
        # e.g. the portal token, and ours through _system_write).
        if not self.env.su and not self._is_planner():
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

    def _subscribe_trainers(self):
        for session in self:
            partners = session.trainer_ids.partner_id - session.message_partner_ids
            if partners:
                session.message_subscribe(partner_ids=partners.ids)

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
        """A planner confirms a planned session for the organisation, e.g.
        after a phone call. The organisation itself confirms in the portal
        (:meth:`_portal_confirm`)."""
        self._check_state(("planned",), self.env._("confirmed"))
        self._check_planner()
        return self._confirm()

    def _confirm(self):
        """Confirm planned sessions. Does not check the acting user: the
        callers do (:meth:`action_confirm`, the portal)."""
        self._check_state(("planned",), self.env._("confirmed"))
        self._system_write({"state": "confirmed"})
        return True

    def action_done(self):
        """Mark as given: by a planner or by one of the session's trainers."""
        self._check_state(("planned", "confirmed"), self.env._("marked as given"))
        user = self.env.user
        now = fields.Datetime.now()
        for session in self:
            if not self._is_planner(user) and user not in session.trainer_ids:
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
        # Checked above; trainers cannot write the state themselves.
        self._system_write({"state": "done"})
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
        trainers and (when MDD cancels) the organisation.

        Does not check the acting user: the callers do (the cancel wizard
        for a planner, the portal for the organisation, on a sudo record).
        """
        self._check_state(("draft", "planned", "confirmed"), self.env._("cancelled"))
        was_announced = self.filtered(lambda s: s.state in BLOCKING_STATES)
        self._system_write({"state": "cancelled", "cancel_reason": reason or False})
        for session in was_announced:
            session._notify_trainers("mdd_voorlichting.mail_template_session_cancelled_trainers")
            if by_organisation:
                if session.user_id:
                    session.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=session.user_id.id,
                        summary=self.env._("Cancelled by the organisation"),
                        note=reason or False,
                    )
            elif notify_organisation:
                session._notify_organisation("mdd_voorlichting.mail_template_session_cancelled")
        return True
