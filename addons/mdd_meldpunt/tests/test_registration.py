# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import MddCase


class TestClosing(MddCase):
    """Closing needs an outcome and a complete registration; the message names
    what is missing."""

    def _close(self, report, user=None):
        report.with_user(user or self.handler).write({"stage_id": self.stage_closed.id})

    def test_each_missing_part_is_named(self):
        complete = dict(self._complete_registration(), outcome_id=self.outcome_advice.id)
        # (value left out, words the message must contain)
        cases = [
            ({"outcome_id": False}, "an outcome"),
            ({"ground_ids": [(5, 0, 0)]}, "a ground"),
            ({"domain_id": False}, "a domain"),
            ({"manifestation_ids": [(5, 0, 0)]}, "a manifestation"),
            (
                {"incident_municipality_id": False},
                "the municipality of the incident (or not applicable)",
            ),
        ]
        for missing, words in cases:
            with self.subTest(missing=words):
                report = self._create_report(self.complainant, **complete)
                report.write(missing)
                self.assertFalse(report.closed)
                with self.assertRaises(ValidationError) as caught:
                    self._close(report)
                message = str(caught.exception)
                self.assertIn(report.number, message)
                self.assertIn(words, message)
                # Only what is missing is named.
                for _other, other_words in cases:
                    if other_words != words:
                        self.assertNotIn(other_words, message)

    def test_all_missing_parts_named_at_once(self):
        report = self._create_report(self.complainant, incident_municipality_id=False)
        with self.assertRaises(ValidationError) as caught:
            self._close(report)
        message = str(caught.exception)
        for words in (
            "an outcome",
            "a ground",
            "a domain",
            "a manifestation",
            "the municipality of the incident",
        ):
            self.assertIn(words, message)

    def test_complete_report_closes(self):
        report = self._create_report(
            self.complainant,
            outcome_id=self.outcome_advice.id,
            **self._complete_registration(),
        )
        self.assertTrue(report.registration_complete)
        self.assertFalse(report.registration_missing)
        self._close(report)
        self.assertTrue(report.closed)
        self.assertTrue(report.closed_date)

    def test_location_not_applicable_accepted(self):
        values = dict(
            self._complete_registration(),
            incident_municipality_id=False,
            incident_location_na=True,
            outcome_id=self.outcome_advice.id,
        )
        report = self._create_report(self.complainant, **values)
        self.assertTrue(report.registration_complete)
        self._close(report)
        self.assertTrue(report.closed)

    def test_closed_report_stays_complete(self):
        """Emptying the registration of a closed report is refused too."""
        report = self._create_report(
            self.complainant,
            outcome_id=self.outcome_advice.id,
            **self._complete_registration(),
        )
        self._close(report)
        with self.assertRaises(ValidationError):
            report.with_user(self.handler).domain_id = False
        with self.assertRaises(ValidationError):
            report.with_user(self.handler).outcome_id = False

    def test_registration_missing_shown(self):
        report = self._create_report(self.complainant, ground_ids=self.ground_origin.ids)
        self.assertFalse(report.registration_complete)
        self.assertEqual(report.registration_missing, "a domain, a manifestation")
        report.write(
            {
                "domain_id": self.domain_horeca.id,
                "manifestation_ids": self.manifestation_treatment.ids,
            }
        )
        self.assertTrue(report.registration_complete)
        incomplete = self.env["helpdesk.ticket"].search(
            [("registration_complete", "=", False), ("id", "in", report.ids)]
        )
        self.assertFalse(incomplete)

    def test_other_helpdesk_tickets_close_freely(self):
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Printer kapot", "description": "<p>Papier vast.</p>"}
        )
        closed_stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True), ("is_mdd_stage", "=", False)], limit=1
        )
        ticket.stage_id = closed_stage
        self.assertTrue(ticket.closed)

    def test_incident_date_not_in_future(self):
        with self.assertRaises(ValidationError):
            self._create_report(
                # Two days ahead: in the future in every time zone.
                self.complainant,
                incident_date=fields.Date.today() + timedelta(days=2),
            )


