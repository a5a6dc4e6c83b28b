# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Constructed data for the figures tests (Wga form, suppression, outputs).

Everything lives in the year 2010, in fictional municipalities of a test
bureau, so the demo data (recent years, real municipalities) cannot change
the numbers. The expected Wga form for 2010 (threshold 5) is::

    municipality  col1  col2  col3  total   why
    Aadorp          6     3     3     12    every Wga case, see below
    Beekdal         5     1     1      7
    Cederveen       5     5     0     10    nothing small: all shown
    Dorpsveen       2     0     0      2    small total
    Fenweg          5     5     0     10    small domain counts hide the total

Aadorp (A): column 1: six residents about A (one with two grounds, one
without an incident date registered in 2010); column 2: a resident about
Beekdal, one about an online incident and one about Verweg (outside
Drenthe); column 3: a Beekdal resident, an anonymous reporter and a Verweg
resident about A. Left out of A: one report of a mass-report incident and
one marked not to count.
"""

from datetime import date, datetime
from pathlib import Path

from odoo.tests import HttpCase, TransactionCase, new_test_user

YEAR = 2010
DATA_DIR = Path(__file__).parent / "data"


def build_figures_data(cls):
    cls.env = cls.env(
        context=dict(
            cls.env.context,
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
            no_reset_password=True,
        )
    )
    cls.year = YEAR
    _build_municipalities(cls)
    _build_reports(cls)
    _build_users(cls)


def _build_municipalities(cls):
    env = cls.env
    ref = env.ref
    Team = env["helpdesk.ticket.team"]
    cls.bureau = Team.create({"name": "Testbureau cijfers", "is_mdd_bureau": True})
    cls.other_team = Team.create({"name": "IT-support test", "is_mdd_bureau": False})
    Municipality = env["mdd.municipality"]

    def municipality(name, code, team=cls.bureau, active=True):
        return Municipality.create(
            {
                "name": name,
                "cbs_code": code,
                "team_id": team.id if team else False,
                "active": active,
            }
        )

    cls.aadorp = municipality("Aadorp", "GM9901")
    cls.beekdal = municipality("Beekdal", "GM9902")
    cls.cederveen = municipality("Cederveen", "GM9903")
    cls.dorpsveen = municipality("Dorpsveen", "GM9904")
    cls.elzen = municipality("Elzen", "GM9905", active=False)
    cls.fenweg = municipality("Fenweg", "GM9906")
    # Outside Drenthe, handled by no bureau (added by staff).
    cls.verweg = municipality("Verweg", "GM9999", team=False)
    cls.rows = cls.aadorp | cls.beekdal | cls.cederveen | cls.dorpsveen | cls.fenweg

    cls.herkomst = ref("mdd_meldpunt.ground_herkomst")
    cls.huidskleur = ref("mdd_meldpunt.ground_herkomst_huidskleur")
    cls.afkomst = ref("mdd_meldpunt.ground_herkomst_afkomst")
    cls.godsdienst = ref("mdd_meldpunt.ground_godsdienst")
    cls.leeftijd = ref("mdd_meldpunt.ground_leeftijd")
    cls.horeca = ref("mdd_meldpunt.domain_horeca")
    cls.wonen = ref("mdd_meldpunt.domain_wonen")
    cls.media = ref("mdd_meldpunt.domain_media")
    cls.openbare_ruimte = ref("mdd_meldpunt.domain_openbare_ruimte")
    cls.uitlatingen = ref("mdd_meldpunt.manifestation_uitlatingen")
    cls.bejegening = ref("mdd_meldpunt.manifestation_vijandige_bejegening")
    cls.bedreiging = ref("mdd_meldpunt.manifestation_bedreiging")
    cls.mass_incident = env["mdd.incident"].create(
        {"name": "Uitspraak op landelijke tv", "is_mass_report": True}
    )
    cls.incident = env["mdd.incident"].create(
        {"name": "Voorval bij de snackbar", "municipality_id": cls.aadorp.id}
    )


def _build_reports(cls):
    A, B, C, D, F, X = (
        cls.aadorp,
        cls.beekdal,
        cls.cederveen,
        cls.dorpsveen,
        cls.fenweg,
        cls.verweg,
    )
    cls.reports = {}
    add = cls._figures_report
    # Aadorp, column 1.
    for i in range(1, 3):
        add(
            f"a_in_a_{i}",
            A,
            A,
            grounds=cls.herkomst,
            domain=cls.horeca,
            manifestations=cls.uitlatingen,
            incident=cls.incident,
        )
    add(
        "a_in_a_3",
        A,
        A,
        grounds=cls.huidskleur | cls.afkomst,
        domain=cls.horeca,
        manifestations=cls.uitlatingen,
    )
    add("a_in_a_4", A, A, grounds=cls.huidskleur, domain=cls.horeca)
    add(
        "a_two_grounds",
        A,
        A,
        grounds=cls.herkomst | cls.godsdienst,
        domain=cls.wonen,
        manifestations=cls.bejegening | cls.bedreiging,
    )
    add(
        "a_no_date",
        A,
        A,
        grounds=cls.leeftijd,
        incident_date=False,
        create_date=datetime(YEAR, 6, 1, 10, 0),
    )
    # Aadorp, column 2.
    add("a_in_b", A, B)
    add("a_online", A, False, location_na=True)
    add("a_in_verweg", A, X)
    # Aadorp, column 3.
    add("b_in_a", B, A)
    add("anonymous_in_a", False, A)
    add("verweg_in_a", X, A)
    # Left out of Aadorp.
    add("a_mass", A, A, incident=cls.mass_incident)
    add("a_not_counted", A, A, counts_in_figures=False)
    # In no row: outside the bureau's municipalities, or no municipality.
    add("verweg_in_verweg", X, X)
    add("nowhere", False, False, location_na=True)
    add("elzen_in_elzen", cls.elzen, cls.elzen)
    # Not in YEAR: the year before (trend), and registered on New Year's Eve
    # 23:30 UTC, which is 2002 in Dutch time.
    add("a_in_a_2000", A, A, incident_date=date(YEAR - 1, 5, 5))
    add("a_new_year", A, A, incident_date=False, create_date=datetime(YEAR, 12, 31, 23, 30))
    # Not a discrimination report / archived: never counted.
    add("it_ticket", A, A, team=cls.other_team)
    add("archived", A, A, active=False)
    # Beekdal: 5 in column 1.
    for i in range(5):
        add(f"b_in_b_{i}", B, B, domain=cls.wonen)
    # Cederveen: 5 + 5 with one domain, nothing small.
    for i in range(5):
        add(f"c_in_c_{i}", C, C, domain=cls.openbare_ruimte)
        add(f"c_online_{i}", C, False, location_na=True, domain=cls.openbare_ruimte)
    # Dorpsveen: 2.
    for i in range(2):
        add(f"d_in_d_{i}", D, D)
    # Fenweg: 5 + 5, domains 4 + 1 + 5.
    for i in range(5):
        add(f"f_in_f_{i}", F, F, domain=cls.horeca if i < 4 else cls.wonen)
        add(f"f_online_{i}", F, False, location_na=True, domain=cls.media)
    cls.env.flush_all()


def _build_users(cls):
    env = cls.env
    cls.coordinator = new_test_user(
        env, login="fig_coordinator", groups="base.group_user,mdd_meldpunt.group_mdd_manager"
    )
    cls.handler = new_test_user(
        env, login="fig_handler", groups="base.group_user,mdd_meldpunt.group_mdd_user"
    )
    cls.bureau.user_ids = [(4, cls.handler.id)]
    cls.internal_user = new_test_user(env, login="fig_internal", groups="base.group_user")
    cls.official = new_test_user(
        env,
        login="fig_official",
        password="fig_official",
        name="Ambtenaar Aadorp",
        groups="base.group_portal",
    )
    cls.official.partner_id.mdd_municipality_id = cls.aadorp
    cls.other_portal = new_test_user(
        env, login="fig_portal", password="fig_portal", groups="base.group_portal"
    )


def _figures_report(
    cls,
    key,
    residence,
    incident_municipality,
    *,
    location_na=False,
    grounds=None,
    domain=None,
    manifestations=None,
    incident=None,
    counts_in_figures=True,
    incident_date=date(YEAR, 3, 15),
    create_date=None,
    team=None,
    active=True,
):
    """A report as staff registers it (routing skipped: the team is given)."""
    Ticket = cls.env["helpdesk.ticket"]
    report = Ticket.create(
        {
            "name": f"Testmelding {key}",
            "description": "<p>Testmelding</p>",
            "team_id": (team or cls.bureau).id,
            "report_type": "melding",
            "residence_municipality_id": residence.id if residence else False,
            "incident_municipality_id": (
                incident_municipality.id if incident_municipality else False
            ),
            "incident_location_na": location_na,
            "incident_date": incident_date,
            "ground_ids": [(6, 0, grounds.ids if grounds else [])],
            "domain_id": domain.id if domain else False,
            "manifestation_ids": [(6, 0, manifestations.ids if manifestations else [])],
            "incident_id": incident.id if incident else False,
            "counts_in_figures": counts_in_figures,
            "active": active,
        }
    )
    if create_date:
        report.flush_recordset()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (create_date, report.id),
        )
        report.invalidate_recordset(["create_date"])
    cls.reports[key] = report
    return report


class FiguresMixin:
    _figures_report = classmethod(_figures_report)

    def expected_file(self, name):
        return (DATA_DIR / name).read_bytes()


class FiguresCase(FiguresMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_figures_data(cls)


class FiguresHttpCase(FiguresMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_figures_data(cls)
