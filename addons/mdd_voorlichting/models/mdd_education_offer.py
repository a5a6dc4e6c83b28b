# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Slot offers: the planner proposes a few times, the organisation picks one.

Offering books nothing: each slot is checked for the trainers' conflicts
(travel time included) when the offer is sent, and again when it is chosen.
The organisation's contact opens the offer's tokenised link (or the portal)
and picks a slot; :meth:`MddEducationOffer._portal_choose` claims the offer
with a conditional update of its row and books the session in the same
transaction, so of two contacts choosing at once exactly one wins.
"""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz, utc_to_local
from odoo.exceptions import UserError, ValidationError

OFFER_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("chosen", "Chosen"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
MIN_SLOTS = 2
MAX_SLOTS = 5
# By default an offer can be answered for two weeks.
DEFAULT_VALID_DAYS = 14


class MddEducationOffer(models.Model):
    _name = "mdd.education.offer"
    _description = "Slot offer"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    request_id = fields.Many2one(
        "mdd.education.request",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="request_id.partner_id", string="Organisation", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
        help="Receives the link to choose a time.",
    )
    workshop_id = fields.Many2one(related="request_id.workshop_id")
    municipality_id = fields.Many2one(related="request_id.municipality_id")
    user_id = fields.Many2one(
        "res.users",
        string="Planner",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    expiry_date = fields.Date(
        string="Answer before",
        required=True,
        default=lambda self: self._today() + timedelta(days=DEFAULT_VALID_DAYS),
        tracking=True,
        help="The organisation can choose a time until the end of this day.",
    )
    slot_ids = fields.One2many("mdd.education.offer.slot", "offer_id", string="Times", copy=True)
    state = fields.Selection(
        OFFER_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    chosen_slot_id = fields.Many2one(
        "mdd.education.offer.slot", string="Chosen time", readonly=True, copy=False
    )
    session_id = fields.Many2one(
        "mdd.education.session", string="Booked session", readonly=True, copy=False
    )
    bureau_tz = fields.Char(string="Bureau time zone", compute="_compute_bureau_tz")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("request_id")
    def _compute_contact_id(self):
        for offer in self:
            if not offer.contact_id:
                offer.contact_id = offer.request_id.contact_id or offer.request_id.partner_id

    @api.depends("request_id.name")
    def _compute_display_name(self):
        for offer in self:
            offer.display_name = self.env._(
                "Times for %(request)s", request=offer.request_id.name or ""
            )

    def _compute_bureau_tz(self):
        self.bureau_tz = bureau_tz(self.env)

    def _compute_access_url(self):
        for offer in self:
            offer.access_url = f"/my/voorlichtingen/aanbod/{offer.id}"

    @api.model
    def _today(self):
        """Today in the bureau's time zone."""
        return utc_to_local(fields.Datetime.now(), bureau_tz(self.env)).date()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("slot_ids")
    def _check_slot_count(self):
        for offer in self:
            if len(offer.slot_ids) > MAX_SLOTS:
                raise ValidationError(
                    self.env._("An offer has at most %(max)s times.", max=MAX_SLOTS)
                )

    # ------------------------------------------------------------------
    # Planner actions
    # ------------------------------------------------------------------
    def _check_offer_state(self, allowed):
        for offer in self:
            if offer.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "This cannot be done with offer %(offer)s in state %(state)s.",
                        offer=offer.display_name,
                        state=states[offer.state],
                    )
                )

    def action_send(self):
        """Check the times and mail the link to the contact."""
        self._check_offer_state(("draft",))
        for offer in self:
            offer._check_sendable()
        self.write({"state": "sent"})
        for offer in self:
            offer.slot_ids._system_write({"state": "open"})
            offer._portal_ensure_token()
            offer._post_to_contact("mdd_voorlichting.mail_template_offer_sent")
        return True

    def _check_sendable(self):
        self.ensure_one()
        _ = self.env._
        if self.request_id.state in ("declined", "cancelled"):
            raise UserError(
                _("Request %(request)s was declined or cancelled.", request=self.request_id.name)
            )
        if not MIN_SLOTS <= len(self.slot_ids) <= MAX_SLOTS:
            raise UserError(
                _("Offer between %(min)s and %(max)s times.", min=MIN_SLOTS, max=MAX_SLOTS)
            )
        if not self.contact_id.email:
            raise UserError(
                _(
                    "%(contact)s has no email address to send the link to.",
                    contact=self.contact_id.name,
                )
            )
        if self.expiry_date < self._today():
            raise UserError(_("The date to answer before has passed."))
        for slot in self.slot_ids:
            slot._check_offerable()

    def action_cancel(self):
        self._check_offer_state(("draft", "sent"))
        self.write({"state": "cancelled"})
        self.slot_ids._system_write({"state": "released"})
        return True

    def action_draft(self):
        self._check_offer_state(("expired", "cancelled"))
        self.write({"state": "draft"})
        self.slot_ids._system_write({"state": "open"})
        return True

    def action_view_session(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mdd.education.session",
            "view_mode": "form",
            "res_id": self.session_id.id,
        }

    def _post_to_contact(self, template_xmlid):
        """Send a template to the contact only, as a note on the offer."""
        self.ensure_one()
        if not self.contact_id.email:
            return self.env["mail.message"]
        # sudo: the bureau's mail also goes out when the contact's choice
        # causes it; the callers checked their right.
        return self.sudo().message_post_with_source(
            self.env.ref(template_xmlid),
            subtype_xmlid="mail.mt_note",
            partner_ids=self.contact_id.ids,
            email_layout_xmlid="mdd_base.mail_layout_bureau",
        )

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _cron_expire_offers(self):
        """Close the offers that were not answered in time."""
        offers = self.sudo().search([("state", "=", "sent"), ("expiry_date", "<", self._today())])
        offers.write({"state": "expired"})
        offers.slot_ids._system_write({"state": "released"})
        for offer in offers:
            if offer.user_id:
                offer.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=offer.user_id.id,
                    summary=self.env._("The organisation did not choose a time"),
                )
        return True

    # ------------------------------------------------------------------
    # Portal
    #
    # The controller calls these on a sudo record after checking that the
    # visitor is the offer's contact (token, or their own organisation in
    # the portal) or a planner.
    # ------------------------------------------------------------------
    def _portal_status(self):
        """``open``, ``chosen``, ``expired`` or ``closed`` (cancelled, draft)."""
        self.ensure_one()
        if self.state == "sent":
            return "expired" if self.expiry_date < self._today() else "open"
        if self.state in ("chosen", "expired"):
            return self.state
        return "closed"

    def _portal_open_slots(self):
        self.ensure_one()
        now = fields.Datetime.now()
        return self.slot_ids.filtered(lambda s: s.state == "open" and s.start > now).sorted("start")

    def _portal_author(self):
        user = self.env.user
        return self.contact_id if user._is_public() else user.partner_id

    def _portal_choose(self, slot_id):
        """Book ``slot_id`` for the organisation.

        The conditional update claims the offer: it changes the row only
        while the offer is open, and a second transaction that chooses at
        the same moment waits for the first, then fails to serialise and is
        retried, and finds the offer chosen. The session is booked in the
        same savepoint, so a refused booking leaves the offer open.

        A time that the trainers' check refuses by now is marked as no
        longer available (with a note and a to-do for the planner) before
        the error is raised: a caller that catches the error, as the portal
        does, keeps that mark.

        :return: the booked session
        :raises UserError: with a message for the visitor
        """
        self.ensure_one()
        _ = self.env._
        slot = self.slot_ids.filtered(lambda s: s.id == slot_id)
        status = self._portal_status()
        if status != "open":
            raise UserError(self._portal_closed_message(status))
        if not slot:
            raise UserError(_("Choose one of the times offered."))
        if slot.state != "open" or slot.start <= fields.Datetime.now():
            raise UserError(_("This time is no longer available. Please choose another time."))
        conflicts = slot._find_conflicts()
        if conflicts:
            slot._mark_unavailable(conflicts)
            raise UserError(slot._portal_unavailable_message())
        Session = self.env["mdd.education.session"].sudo()
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    """
                    UPDATE mdd_education_offer
                       SET state = 'chosen', chosen_slot_id = %s,
                           write_uid = %s, write_date = (now() at time zone 'UTC')
                     WHERE id = %s AND state = 'sent' AND expiry_date >= %s
                 RETURNING id
                    """,
                    [slot.id, self.env.uid, self.id, self._today()],
                )
                claimed = bool(self.env.cr.fetchone())
                self.invalidate_recordset(["state", "chosen_slot_id", "write_uid", "write_date"])
                if not claimed:
                    raise UserError(self._portal_closed_message(self._portal_status()))
                # The planner hears of it on the offer (below), not as an
                # assignment mail sent on behalf of the visitor.
                session = Session.with_context(mail_auto_subscribe_no_notify=True).create(
                    slot._prepare_session_values()
                )
                self._system_write({"session_id": session.id})
                slot._system_write({"state": "chosen"})
                (self.slot_ids - slot)._system_write({"state": "released"})
                if self.request_id.state == "new":
                    self.request_id.sudo().write({"state": "planned"})
        except ValidationError:
            # Booked by someone else in the meantime (the trainers' check).
            raise UserError(slot._portal_unavailable_message()) from None
        self.sudo().message_post(
            body=_("The organisation chose %(period)s.", period=slot.period_display),
            author_id=self._portal_author().id,
            subtype_xmlid="mail.mt_note",
            partner_ids=self.user_id.partner_id.ids,
        )
        # As the system: the mail carries the bureau's .ics file, which mail
        # drops from a message posted by a public or portal user.
        session.with_user(SUPERUSER_ID)._notify_organisation(
            "mdd_voorlichting.mail_template_offer_chosen", attach_ics=True
        )
        return session

    def _portal_closed_message(self, status):
        _ = self.env._
        if status == "chosen":
            return _("A time has already been chosen for this offer.")
        if status == "expired":
            return _("This offer has expired. Please contact us for a new proposal.")
        return _("This offer is no longer valid. Please contact us.")

    def _system_write(self, vals):
        """Write as the system: for the flows that checked the visitor's
        right themselves (the portal, the cron)."""
        return self.sudo().write(vals)
