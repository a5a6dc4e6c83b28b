# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import local
from .common_offer import OfferCommon


@tagged("post_install", "-at_install")
class TestSlotOffer(OfferCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_offers()
        cls.public = cls.env.ref("base.public_user")

    def _mails(self, record):
        return self.env["mail.mail"].search(
            [("model", "=", record._name), ("res_id", "=", record.id)], order="id"
        )

    @staticmethod
    def _refused(visitor, slot):
        """The message of a refused choice. Caught as the portal does (not
        with assertRaises, which rolls back): the portal keeps what the
        refusal wrote."""
        try:
            visitor._portal_choose(slot.id)
        except UserError as exc:
            return str(exc)
        raise AssertionError("the choice was not refused")

    def _sessions(self):
        return self.env["mdd.education.session"].search([("request_id", "=", self.request.id)])

    # ------------------------------------------------------------------
    # Offer, choose, reuse, expire
    # ------------------------------------------------------------------
    def test_offer_and_choose(self):
        offer = self._create_offer()
        self.assertEqual(offer.contact_id, self.contact_a, "the request's contact")
        self.assertEqual(offer.slot_ids[0].stop, local(2031, 3, 4, 10, 30), "workshop duration")
        self.assertFalse(self._sessions(), "offering books nothing")
        self.contact_a.lang = "nl_NL"
        offer.with_user(self.planner).action_send()
        self.assertEqual(offer.state, "sent")
        self.assertTrue(offer.access_token)
        mail = self._mails(offer)
        self.assertEqual(mail.recipient_ids, self.contact_a)
        # In the contact's language, Dutch.
        self.assertEqual(mail.subject, "Kies een tijdstip voor de workshop Test workshop")
        self.assertIn("dinsdag 4 maart 2031, 09:00 - 10:30", mail.body_html)
        self.assertIn(f"/my/voorlichtingen/aanbod/{offer.id}?", mail.body_html)
        self.assertIn(f"access_token={offer.access_token}", mail.body_html)
        self.assertIn("09:00 - 10:30", mail.body_html)

        chosen = offer.slot_ids[1]
        session = self._as_visitor(offer, self.public)._portal_choose(chosen.id)
        self.assertEqual(session, self._sessions())
        self.assertEqual(session.state, "confirmed")
        self.assertEqual((session.start, session.stop), (chosen.start, chosen.stop))
        self.assertEqual(session.trainer_ids, self.trainer)
        self.assertEqual(session.contact_id, self.contact_a)
        self.assertEqual(session.municipality_id, self.assen)
        self.assertEqual(session.participant_count, 24)
        self.assertEqual(session.user_id, self.planner)
        self.assertTrue(session.calendar_event_id, "in the trainer's calendar")
        self.assertEqual(offer.state, "chosen")
        self.assertEqual(offer.chosen_slot_id, chosen)
        self.assertEqual(offer.session_id, session)
        self.assertEqual(chosen.state, "chosen")
        self.assertEqual(set((offer.slot_ids - chosen).mapped("state")), {"released"})
        self.assertEqual(self.request.state, "planned")
        confirmation = self._mails(session).filtered(lambda m: self.contact_a in m.recipient_ids)
        self.assertEqual(len(confirmation), 1)
        self.assertTrue(confirmation.subject.startswith("Bevestigd: Test workshop op woensdag"))
        self.assertEqual(confirmation.attachment_ids.mimetype, "text/calendar")
        note = offer.message_ids[0]
        self.assertIn("The organisation chose", str(note.body))
        self.assertEqual(note.author_id, self.contact_a)
        self.assertEqual(note.partner_ids, self.planner.partner_id, "the planner hears of it")
        # The released times no longer keep anyone busy; the chosen one does.
        self.assertEqual(offer._portal_status(), "chosen")
        self.assertFalse(offer._portal_open_slots())

    def test_a_used_link_cannot_book_again(self):
        offer = self._sent_offer()
        visitor = self._as_visitor(offer, self.public)
        visitor._portal_choose(offer.slot_ids[0].id)
        for slot in offer.slot_ids:
            with self.assertRaises(UserError) as caught:
                visitor._portal_choose(slot.id)
            self.assertIn("already been chosen", str(caught.exception))
        self.assertEqual(len(self._sessions()), 1)

    def test_expired_link(self):
        offer = self._sent_offer()
        self._expire(offer)
        self.assertEqual(offer._portal_status(), "expired")
        with self.assertRaises(UserError) as caught:
            self._as_visitor(offer, self.public)._portal_choose(offer.slot_ids[0].id)
        self.assertIn("expired", str(caught.exception))
        self.assertFalse(self._sessions())
        self.assertEqual(offer.state, "sent")
        # The nightly cron closes it and gives the planner a to-do.
        self.env["mdd.education.offer"]._cron_expire_offers()
        self.assertEqual(offer.state, "expired")
        self.assertEqual(set(offer.slot_ids.mapped("state")), {"released"})
        self.assertEqual(offer.activity_ids.user_id, self.planner)
        # The planner can reopen it, with a new date, and send it again.
        offer.with_user(self.planner).action_draft()
        offer.with_user(self.planner).expiry_date = offer._today()
        offer.with_user(self.planner).action_send()
        self.assertEqual(offer._portal_status(), "open")

    def test_cancelled_offer_is_closed(self):
        offer = self._sent_offer()
        offer.with_user(self.planner).action_cancel()
        self.assertEqual(offer._portal_status(), "closed")
        with self.assertRaises(UserError):
            self._as_visitor(offer, self.portal_a)._portal_choose(offer.slot_ids[0].id)
        self.assertFalse(self._sessions())

    def test_choosing_a_slot_of_another_offer_or_nonsense(self):
        offer = self._sent_offer()
        other = self._sent_offer()
        visitor = self._as_visitor(offer, self.public)
        for slot_id in (other.slot_ids[0].id, 0, -1, 999999999):
            with self.assertRaises(UserError):
                visitor._portal_choose(slot_id)
        self.assertFalse(self._sessions())

    # ------------------------------------------------------------------
    # Two contacts at once
    # ------------------------------------------------------------------
    def test_claim_is_a_conditional_update_of_the_row(self):
        # Another transaction claimed the offer after this one read it: the
        # cached state still says "sent", the row does not. The conditional
        # update finds no open offer, and nothing is booked.
        offer = self._sent_offer()
        visitor = self._as_visitor(offer, self.public)
        self.assertEqual(visitor.state, "sent")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE mdd_education_offer SET state = 'chosen', chosen_slot_id = %s WHERE id = %s",
            [offer.slot_ids[2].id, offer.id],
        )
        with self.assertRaises(UserError) as caught:
            visitor._portal_choose(offer.slot_ids[0].id)
        self.assertIn("already been chosen", str(caught.exception))
        self.assertFalse(self._sessions())
        self.assertEqual(offer.chosen_slot_id, offer.slot_ids[2])

    def test_claim_locks_the_offer_row(self):
        # The claim is an UPDATE of the offer's row within the booking: a
        # concurrent chooser's UPDATE waits for it and then fails to
        # serialise (see tests/test_concurrency.py for the real race).
        offer = self._sent_offer()
        queries = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(getattr(query, "code", query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            session = self._as_visitor(offer, self.public)._portal_choose(offer.slot_ids[0].id)
        claim = next(i for i, q in enumerate(queries) if "UPDATE mdd_education_offer" in q)
        self.assertIn("state = 'sent'", queries[claim])
        booking = next(
            i for i, q in enumerate(queries) if q.startswith('INSERT INTO "mdd_education_session"')
        )
        self.assertLess(claim, booking, "claimed before booking, in the same transaction")
        self.assertTrue(session)

    # ------------------------------------------------------------------
    # Conflicts
    # ------------------------------------------------------------------
    def test_slot_that_conflicts_when_chosen_is_refused(self):
        offer = self._sent_offer()
        first = offer.slot_ids[0]
        # Meanwhile the planner books the trainer at that time elsewhere.
        other = self._create_session(
            start=local(2031, 3, 4, 9, 30),
            partner_id=self.org_b.id,
            contact_id=self.contact_b.id,
            municipality_id=self.meppel.id,
            state="planned",
        )
        visitor = self._as_visitor(offer, self.public)
        message = self._refused(visitor, first)
        self.assertIn("no longer available", message)
        self.assertIn("09:00 - 10:30", message, "names the chosen time")
        self.assertNotIn("Testteam Meppel", message, "nothing of the other organisation")
        self.assertNotIn("Tim Trainer", message)
        self.assertEqual(first.state, "unavailable")
        self.assertEqual(offer.state, "sent", "the offer stays open")
        self.assertEqual(self._sessions(), self.env["mdd.education.session"])
        note = offer.message_ids[0]
        self.assertIn(other.name, str(note.body), "the planner reads why")
        self.assertEqual(offer.activity_ids.user_id, self.planner)
        self.assertNotIn(first, offer._portal_open_slots())
        # Another time still works.
        session = visitor._portal_choose(offer.slot_ids[1].id)
        self.assertEqual(session.start, offer.slot_ids[1].start)

    def test_travel_time_counts_when_chosen(self):
        offer = self._sent_offer()
        # 10:30-11:30 in Emmen right after the first time (09:00-10:30 Assen).
        self._create_session(
            start=local(2031, 3, 4, 10, 45),
            stop=local(2031, 3, 4, 11, 30),
            municipality_id=self.emmen.id,
            state="planned",
        )
        self._refused(self._as_visitor(offer, self.public), offer.slot_ids[0])
        self.assertEqual(offer.slot_ids[0].state, "unavailable")
        self.assertRegex(str(offer.message_ids[0].body), r"45 min")
        self.assertFalse(self._sessions())

    def test_booking_refused_by_the_constraint_leaves_the_offer_open(self):
        # Should the booking itself be refused (the trainers' check at
        # create), the claim is rolled back with it: no half booking.
        offer = self._sent_offer()
        self._create_session(start=local(2031, 3, 4, 9, 0), state="planned")
        Slot = type(self.env["mdd.education.offer.slot"])
        with (
            patch.object(Slot, "_find_conflicts", return_value=[]),
            self.assertRaises(UserError) as caught,
        ):
            self._as_visitor(offer, self.public)._portal_choose(offer.slot_ids[0].id)
        self.assertIn("no longer available", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(offer.state, "sent")
        self.assertFalse(offer.chosen_slot_id)
        self.assertFalse(self._sessions())

    def test_sending_checks_the_times(self):
        # Conflicts, the travel time included, when offered.
        self._create_session(start=local(2031, 3, 4, 9, 30), state="planned")
        offer = self._create_offer()
        with self.assertRaises(UserError) as caught:
            offer.with_user(self.planner).action_send()
        self.assertIn("Tim Trainer", str(caught.exception), "the planner reads the clash")
        self.assertEqual(offer.state, "draft")
        self.assertTrue(offer.slot_ids[0].conflict_warning)
        self._create_session(
            start=local(2031, 3, 5, 15, 15),
            municipality_id=self.emmen.id,
            state="planned",
            trainer_ids=[fields.Command.set(self.trainer_2.ids)],
        )
        travel = self._create_offer(starts=self.starts[1:], trainers=self.trainer_2)
        with self.assertRaises(UserError) as caught:
            travel.with_user(self.planner).action_send()
        self.assertRegex(str(caught.exception), r"45 min")

    def test_sending_needs_two_to_five_good_times(self):
        cases = {
            "one time": {"starts": self.starts[:1]},
            "past": {"starts": [local(2020, 3, 4, 9, 0), *self.starts[1:]]},
            "no trainer": {"trainers": self.env["res.users"]},
        }
        for name, values in cases.items():
            with self.subTest(name):
                offer = self._create_offer(**values)
                with self.assertRaises(UserError):
                    offer.with_user(self.planner).action_send()
                self.assertEqual(offer.state, "draft")
        with self.assertRaises(ValidationError):
            self._create_offer(starts=[local(2031, 4, day, 9, 0) for day in range(1, 7)])
        offer = self._create_offer(contact_id=self.org_b.id)
        with self.assertRaises(UserError):
            offer.with_user(self.planner).action_send()
        offer = self._create_offer()
        self._expire(offer)
        with self.assertRaises(UserError):
            offer.with_user(self.planner).action_send()
        duo = self.request.copy({"workshop_id": self.workshop_duo.id})
        offer = (
            self.env["mdd.education.offer"]
            .with_user(self.planner)
            .create(
                {
                    "request_id": duo.id,
                    "slot_ids": [
                        fields.Command.create(
                            {"start": start, "trainer_ids": [fields.Command.set(self.trainer.ids)]}
                        )
                        for start in self.starts
                    ],
                }
            )
        )
        with self.assertRaises(UserError) as caught:
            offer.with_user(self.planner).action_send()
        self.assertIn("2", str(caught.exception))

    def test_times_of_a_sent_offer_are_fixed(self):
        offer = self._sent_offer()
        slot = offer.slot_ids[0].with_user(self.planner)
        with self.assertRaises(UserError):
            slot.start = local(2031, 3, 4, 14, 0)
        with self.assertRaises(UserError):
            slot.unlink()
        with self.assertRaises(UserError):
            self.env["mdd.education.offer.slot"].with_user(self.planner).create(
                {"offer_id": offer.id, "start": local(2031, 3, 7, 9, 0)}
            )

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        offer = self._sent_offer()
        draft = self._create_offer()
        Offer = self.env["mdd.education.offer"]
        self.assertEqual(Offer.with_user(self.portal_a).search([]), offer, "not the draft")
        self.assertFalse(Offer.with_user(self.portal_b).search([]))
        for user in (self.trainer, self.portal_b):
            with self.assertRaises(AccessError):
                offer.with_user(user).read(["state"])
        with self.assertRaises(AccessError):
            offer.with_user(self.portal_a).write({"state": "chosen"})
        with self.assertRaises(AccessError):
            draft.slot_ids.with_user(self.trainer).read(["start"])
        with self.assertRaises(AccessError):
            self.request.with_user(self.trainer).action_offer_slots()
        self.assertEqual(self.request.with_user(self.planner).offer_count, 2)
