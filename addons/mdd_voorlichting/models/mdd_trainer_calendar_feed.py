# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A trainer's private iCalendar feed: their sessions, for the calendar app
of their choice (phone, Outlook, Google).

The feed's address holds a secret token. Whoever has the address reads the
feed, so the trainer can regenerate it (the old address stops working) or
revoke it. Only the trainer sees their own feed record; nobody else (not
even a planner) reads the token.
"""

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import pytz
import vobject

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .mdd_education_session_calendar import CALENDAR_STATES

FEED_ROUTE = "/voorlichting/agenda"
# Sessions that ended longer ago than this are left out of the feed.
FEED_PAST_DAYS = 90
# At most this many sessions in one feed.
FEED_LIMIT = 500


class MddTrainerCalendarFeed(models.Model):
    _name = "mdd.trainer.calendar.feed"
    _description = "Calendar feed of a trainer"
    _rec_name = "user_id"

    user_id = fields.Many2one(
        "res.users",
        string="Trainer",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
        readonly=True,
    )
    token = fields.Char(copy=False, readonly=True, index=True)
    include_details = fields.Boolean(
        string="Show contact details and notes",
        help="Add the organisation's contact person (name, phone, email) and the notes for "
        "trainers to the events of the feed. Anyone with the address of the feed can "
        "read them.",
    )
    url = fields.Char(
        string="Feed address",
        compute="_compute_url",
        help="Subscribe to this address in your calendar app. Keep it to yourself.",
    )

    _sql_constraints = [
        ("user_unique", "UNIQUE(user_id)", "A trainer has one calendar feed."),
        ("token_unique", "UNIQUE(token)", "The token of a calendar feed must be unique."),
    ]

    @api.depends("token")
    def _compute_url(self):
        base = self.get_base_url()
        for feed in self:
            feed.url = feed.token and f"{base}{FEED_ROUTE}/{feed.token}.ics"

    @api.model
    def _new_token(self):
        return secrets.token_urlsafe(32)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("user_id", self.env.uid) != self.env.uid and not self.env.su:
                raise AccessError(self.env._("You can only make your own calendar feed."))
            vals["token"] = self._new_token()
        return super().create(vals_list)

    def write(self, vals):
        # The trainer and the token are set by the buttons only (a chosen
        # token could be guessed; another trainer's feed is not theirs).
        by_button = set(vals) == {"token"} and self.env.context.get("mdd_feed_new_token")
        if not self.env.su and {"user_id", "token"} & set(vals) and not by_button:
            raise AccessError(
                self.env._("The trainer and the address of a calendar feed cannot be changed.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # The trainer's buttons
    # ------------------------------------------------------------------
    @api.model
    def action_open_my_feed(self):
        """Open the acting trainer's feed, made on first use."""
        if not self.env.user.has_group("mdd_voorlichting.group_trainer"):
            raise AccessError(self.env._("Only trainers have a calendar feed."))
        feed = self.search([("user_id", "=", self.env.uid)], limit=1) or self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My calendar feed"),
            "res_model": self._name,
            "res_id": feed.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_regenerate(self):
        """A new address; the old one stops working at once."""
        for feed in self:
            feed.with_context(mdd_feed_new_token=True).token = self._new_token()
        return True

    def action_revoke(self):
        """No address: the feed stops working until it is regenerated."""
        self.with_context(mdd_feed_new_token=True).token = False
        return True

    # ------------------------------------------------------------------
    # The feed
    # ------------------------------------------------------------------
    @api.model
    def _find_by_token(self, token):
        """The active feed of ``token`` (as the system), or an empty record.

        Revoked feeds have no token; a feed whose user is archived or no
        longer a trainer is not served.
        """
        if not token or not isinstance(token, str) or len(token) > 100:
            return self.browse()
        feed = self.sudo().search([("token", "=", token)], limit=1)
        if not feed or not feed.user_id.active:
            return self.browse()
        if not feed.user_id.has_group("mdd_voorlichting.group_trainer"):
            return self.browse()
        return feed

    def _feed_sessions(self):
        self.ensure_one()
        since = fields.Datetime.now() - timedelta(days=FEED_PAST_DAYS)
        # sudo: the feed is the trainer's own sessions, as the rule gives them.
        return (
            self.env["mdd.education.session"]
            .sudo()
            .search(
                [
                    ("trainer_ids", "in", self.user_id.ids),
                    ("state", "in", CALENDAR_STATES),
                    ("company_id", "in", self.user_id.company_ids.ids),
                    ("stop", ">=", since),
                ],
                order="start",
                limit=FEED_LIMIT,
            )
        )

    def _render_ics(self):
        """The feed as iCalendar text (RFC 5545: escaped, folded, CRLF)."""
        self.ensure_one()
        feed = self.with_context(lang=self.user_id.lang or self.env.lang)
        env = feed.env
        calendar = vobject.iCalendar()
        calendar.add("prodid").value = "-//Voorlichting//Trainer feed//NL"
        calendar.add("calscale").value = "GREGORIAN"
        calendar.add("method").value = "PUBLISH"
        calendar.add("x-wr-calname").value = env._("Voorlichting: my sessions")
        host = urlsplit(self.get_base_url()).hostname or "localhost"
        now = fields.Datetime.now().replace(tzinfo=pytz.utc)
        for session in feed._feed_sessions():
            event = calendar.add("vevent")
            event.add("uid").value = f"mdd-session-{session.id}@{host}"
            event.add("dtstamp").value = now
            event.add("last-modified").value = session.write_date.replace(tzinfo=pytz.utc)
            event.add("dtstart").value = session.start.replace(tzinfo=pytz.utc)
            event.add("dtend").value = session.stop.replace(tzinfo=pytz.utc)
            event.add("summary").value = env._(
                "Voorlichting: %(workshop)s", workshop=session.workshop_id.name
            )
            place = ", ".join(
                part for part in (session.location, session.municipality_id.name) if part
            )
            if place:
                event.add("location").value = place
            event.add("description").value = "\n".join(feed._describe(session))
            event.add("status").value = "TENTATIVE" if session.state == "planned" else "CONFIRMED"
            event.add("transp").value = "OPAQUE"
        return calendar.serialize()

    def _describe(self, session):
        """Lines of an event's description: the session; the contact and the
        notes only when the trainer opted in."""
        env = self.env
        lines = [
            (env._("Workshop"), session.workshop_id.name),
            (env._("Organisation"), session.partner_id.name),
            (env._("Audience"), session.audience_id.name),
            (env._("Planned participants"), session.participant_count or ""),
            (env._("Co-trainers"), ", ".join((session.trainer_ids - self.user_id).mapped("name"))),
        ]
        if self.include_details:
            contact = session.contact_id
            lines += [
                (env._("Contact"), contact.name),
                (env._("Phone"), contact.phone or contact.mobile),
                (env._("Email"), contact.email),
                (env._("Notes for trainers"), session.trainer_notes),
            ]
        return [f"{label}: {value}" for label, value in lines if value]