class TestConsent(MddCase):
    """Nothing is done towards the other party without the complainant's consent."""

    def _add_action(self, action_type, user=None):
        return (
            self.env["mdd.report.action"]
            .with_user(user or self.handler)
            .create({"report_id": self.report.id, "type_id": action_type.id})
        )

    def test_actions_towards_other_party_need_consent(self):
        self.assertFalse(self.complainant.consent_share)
        for action_type in (self.action_type_hearing, self.action_type_mediation):
            with self.subTest(type=action_type.code):
                with self.assertRaises(ValidationError) as caught:
                    self._add_action(action_type)
                self.assertIn(action_type.name, str(caught.exception))
                self.assertIn(self.report.number, str(caught.exception))
                self.assertIn("consent", str(caught.exception))

    def test_accepted_once_consent_is_given(self):
        self.complainant.with_user(self.handler).consent_share = True
        # The handler's date (their time zone), whatever the time of day.
        self.assertEqual(
            self.complainant.consent_share_date,
            fields.Date.context_today(self.complainant.with_user(self.handler)),
        )
        for action_type in (self.action_type_hearing, self.action_type_mediation):
            with self.subTest(type=action_type.code):
                action = self._add_action(action_type)
                self.assertEqual(action.report_id, self.report)
                self.assertEqual(action.user_id, self.handler)

    def test_other_actions_need_no_consent(self):
        others = self.env["mdd.action.type"].search([("towards_other_party", "=", False)])
        self.assertGreaterEqual(len(others), 5)
        for action_type in others:
            self._add_action(action_type)
        self.assertEqual(
            set(self.report.action_ids.type_id.ids), set(others.ids) | {self.action_type_intake.id}
        )

    def test_changing_type_is_checked_too(self):
        action = self._add_action(self.action_type_intake)
        with self.assertRaises(ValidationError):
            action.type_id = self.action_type_mediation

    def test_report_without_complainant(self):
        report = self._create_report()
        with self.assertRaises(ValidationError):
            self.env["mdd.report.action"].create(
                {"report_id": report.id, "type_id": self.action_type_hearing.id}
            )

    def test_time_spent(self):
        action = self._add_action(self.action_type_intake)
        action.time_spent = 1.5
        self.assertEqual(self.report.action_time_total, 2.5)
        with self.assertRaises(ValidationError):
            action.time_spent = -1

    def test_other_party_types_from_data(self):
        self.assertTrue(self.action_type_hearing.towards_other_party)
        self.assertTrue(self.action_type_mediation.towards_other_party)
        self.assertFalse(self.action_type_intake.towards_other_party)


class TestIncident(MddCase):
    """Reports about one event are grouped under an incident."""

    def test_link_reports(self):
        reports = self.report | self.report_emmen
        self.assertEqual(self.incident.report_count, 0)
        reports.write({"incident_id": self.incident.id})
        self.assertEqual(self.incident.report_ids, reports)
        self.assertEqual(self.incident.report_count, 2)
        third = self._create_report(self.complainant, incident_id=self.incident.id)
        self.assertEqual(self.incident.report_count, 3)
        third.incident_id = False
        self.assertEqual(self.incident.report_count, 2)

    def test_count_includes_reports_the_user_cannot_see(self):
        """The count is of all reports, also those of the other bureau."""
        (self.report | self.report_emmen).write({"incident_id": self.incident.id})
        incident = self.incident.with_user(self.handler)
        incident.invalidate_recordset()
        self.assertEqual(incident.report_count, 2)
        self.assertEqual(incident.report_ids, self.report)

    def test_handler_links_from_report_form(self):
        form = Form(self.report.with_user(self.handler))
        form.incident_id = self.incident
        form.save()
        self.assertEqual(self.report.incident_id, self.incident)
        self.assertEqual(self.incident.report_count, 1)

    def test_mass_report_flag(self):
        Incident = self.env["mdd.incident"].with_user(self.handler)
        incident = Incident.create(
            {"name": "Uitspraak op landelijke tv", "location_not_applicable": True}
        )
        self.assertFalse(incident.is_mass_report)
        incident.is_mass_report = True
        mass = Incident.search([("is_mass_report", "=", True), ("id", "=", incident.id)])
        self.assertEqual(mass, incident)

    def test_action_view_reports(self):
        self.report.incident_id = self.incident
        action = self.incident.with_user(self.handler).action_view_reports()
        self.assertEqual(action["res_model"], "helpdesk.ticket")
        found = self.env["helpdesk.ticket"].with_user(self.handler).search(action["domain"])
        self.assertEqual(found, self.report)
        self.assertEqual(action["context"]["default_incident_id"], self.incident.id)


