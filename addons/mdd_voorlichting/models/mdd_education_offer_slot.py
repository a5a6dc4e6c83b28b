# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

SLOT_STATES = [
    ("open", "Open"),
    ("chosen", "Chosen"),
    ("released", "Released"),
    ("unavailable", "No longer available"),
]
# Planners fill in these fields while the offer is a draft; the state follows
# the offer.
PLANNING_FIELDS = {"offer_id", "start", "stop", "trainer_ids", "location"}


class MddEducationOfferSlot(models.Model):
    """One time of a slot offer, with the trainers who would give it."""

    _name = "mdd.education.offer.slot"
    _description = "Offered time"
    _order = "start, id"

    offer_id = fields.Many2one("mdd.education.offer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="offer_id.company_id", store=True, index=True)
    start = fields.Datetime(required=True)
    stop = fields.Datetime(
        string="End",
        required=True,
        compute="_compute_stop",
        store=True,
        readonly=False,
        precompute=True,
        help="By default the start plus the duration of the workshop.",
    )
    trainer_ids = fields.Many2many(
        "res.users",
        "mdd_education_offer_slot_trainer_rel",
        "slot_id",
        "user_id",
        string="Trainers",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("mdd_voorlichting.group_trainer").ids),
        ],
    )
    location = fields.Char(help="Address and room, when it is not the organisation's address.")
    state = fields.Selection(SLOT_STATES, default="open", required=True, copy=False)
    period_display = fields.Char(string="Date and time", compute="_compute_period_display")
    conflict_warning = fields.Text(compute="_compute_conflict_warning")

    @api.depends("start", "offer_id.workshop_id")
    def _compute_stop(self):
        for slot in self:
            if slot.start and slot.offer_id.workshop_id:
                slot.stop = slot.start + timedelta(hours=slot.offer_id.workshop_id.duration)
            elif slot.start and not slot.stop:
                slot.stop = slot.start

    @api.depends("start", "stop")
    @api.depends_context("lang")
    def _compute_period_display(self):
        Session = self.env["mdd.education.session"]
        for slot in self:
            slot.period_display = Session._format_period(slot.start, slot.stop)

    @api.depends("start", "stop", "trainer_ids", "offer_id.municipality_id", "state")
    def _compute_conflict_warning(self):
        for slot in self:
            if slot.state != "open":
                slot.conflict_warning = False
                continue
            conflicts = slot._find_conflicts()
            slot.conflict_warning = "\n".join(c["message"] for c in conflicts) or False

    def _find_conflicts(self):
        """The trainers' conflicts at this time, travel time included."""
        self.ensure_one()
        return self.env["mdd.education.session"]._find_trainer_conflicts(
            self.trainer_ids._origin,
            self.start,
            self.stop,
            municipality=self.offer_id.municipality_id,
        )

    @api.constrains("start", "stop")
    def _check_dates(self):
        for slot in self:
            if slot.stop <= slot.start:
                raise ValidationError(self.env._("An offered time must end after it starts."))

    @api.constrains("trainer_ids")
    def _check_trainers_are_trainers(self):
        for slot in self:
            for trainer in slot.trainer_ids:
                if not trainer.has_group("mdd_voorlichting.group_trainer"):
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a trainer and cannot give a session.",
                            user=trainer.name,
                        )
                    )

    # ------------------------------------------------------------------
    # ORM: the times of a sent offer are fixed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        slots._check_offer_is_draft()
        return slots

    def write(self, vals):
        if set(vals) & PLANNING_FIELDS:
            self._check_offer_is_draft()
        result = super().write(vals)
        if "offer_id" in vals:
            self._check_offer_is_draft()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        self._check_offer_is_draft()

    def _check_offer_is_draft(self):
        if any(slot.offer_id.state != "draft" for slot in self):
            raise UserError(
                self.env._(
                    "The times of a sent offer cannot be changed. Cancel the offer and "
                    "make a new one."
                )
            )

    def _system_write(self, vals):
        """Write the state as the system (the portal, the cron)."""
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Offering and choosing
    # ------------------------------------------------------------------
    def _check_offerable(self):
        """Refuse a time that cannot be offered (planner's message)."""
        self.ensure_one()
        _ = self.env._
        if self.start <= fields.Datetime.now():
            raise UserError(_("The time %(period)s has passed.", period=self.period_display))
        needed = int(self.offer_id.workshop_id.trainers_needed or 1)
        if len(self.trainer_ids) < needed:
            raise UserError(
                _(
                    "The time %(period)s needs %(count)s trainer(s).",
                    period=self.period_display,
                    count=needed,
                )
            )
        conflicts = self._find_conflicts()
        if conflicts:
            raise UserError(
                _(
                    "The time %(period)s cannot be offered:\n%(conflicts)s",
                    period=self.period_display,
                    conflicts="\n".join(c["message"] for c in conflicts),
                )
            )

    def _mark_unavailable(self, conflicts):
        """The organisation chose this time, but it is taken by now: close it
        and tell the planner why (the organisation only hears it is gone)."""
        self.ensure_one()
        self._system_write({"state": "unavailable"})
        offer = self.offer_id.sudo()
        offer.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._(
                    "The organisation chose %(period)s, but it is no longer available:",
                    period=self.period_display,
                ),
                Markup("<br/>").join(escape(c["message"]) for c in conflicts),
            ),
            subtype_xmlid="mail.mt_note",
        )
        if offer.user_id:
            # As the system, which mails the planner about the to-do.
            offer.with_user(SUPERUSER_ID).activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=offer.user_id.id,
                summary=self.env._("A chosen time was no longer available"),
            )

    def _portal_unavailable_message(self):
        return self.env._(
            "Sorry, %(period)s is no longer available. Please choose another time, or contact us.",
            period=self.period_display,
        )

    def _prepare_session_values(self):
        """The confirmed session of this time: the organisation chose it."""
        self.ensure_one()
        offer = self.offer_id
        request = offer.request_id
        location = self.location or ", ".join(
            part for part in (request.partner_id.street, request.partner_id.city) if part
        )
        return {
            "workshop_id": request.workshop_id.id,
            "request_id": request.id,
            "company_id": request.company_id.id,
            "partner_id": request.partner_id.id,
            "contact_id": offer.contact_id.id,
            "municipality_id": request.municipality_id.id,
            "audience_id": request.audience_id.id,
            "location": location or False,
            "participant_count": request.participant_count,
            "start": self.start,
            "stop": self.stop,
            "trainer_ids": [fields.Command.set(self.trainer_ids.ids)],
            "trainer_notes": request.remarks,
            "user_id": offer.user_id.id,
            "state": "confirmed",
        }
