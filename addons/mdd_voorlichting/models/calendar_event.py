# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The events of sessions in the Calendar app.

A session keeps its event in sync (``mdd_education_session_calendar``).
The other way round, moving or resizing the event in the Calendar app moves
the session, through the session's own rights and conflict check: a move
the session refuses raises, the calendar reverts the event, and both keep
their times. Deleting or archiving the event is refused: the session is the
record that counts (figures, the organisation's portal), so it is cancelled
or moved in Voorlichting, and its event follows.
"""

from odoo import models
from odoo.exceptions import UserError, ValidationError

SESSION_MODEL = "mdd.education.session"
# Context key of the session's own writes on its event (no way back).
SYNC_CONTEXT_KEY = "mdd_session_calendar_sync"
# Event fields that change when the session takes place.
EVENT_TIME_FIELDS = {"start", "stop", "duration", "start_date", "stop_date", "allday"}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    def _get_activity_excluded_models(self):
        # A session's event is kept in sync by the session itself; it must not
        # also create a "meeting" activity on the session.
        return [*super()._get_activity_excluded_models(), SESSION_MODEL]

    def _mdd_sessions_by_event(self):
        """{event: session} of the events that are the event of a session."""
        events = self.filtered(lambda e: e.res_model == SESSION_MODEL and e.res_id)
        if not events:
            return {}
        # sudo: the link is bookkeeping; rights are checked on the move itself.
        sessions = self.env[SESSION_MODEL].sudo().browse(events.mapped("res_id")).exists()
        by_id = {session.id: session for session in sessions}
        return {
            event: by_id[event.res_id]
            for event in events
            if event.res_id in by_id and by_id[event.res_id].calendar_event_id == event
        }

    def write(self, vals):
        if self.env.context.get(SYNC_CONTEXT_KEY):
            return super().write(vals)
        linked = self._mdd_sessions_by_event()
        if linked and vals.get("active") is False:
            self._mdd_refuse_removal(next(iter(linked.values())))
        if not linked or not EVENT_TIME_FIELDS & set(vals):
            return super().write(vals)
        result = super().write(vals)
        for event, session in linked.items():
            event._mdd_move_session(session)
        return result

    def _mdd_move_session(self, session):
        """Move ``session`` to this event's new times, as the acting user."""
        self.ensure_one()
        if self.allday:
            raise UserError(
                self.env._(
                    "Session %(session)s has a start and an end time; it cannot become an "
                    "all-day event.",
                    session=session.name,
                )
            )
        if (self.start, self.stop) == (session.start, session.stop):
            return
        if session.state not in ("planned", "confirmed"):
            raise UserError(
                self.env._(
                    "Session %(session)s was given; its time can no longer change.",
                    session=session.name,
                )
            )
        # The acting user moves the session: a trainer, who may not plan,
        # gets the session's own refusal.
        session = session.with_env(self.env(su=False)).with_context(**{SYNC_CONTEXT_KEY: True})
        try:
            session.write({"start": self.start, "stop": self.stop})
            # Checked now, not at the end of the request: the calendar must
            # get the refusal, and nothing may be kept of the move.
            session.flush_recordset(["start", "stop"])
        except ValidationError as exc:
            raise ValidationError(
                self.env._(
                    "The calendar event cannot be moved, so session %(session)s keeps its "
                    "time.\n%(reason)s",
                    session=session.name,
                    reason=exc.args[0],
                )
            ) from exc
        session.sudo().message_post(
            body=self.env._(
                "Moved in the calendar by %(user)s to %(period)s.",
                user=self.env.user.name,
                period=session.period_display,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def unlink(self):
        if not self.env.context.get(SYNC_CONTEXT_KEY):
            linked = self._mdd_sessions_by_event()
            if linked:
                self._mdd_refuse_removal(next(iter(linked.values())))
        return super().unlink()

    def _mdd_refuse_removal(self, session):
        raise UserError(
            self.env._(
                "This event belongs to session %(session)s. Cancel or move the session in "
                "Voorlichting; its event follows.",
                session=session.name,
            )
        )
