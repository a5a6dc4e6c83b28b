# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the slot offer tests."""

from datetime import timedelta

from odoo import fields

from .common import VoorlichtingCommon, local


class OfferCommon(VoorlichtingCommon):
    @classmethod
    def _setup_offers(cls):
        cls._setup_voorlichting()
        env = cls.env
        # The pages and mails are checked in Dutch. With the planner alone (no
        # bureau profile), Dutch is not loaded yet: load this add-on's and make
        # it the website's language, as at a bureau.
        dutch = env["res.lang"]._activate_lang("nl_NL")
        env["ir.module.module"].search([("name", "=", "mdd_voorlichting")])._update_translations(
            ["nl_NL"]
        )
        env["website"].search([]).write(
            {"language_ids": [(4, dutch.id)], "default_lang_id": dutch.id}
        )
        cls.emmen = env.ref("mdd_base.municipality_gm0114")
        env.company.mdd_travel_buffer_minutes = 45
        cls.request = (
            env["mdd.education.request"]
            .with_user(cls.planner)
            .create(
                {
                    "partner_id": cls.org_a.id,
                    "contact_id": cls.contact_a.id,
                    "municipality_id": cls.assen.id,
                    "workshop_id": cls.workshop.id,
                    "audience_id": cls.audience.id,
                    "participant_count": 24,
                    "remarks": "Klas 3B",
                }
            )
        )
        # Three times in the week of Tuesday 4 March 2031, Assen time.
        cls.starts = [local(2031, 3, 4, 9, 0), local(2031, 3, 5, 13, 30), local(2031, 3, 6, 9, 0)]

    @classmethod
    def _create_offer(cls, starts=None, trainers=None, **values):
        trainers = cls.trainer if trainers is None else trainers
        return (
            cls.env["mdd.education.offer"]
            .with_user(cls.planner)
            .create(
                {
                    "request_id": cls.request.id,
                    "slot_ids": [
                        fields.Command.create(
                            {"start": start, "trainer_ids": [fields.Command.set(trainers.ids)]}
                        )
                        for start in (cls.starts if starts is None else starts)
                    ],
                    **values,
                }
            )
        )

    @classmethod
    def _sent_offer(cls, **values):
        offer = cls._create_offer(**values)
        offer.with_user(cls.planner).action_send()
        return offer

    @staticmethod
    def _as_visitor(offer, user):
        """The offer as the portal controller hands it to the model."""
        return offer.with_user(user).sudo()

    @classmethod
    def _expire(cls, offer):
        offer.sudo().expiry_date = offer._today() - timedelta(days=1)
