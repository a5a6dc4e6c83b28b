# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The trainers' availability: what keeps a trainer from giving a session.

Each source of unavailability is one method that returns the conflicts it
finds, all in the same shape (see :meth:`_trainer_conflict`);
:meth:`_find_trainer_conflicts` combines the sources listed by
:meth:`_trainer_conflict_sources`. Another add-on changes a source by
overriding its method, or adds one by appending it to that list.
"""

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz
from odoo.exceptions import ValidationError

from .mdd_education_session import BLOCKING_STATES


class MddEducationSession(models.Model):
    _inherit = "mdd.education.session"

    conflict_warning = fields.Text(
        compute="_compute_conflict_warning",
        help="Other sessions, busy calendar events or unavailability of the "
        "trainers at the same time.",
    )

    @api.depends("trainer_ids", "start", "stop", "state", "municipality_id")
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
                municipality=session.municipality_id,
            )
            session.conflict_warning = "\n".join(c["message"] for c in conflicts) or False

    # ------------------------------------------------------------------
    # Conflicts
    # ------------------------------------------------------------------
    @api.model
    def _find_trainer_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """Everything that keeps ``trainers`` busy between ``start`` and ``stop``.

        Periods that only touch (one ends when the other starts) do not
        clash. Each source is one indexed search on start/stop, whatever the
        number of sessions.

        :param exclude_sessions: sessions not to count (the one being checked)
        :param limit: at most this many conflicts per source
        :param municipality: where the session takes place (for the travel time)
        :return: list of dicts with ``trainer``, ``record`` and ``message``
        """
        if not trainers or not start or not stop or start >= stop:
            return []
        return [
            conflict
            for source in self._trainer_conflict_sources()
            for conflict in source(
                trainers,
                start,
                stop,
                exclude_sessions=exclude_sessions,
                limit=limit,
                municipality=municipality,
            )
        ]

    @api.model
    def _trainer_conflict_sources(self):
        """The methods that each look in one source of unavailability.

        Each is called as ``source(trainers, start, stop,
        exclude_sessions=None, limit=20, *, municipality=None)`` and returns a list of
        :meth:`_trainer_conflict` dicts. The sources read everything as the
        system: a booking counts also when the acting user may not read it.
        """
        return [
            self._session_conflicts,
            self._unavailability_conflicts,
            self._leave_conflicts,
            self._calendar_event_conflicts,
        ]

    @api.model
    def _trainer_conflict(self, trainer, record, message):
        """One conflict: ``trainer`` (res.users) is kept busy by ``record``."""
        return {"trainer": trainer, "record": record, "message": message}

    @api.model
    def _conflict_period(self, start, stop):
        # Messages are read in the backend: in the user's time zone.
        return self._format_period(start, stop, tz=self.env.user.tz or bureau_tz(self.env))

    @api.model
    def _session_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """Planned and confirmed sessions of the trainers."""
        domain = [
            ("trainer_ids", "in", trainers.ids),
            ("state", "in", BLOCKING_STATES),
            ("start", "<", stop),
            ("stop", ">", start),
        ]
        if exclude_sessions and exclude_sessions.ids:
            domain.append(("id", "not in", exclude_sessions.ids))
        conflicts = []
        # sudo: sessions of a co-trainer the acting user cannot read book them too.
        for other in self.sudo().search(domain, order="start", limit=limit):
            for trainer in other.trainer_ids & trainers:
                message = self.env._(
                    "%(trainer)s is already in session %(session)s (%(period)s).",
                    trainer=trainer.name,
                    session=other.name,
                    period=self._conflict_period(other.start, other.stop),
                )
                conflicts.append(self._trainer_conflict(trainer, other, message))
        return conflicts

    @api.model
    def _unavailability_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """The periods trainers registered as unavailable."""
        # sudo: trainers read only their own periods.
        periods = (
            self.env["mdd.trainer.unavailability"]
            .sudo()
            .search(
                [("user_id", "in", trainers.ids), ("start", "<", stop), ("stop", ">", start)],
                order="start",
                limit=limit,
            )
        )
        conflicts = []
        for unavailable in periods:
            message = self.env._(
                "%(trainer)s is unavailable (%(reason)s) during %(period)s.",
                trainer=unavailable.user_id.name,
                reason=unavailable.display_name,
                period=self._conflict_period(unavailable.start, unavailable.stop),
            )
            conflicts.append(self._trainer_conflict(unavailable.user_id, unavailable, message))
        return conflicts

    @api.model
    def _leave_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """Leaves of the trainers' resources (``resource.calendar.leaves``,
        e.g. validated time off)."""
        # sudo: the check must see every leave, whoever plans.
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
        conflicts = []
        for leave in leaves:
            trainer = leave.resource_id.user_id
            message = self.env._(
                "%(trainer)s is on leave (%(reason)s) during %(period)s.",
                trainer=trainer.name,
                reason=leave.name or self.env._("time off"),
                period=self._conflict_period(leave.date_from, leave.date_to),
            )
            conflicts.append(self._trainer_conflict(trainer, leave, message))
        return conflicts

    @api.model
    def _calendar_event_conflicts(
        self, trainers, start, stop, exclude_sessions=None, limit=20, *, municipality=None
    ):
        """Busy calendar events the trainers attend, except the events of
        sessions (those are checked by :meth:`_session_conflicts`, with their
        own states)."""
        # sudo: other people's appointments; only the subject of a public one
        # comes out.
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
        conflicts = []
        for attendee in attendees:
            event = attendee.event_id
            # Do not reveal the subject of someone's private appointment.
            subject = (
                self.env._("a private appointment")
                if event._check_private_event_conditions()
                else event.name
            )
            for trainer in trainers.filtered(lambda u, a=attendee: u.partner_id == a.partner_id):
                message = self.env._(
                    "%(trainer)s has a busy calendar event %(event)s (%(period)s).",
                    trainer=trainer.name,
                    event=subject,
                    period=self._conflict_period(event.start, event.stop),
                )
                conflicts.append(self._trainer_conflict(trainer, event, message))
        return conflicts

    # ------------------------------------------------------------------
    # Booking
    # ------------------------------------------------------------------
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

    @api.constrains("trainer_ids", "start", "stop", "state", "municipality_id")
    def _check_trainer_conflicts(self):
        if self.env.context.get("mdd_booking_unchanged"):
            return
        blocking = self.filtered(lambda s: s.state in BLOCKING_STATES)
        self._lock_trainer_bookings(blocking.trainer_ids)
        for session in blocking:
            conflicts = self._find_trainer_conflicts(
                session.trainer_ids,
                session.start,
                session.stop,
                exclude_sessions=session,
                municipality=session.municipality_id,
            )
            if conflicts:
                raise ValidationError(
                    self.env._(
                        "Session %(session)s cannot be planned at this time:\n%(conflicts)s",
                        session=session.name,
                        conflicts="\n".join(c["message"] for c in conflicts),
                    )
                )
