# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the Wga publication tests: the year 2025 in Assen and Meppel.

Every other report is archived in the test's transaction (archived reports
never count), and other officials lose their municipality, so the demo data
cannot change the numbers or the deliveries. Before anything
is published the live Wga form of 2025 is, with threshold 5::

    municipality  col1  col2  col3  total
    Assen           6     0     0      6    six residents about Assen
    Meppel          5     0     0      5    five residents about Meppel
    (the other municipalities of the bureaus: 0)

plus, left out of Assen, one report of a mass-report incident.
"""

from datetime import date

from odoo.tests import new_test_user

from .common import setup_bureaus

YEAR = 2025


def build_publication_data(cls):
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
    cls.year = YEAR
    env["helpdesk.ticket"].with_context(active_test=False).search([]).write({"active": False})
    # Nor the publications and officials of the demo data: the tests make
    # their own (a published version cannot be deleted: only in this
    # test's transaction, bypassing the ORM).
    env.cr.execute("DELETE FROM mdd_wga_delivery")
    env.cr.execute("DELETE FROM mdd_wga_publication")
    env.invalidate_all()
    env["res.partner"].with_context(active_test=False).search(
        [("mdd_municipality_id", "!=", False)]
    ).write({"mdd_municipality_id": False})
    env["ir.config_parameter"].sudo().set_param("mdd_meldpunt.figures_threshold", 5)
    cls.team_mdd, cls.team_emmen = setup_bureaus(env)
    cls.teams = cls.team_mdd | cls.team_emmen
    cls.assen = ref("mdd_base.municipality_gm0106")
    cls.meppel = ref("mdd_base.municipality_gm0119")
    cls.herkomst = ref("mdd_meldpunt.ground_herkomst")
    cls.godsdienst = ref("mdd_meldpunt.ground_godsdienst")
    cls.horeca = ref("mdd_meldpunt.domain_horeca")
    cls.wonen = ref("mdd_meldpunt.domain_wonen")
    cls.uitlatingen = ref("mdd_meldpunt.manifestation_uitlatingen")
    cls.mass_incident = env["mdd.incident"].create(
        {"name": "Uitspraak op landelijke tv (test)", "is_mass_report": True}
    )
    for i in range(6):
        cls._publication_report(
            cls.assen,
            ground=cls.herkomst if i < 4 else cls.godsdienst,
            domain=cls.horeca,
            name=f"Assen {i}",
        )
    cls._publication_report(cls.assen, incident=cls.mass_incident, name="Assen massa")
    for i in range(5):
        cls._publication_report(
            cls.meppel, ground=cls.herkomst, domain=cls.wonen, name=f"Meppel {i}"
        )

    cls.coordinator = new_test_user(
        env,
        login="pub_coordinator",
        password="pub_coordinator",
        name="Coördinator Publicatie",
        groups="base.group_user,mdd_meldpunt.group_mdd_manager",
    )
    cls.handler = new_test_user(
        env, login="pub_handler", groups="base.group_user,mdd_meldpunt.group_mdd_user"
    )
    cls.team_mdd.user_ids = [(4, cls.handler.id)]
    cls.internal = new_test_user(env, login="pub_internal", groups="base.group_user")
    cls.official = new_test_user(
        env,
        login="pub_official",
        password="pub_official",
        name="Ambtenaar Assen",
        email="ambtenaar@assen.example.nl",
        groups="base.group_portal",
    )
    cls.official.partner_id.mdd_municipality_id = cls.assen
    cls.official_meppel = new_test_user(
        env,
        login="pub_official_meppel",
        password="pub_official_meppel",
        name="Ambtenaar Meppel",
        email="ambtenaar@meppel.example.nl",
        groups="base.group_portal",
    )
    cls.official_meppel.partner_id.mdd_municipality_id = cls.meppel
    cls.portal_other = new_test_user(
        env, login="pub_portal", password="pub_portal", groups="base.group_portal"
    )
    env.flush_all()


def _publication_report(
    cls, municipality, *, ground=None, domain=None, incident=None, name="Melding"
):
    """A 2025 report of a resident about an incident in the same municipality."""
    return cls.env["helpdesk.ticket"].create(
        {
            "name": f"Publicatietest {name}",
            "description": "<p>Publicatietest</p>",
            "team_id": cls.team_mdd.id,
            "report_type": "melding",
            "residence_municipality_id": municipality.id,
            "incident_municipality_id": municipality.id,
            "incident_date": date(YEAR, 3, 15),
            "ground_ids": [(6, 0, ground.ids if ground else [])],
            "domain_id": domain.id if domain else False,
            "manifestation_ids": [(6, 0, cls.uitlatingen.ids)],
            "incident_id": incident.id if incident else False,
        }
    )


class PublicationMixin:
    _publication_report = classmethod(_publication_report)

    @classmethod
    def publish(cls, year=YEAR, reason=None, user=None):
        """Publish ``year`` for the municipalities of both bureaus, as a
        coordinator, with the wizard; returns the published versions."""
        Wizard = cls.env["mdd.wga.publication.wizard"].with_user(user or cls.coordinator)
        wizard = Wizard.create({"year": year, "team_ids": [(6, 0, cls.teams.ids)]})
        if reason:
            wizard.reason = reason
        wizard.action_publish()
        return cls.published(year)

    @classmethod
    def published(cls, year=YEAR):
        return cls.env["mdd.wga.publication"].search(
            [("year", "=", year), ("state", "=", "published")]
        )