class TestMunicipalityReports(MddCase):
    """The reports of a municipality (the model itself is tested in mdd_base)."""

    def _create(self, code, name="Testgemeente"):
        return self.env["mdd.municipality"].create({"name": name, "cbs_code": code})

    def test_report_count_and_action(self):
        village = self._create("GM9990", "Testdorp")
        village.team_id = self.team_mdd
        mine = self._create_report(self.complainant, incident_municipality_id=village.id)
        self._create_report(
            self.complainant, incident_municipality_id=village.id, team_id=self.team_emmen.id
        )
        resident = self._create_complainant(name="Inwoner", residence_municipality_id=village.id)
        elsewhere = self._create_report(resident, incident_municipality_id=self.assen.id)
        # Counted as the user: only the reports they may see.
        self.assertEqual(village.with_user(self.handler).report_count, 1)
        village.invalidate_recordset(["report_count"])
        self.assertEqual(village.with_user(self.coordinator).report_count, 2)
        action = village.with_user(self.handler).action_view_reports()
        found = self.env["helpdesk.ticket"].with_user(self.handler).search(action["domain"])
        self.assertEqual(found, mine | elsewhere)


class TestRegistrationLists(MddCase):
    LISTS = ("mdd.ground", "mdd.domain", "mdd.manifestation", "mdd.action.type", "mdd.outcome")

    def test_shipped_with_codes(self):
        for model in self.LISTS:
            with self.subTest(model=model):
                entries = self.env[model].search([])
                self.assertGreaterEqual(len(entries), 5)
                self.assertTrue(all(entries.mapped("code")))

    def test_code_cannot_change(self):
        for model in self.LISTS:
            with self.subTest(model=model):
                entry = self.env[model].search([], limit=1)
                with self.assertRaises(UserError):
                    entry.with_user(self.coordinator).code = "iets_anders"
                # Writing the same code, or the label, is fine.
                entry.with_user(self.coordinator).write({"code": entry.code, "name": "Nieuw"})
                self.assertEqual(entry.name, "Nieuw")

    def test_new_entry_code_normalised_and_unique(self):
        Ground = self.env["mdd.ground"].with_user(self.coordinator)
        ground = Ground.create({"name": "Taal", "code": " Taal "})
        self.assertEqual(ground.code, "taal")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            Ground.create({"name": "Taal bis", "code": "taal"})

    def test_hierarchy(self):
        child = self.env.ref("mdd_meldpunt.ground_godsdienst_islam")
        self.assertEqual(child.parent_id, self.ground_religion)
        self.assertEqual(child.complete_name, f"{self.ground_religion.name} / {child.name}")
        with self.assertRaises(UserError):
            self.ground_religion.parent_id = child
        subdomain = self.env.ref("mdd_meldpunt.domain_arbeidsmarkt_werving")
        self.assertEqual(subdomain.parent_id, self.env.ref("mdd_meldpunt.domain_arbeidsmarkt"))

    def test_hierarchical_names_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        child = self.env.ref("mdd_meldpunt.ground_godsdienst_islam")
        parent = child.parent_id
        parent.update_field_translations("name", {"nl_NL": "Godsdienst (nl)"})
        child.update_field_translations("name", {"nl_NL": "Moslimdiscriminatie (nl)"})
        english = (
            f"{parent.with_context(lang='en_US').name} / {child.with_context(lang='en_US').name}"
        )
        handler = child.with_user(self.handler)
        # The stored path stays in the source language; what users see is theirs.
        self.assertEqual(child.complete_name, english)
        self.assertEqual(handler.with_context(lang="en_US").display_name, english)
        self.assertEqual(
            handler.with_context(lang="nl_NL").display_name,
            "Godsdienst (nl) / Moslimdiscriminatie (nl)",
        )
        # Tags on a report read in the user's language, and a Dutch word finds the entry.
        Ground = self.env["mdd.ground"].with_user(self.handler).with_context(lang="nl_NL")
        self.assertIn(child, Ground.search([("id", "=", child.id)]))
        found = Ground.name_search("Moslimdiscriminatie (nl)")
        self.assertEqual([row[0] for row in found], [child.id])
        self.assertEqual(found[0][1], "Godsdienst (nl) / Moslimdiscriminatie (nl)")
        # Renaming the parent renames the path of its children.
        parent.with_context(lang="en_US").name = "Belief"
        self.assertEqual(child.complete_name, f"Belief / {child.with_context(lang='en_US').name}")


