# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Users and records shared by the Meldpunt backend tests.

Every kind of user the access policy distinguishes is created here, with the
groups a real user of that kind has, so that the tests run as them (never as
superuser) whenever access matters.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


def setup_bureaus(env):
    """Two bureaus, set up as a bureau's profile add-on would: the first
    handles the municipalities of Drenthe, the second Emmen. The tests do not
    depend on any profile (they make these in their own transaction)."""
    Team = env["helpdesk.ticket.team"]
    values = {"is_mdd_bureau": True, "show_in_portal": False}
    team_mdd = Team.create({**values, "name": "Testmeldpunt Drenthe", "sequence": -20})
    team_emmen = Team.create({**values, "name": "Testmeldpunt Emmen", "sequence": -10})
    drenthe = env["mdd.municipality"].search([("province_id", "=", env.ref("base.state_nl_dr").id)])
    drenthe.write({"team_id": team_mdd.id, "in_service_area": True})
    env.ref("mdd_base.municipality_gm0114").team_id = team_emmen
    return team_mdd, team_emmen


def run_after_intake(env):
    """Run the after-intake job as its cron does (crons do not run in tests)."""
    env.ref("mdd_meldpunt.ir_cron_mdd_after_intake").method_direct_trigger()


class MddCase(TransactionCase):
    """Base class: the bureaus, one user of each kind, two sample reports."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                no_reset_password=True,
            )
        )
        env = cls.env
        ref = env.ref
        cls.team_mdd, cls.team_emmen = setup_bureaus(env)
        cls.stage_new = ref("mdd_meldpunt.stage_new")
        cls.stage_in_progress = ref("mdd_meldpunt.stage_in_progress")
        cls.stage_closed = ref("mdd_meldpunt.stage_closed")

        cls.assen = ref("mdd_base.municipality_gm0106")
        cls.emmen = ref("mdd_base.municipality_gm0114")
        cls.hoogeveen = ref("mdd_base.municipality_gm0118")
        cls.meppel = ref("mdd_base.municipality_gm0119")

        cls.ground_origin = ref("mdd_meldpunt.ground_herkomst")
        cls.ground_religion = ref("mdd_meldpunt.ground_godsdienst")
        cls.domain_horeca = ref("mdd_meldpunt.domain_horeca")
        cls.domain_media = ref("mdd_meldpunt.domain_media")
        cls.manifestation_treatment = ref("mdd_meldpunt.manifestation_omstreden_behandeling")
        cls.manifestation_remarks = ref("mdd_meldpunt.manifestation_uitlatingen")
        cls.action_type_intake = ref("mdd_meldpunt.action_type_intake")
        cls.action_type_hearing = ref("mdd_meldpunt.action_type_wederhoor")
        cls.action_type_mediation = ref("mdd_meldpunt.action_type_bemiddeling")
        cls.outcome_advice = ref("mdd_meldpunt.outcome_advies_gegeven")

        # Users of each kind, with the groups a real user of that kind has.
        cls.handler = new_test_user(
            env,
            login="mdd_t_handler",
            name="Handler MDD",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        cls.handler_emmen = new_test_user(
            env,
            login="mdd_t_handler_emmen",
            name="Handler Emmen",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        cls.coordinator = new_test_user(
            env,
            login="mdd_t_coordinator",
            name="Coordinator",
            groups="base.group_user,mdd_meldpunt.group_mdd_manager",
        )
        cls.internal = new_test_user(
            env, login="mdd_t_internal", name="Internal", groups="base.group_user"
        )
        cls.helpdesk_user = new_test_user(
            env,
            login="mdd_t_helpdesk_user",
            name="Helpdesk user",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.helpdesk_manager = new_test_user(
            env,
            login="mdd_t_helpdesk_manager",
            name="Helpdesk manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
        )
        cls.portal = new_test_user(
            env, login="mdd_t_portal", name="Portal", groups="base.group_portal"
        )
        cls.portal_complainant = new_test_user(
            env,
            login="mdd_t_portal_complainant",
            name="Portal complainant",
            email="melder.test@example.com",
            groups="base.group_portal",
        )
        # The helpdesk users are even members of the MDD team: that must not
        # open the reports to them.
        cls.team_mdd.user_ids = [
            (4, cls.handler.id),
            (4, cls.helpdesk_user.id),
            (4, cls.helpdesk_manager.id),
        ]
        cls.team_emmen.user_ids = [(4, cls.handler_emmen.id)]

        # Sample complainants and reports.
        cls.complainant = cls._create_complainant(
            name="Sara Assen",
            email="melder.test@example.com",
            residence_municipality_id=cls.assen.id,
            partner_id=cls.portal_complainant.partner_id.id,
            consent_contact=True,
        )
        cls.complainant_emmen = cls._create_complainant(
            name="Erik Emmen", residence_municipality_id=cls.emmen.id
        )
        cls.report = cls._create_report(cls.complainant, name="Geweigerd bij de deur")
        cls.report_emmen = cls._create_report(cls.complainant_emmen, name="Uitgescholden in Emmen")
        # A plain internal user following the report must not open it either.
        cls.report.message_subscribe(partner_ids=cls.internal.partner_id.ids)
        cls.incident = env["mdd.incident"].create(
            {
                "name": "Opmerking in talkshow",
                "date": fields.Date.today() - timedelta(days=10),
                "location_not_applicable": True,
            }
        )
        cls.action = env["mdd.report.action"].create(
            {
                "report_id": cls.report.id,
                "type_id": cls.action_type_intake.id,
                "user_id": cls.handler.id,
                "time_spent": 1.0,
            }
        )

    @classmethod
    def _create_complainant(cls, **vals):
        return cls.env["mdd.complainant"].create({"age_group": "30_44", "role": "victim", **vals})

    @classmethod
    def _create_report(cls, complainant=None, **vals):
        """A report as staff would register it; routed unless a team is given."""
        values = {
            "name": "Melding",
            "description": "<p>Wat er gebeurde.</p>",
            "incident_date": fields.Date.today() - timedelta(days=5),
            "incident_municipality_id": cls.assen.id,
        }
        if complainant:
            values["complainant_id"] = complainant.id
        values.update(vals)
        return cls.env["helpdesk.ticket"].with_context(mdd_report=True).create(values)

    @classmethod
    def _complete_registration(cls):
        """Values that complete the registration of a report."""
        return {
            "ground_ids": [(6, 0, cls.ground_origin.ids)],
            "domain_id": cls.domain_horeca.id,
            "manifestation_ids": [(6, 0, cls.manifestation_treatment.ids)],
            "incident_municipality_id": cls.assen.id,
        }
