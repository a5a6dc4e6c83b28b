# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The organisation's side of a session: the portal, the mails and the
crons that send them."""

from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz, local_day_start_utc, utc_to_local
from odoo.exceptions import UserError

from .mdd_education_session import BLOCKING_STATES, MAX_PARTICIPANTS, RATINGS

MAX_PORTAL_TEXT = 2000


class MddEducationSession(models.Model):
    _inherit = "mdd.education.session"

    cancel_deadline = fields.Datetime(
        compute="_compute_cancel_deadline",
        help="Until this moment the organisation can cancel the session online.",
    )
    bureau_tz = fields.Char(
        string="Bureau time zone",
        compute="_compute_bureau_tz",
        help="The time zone in which the portal shows the session's times.",
    )

    @api.depends("start")
    def _compute_cancel_deadline(self):
        days = self._get_cancel_deadline_days()
        for session in self:
            session.cancel_deadline = session.start and session.start - timedelta(days=days)

    def _compute_bureau_tz(self):
        self.bureau_tz = bureau_tz(self.env)

    @api.model
    def _get_cancel_deadline_days(self):
        # Settings are readable by administrators only; this one is public.
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mdd_voorlichting.cancel_deadline_days", "7")
        )
        try:
            return max(int(value), 0)
        except ValueError:
            return 7

    def _compute_access_url(self):
        for session in self:
            session.access_url = f"/my/voorlichtingen/{session.id}"

    # ------------------------------------------------------------------
    # Mail
    # ------------------------------------------------------------------
    def _post_template(self, template_xmlid, partners, attachments=None):
        """Send a template as a message on the session to ``partners`` only
        (an internal note with recipients: followers get no copy). The author
        follows from the template's sender, the bureau."""
        self.ensure_one()
        partners = partners.filtered("email")
        if not partners:
            return self.env["mail.message"]
        template = self.env.ref(template_xmlid)
        # sudo: the bureau's mails go out also when the organisation (in the
        # portal) or a cron causes them; the callers checked their right.
        return self.sudo().message_post_with_source(
            template,
            subtype_xmlid="mail.mt_note",
            partner_ids=partners.ids,
            attachment_ids=attachments.ids if attachments else [],
            email_layout_xmlid="mdd_base.mail_layout_bureau",
        )

    def _notify_organisation(self, template_xmlid, attach_ics=False):
        self.ensure_one()
        contact = self.contact_id or self.partner_id
        if not contact.email:
            return self.env["mail.message"]
        self._portal_ensure_token()
        attachments = self._create_ics_attachment() if attach_ics else None
        return self._post_template(template_xmlid, contact, attachments)

    def _notify_trainers(self, template_xmlid):
        self.ensure_one()
        return self._post_template(template_xmlid, self.trainer_ids.partner_id)

    # ------------------------------------------------------------------
    # Crons: they act as the system, whoever runs them.
    # ------------------------------------------------------------------
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
            session._system_write({"reminder_sent": True})
        return True

    @api.model
    def _cron_request_evaluations(self):
        """The day after a session: mark it as given and ask the organisation
        to evaluate it. Sessions older than a month are left alone."""
        tz = bureau_tz(self.env)
        today_start = local_day_start_utc(utc_to_local(fields.Datetime.now(), tz).date(), tz)
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
                session._system_write({"state": "done"})
            session._notify_organisation("mdd_voorlichting.mail_template_session_evaluation")
            session._system_write({"evaluation_requested": True})
        return True

    # ------------------------------------------------------------------
    # Portal
    #
    # The portal controller calls these after checking that the visitor
    # acts for the organisation (one of its contacts, the holder of the
    # link of our mails, or a planner): they act as the system, as the
    # visitor (a portal or public user) has no write access of their own.
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

    def _portal_note(self, body):
        """Log what the organisation did, with the visitor as the author."""
        # sudo: see the section comment.
        return self.sudo().message_post(
            body=body, author_id=self._portal_author().id, subtype_xmlid="mail.mt_note"
        )

    def _portal_confirm(self):
        self.ensure_one()
        if not self._portal_can_confirm():
            raise UserError(self.env._("This session cannot be confirmed (any more)."))
        self._confirm()
        self._portal_note(self.env._("The organisation confirmed the session."))

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
        self._portal_note(self.env._("The organisation cancelled the session."))
        # sudo: see the section comment (the planner's follow-up activity).
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
        # The values were checked above.
        self._system_write(
            {
                "state": "evaluated",
                "evaluation_rating": rating,
                "evaluation_good": went_well or False,
                "evaluation_improve": improve or False,
                "participant_count_actual": participants,
                "evaluation_date": fields.Datetime.now(),
            }
        )
        rating_label = dict(self._fields["evaluation_rating"]._description_selection(self.env))
        self._portal_note(
            Markup("%s<br/>%s")
            % (
                self.env._("The organisation evaluated the session."),
                escape(rating_label[rating]),
            )
        )
