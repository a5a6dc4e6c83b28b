# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The session's event in the trainers' calendars, and the .ics invitation
of the organisation."""

from markupsafe import Markup

from odoo import api, fields, models

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


class MddEducationSession(models.Model):
    _inherit = "mdd.education.session"

    calendar_event_id = fields.Many2one(
        "calendar.event",
        string="Calendar event",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    trainer_partner_ids = fields.Many2many(
        "res.partner",
        string="Trainer calendars",
        compute="_compute_trainer_partner_ids",
        search="_search_trainer_partner_ids",
        help="The trainers' contacts, for the calendar filters shared with the Calendar app.",
    )

    @api.depends("trainer_ids.partner_id")
    def _compute_trainer_partner_ids(self):
        for session in self:
            session.trainer_partner_ids = session.trainer_ids.partner_id

    def _search_trainer_partner_ids(self, operator, value):
        return [("trainer_ids.partner_id", operator, value)]

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        sessions._sync_calendar_event()
        return sessions

    def write(self, vals):
        result = super().write(vals)
        if CALENDAR_FIELDS & set(vals):
            self._sync_calendar_event()
        return result

    def unlink(self):
        # The events belong to the sessions, whoever owns them in the calendar.
        events = self.sudo().calendar_event_id.with_context(mdd_session_calendar_sync=True)
        result = super().unlink()
        events.exists().unlink()
        return result

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
        # sudo: the event belongs to the session and follows it, whoever
        # changes the session (a trainer marking it as given, the
        # organisation cancelling it) and whoever owns the event.
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                dont_notify=True,
                tracking_disable=True,
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
                mdd_session_calendar_sync=True,
            )
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        for session in self:
            event = Event.browse(session.calendar_event_id.id)
            if session.state in CALENDAR_STATES and session.start and session.stop:
                values = session._prepare_calendar_event_values()
                if event:
                    event.write(values)
                else:
                    event = Event.create(dict(values, res_model_id=model_id, res_id=session.id))
                    session._system_write({"calendar_event_id": event.id})
                event.attendee_ids.filtered(lambda a: a.state == "needsAction").write(
                    {"state": "accepted"}
                )
            elif event:
                session._system_write({"calendar_event_id": False})
                event.unlink()

    def action_open_calendar_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }

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
                "Education session by %(bureau)s for %(organisation)s.",
                bureau=self.company_id.name or self.env.company.name,
                organisation=self.partner_id.name,
            ),
            location=self.location or self.municipality_id.name,
        )
        event = self.env["calendar.event"].new(values)
        ics = next(iter(event._get_ics_file().values()), None)
        if not ics:
            return self.env["ir.attachment"]
        return self.env["ir.attachment"].create(
            {
                "name": "voorlichting.ics",
                "raw": ics,
                "mimetype": "text/calendar",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