class TestComplainant(MddCase):
    def test_anonymous_without_contact_data(self):
        for field, value in (("name", "Piet"), ("email", "p@example.com"), ("phone", "0612345678")):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self._create_complainant(anonymous=True, **{field: value})
        anonymous = self._create_complainant(anonymous=True)
        self.assertIn("Anonymous", anonymous.display_name)
        with self.assertRaises(ValidationError):
            anonymous.email = "p@example.com"

    def test_minor_needs_parental_consent_or_anonymity(self):
        with self.assertRaises(ValidationError):
            self._create_complainant(name="Kim", age_group="0_15")
        minor = self._create_complainant(name="Kim", age_group="0_15", parental_consent=True)
        self.assertTrue(minor.is_minor)
        anonymous_minor = self._create_complainant(anonymous=True, age_group="0_15")
        self.assertTrue(anonymous_minor.is_minor)
        with self.assertRaises(ValidationError):
            minor.parental_consent = False
        adult = self._create_complainant(name="Kim", age_group="16_17")
        self.assertFalse(adult.is_minor)
        with self.assertRaises(ValidationError):
            adult.age_group = "0_15"

    def test_postcode(self):
        for postcode in ("9401 AB", "9401AB", "9401ab", "9401"):
            with self.subTest(postcode=postcode):
                self._create_complainant(name="Melder", postcode=postcode)
        for postcode in ("940 AB", "94011 AB", "ABCD 12", "9401-AB", "B-1000"):
            with self.subTest(postcode=postcode), self.assertRaises(ValidationError):
                self._create_complainant(name="Melder", postcode=postcode)

    def test_consent_dates_stamped(self):
        today = fields.Date.context_today(self.complainant)
        complainant = self._create_complainant(name="Melder", consent_contact=True)
        self.assertEqual(complainant.consent_register_date, today)
        self.assertEqual(complainant.consent_contact_date, today)
        self.assertFalse(complainant.consent_share_date)
        complainant.consent_share = True
        self.assertEqual(complainant.consent_share_date, today)
        complainant.consent_contact = False
        self.assertFalse(complainant.consent_contact_date)
        # A date given explicitly is kept.
        earlier = today - timedelta(days=30)
        other = self._create_complainant(
            name="Melder", consent_share=True, consent_share_date=earlier
        )
        self.assertEqual(other.consent_share_date, earlier)

    def test_residence_copied_to_report(self):
        self.assertEqual(self.report.residence_municipality_id, self.assen)
        # ... and editable on the report.
        self.report.residence_municipality_id = self.hoogeveen
        self.assertEqual(self.report.residence_municipality_id, self.hoogeveen)
        self.assertEqual(self.complainant.residence_municipality_id, self.assen)

    def test_report_count(self):
        self.assertEqual(self.complainant.report_count, 1)
        self._create_report(self.complainant)
        self.assertEqual(self.complainant.report_count, 2)
        action = self.complainant.action_view_reports()
        self.assertEqual(
            self.env["helpdesk.ticket"].search(action["domain"]), self.complainant.report_ids
        )

    def test_handler_enables_mail_contact(self):
        """A case handler links a contact for mail and portal follow-up."""
        complainant = self._create_complainant(
            name="Mila Jansen", email="mila@example.com", residence_municipality_id=self.assen.id
        )
        self._create_report(complainant)
        complainant.with_user(self.handler).action_create_partner()
        partner = complainant.partner_id
        self.assertTrue(partner)
        self.assertEqual((partner.name, partner.email), ("Mila Jansen", "mila@example.com"))
        # Only for complainants they may edit.
        other = self._create_complainant(name="Other", email="o@example.com")
        self._create_report(other, team_id=self.team_emmen.id)
        with self.assertRaises(AccessError):
            other.with_user(self.handler).action_create_partner()
        self.assertFalse(other.partner_id)

    def test_no_contact_for_anonymous(self):
        anonymous = self._create_complainant(anonymous=True)
        anonymous.action_create_partner()
        self.assertFalse(anonymous.partner_id)
