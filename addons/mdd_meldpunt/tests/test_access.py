# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The access policy of the Meldpunt, as a table.

Every check runs as a real user of that kind (``with_user``), never as
superuser. A refused read means both: ``read`` raises an AccessError, and a
search finds nothing.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MddCase

# The users, in the column order of the table below.
USERS = (
    "handler",  # case handler, member of the MDD bureau
    "handler_emmen",  # case handler of the other bureau (Emmen)
    "coordinator",  # coordinator: everything, plus configuration
    "internal",  # internal user without MDD group (follows the report!)
    "helpdesk_user",  # helpdesk user, even a member of the MDD team
    "helpdesk_manager",  # helpdesk manager, even a member of the MDD team
    "portal",  # portal user, not the complainant
    "portal_complainant",  # portal user who is the complainant of the report
)

# R = read, W = write, C = create, U = unlink (delete); "-" = refused.
# Reports, complainants and actions are those of a report of the MDD bureau.
# fmt: off
POLICY = {
    #                      handler emmen   coord   intern  hd-user hd-man  portal  complainant
    "helpdesk.ticket":    ("RWC-", "----", "RWCU", "----", "----", "----", "----", "R---"),
    "mdd.complainant":    ("RWC-", "--C-", "RWCU", "----", "----", "----", "----", "----"),
    "mdd.incident":       ("RWC-", "RWC-", "RWCU", "----", "----", "----", "----", "----"),
    "mdd.report.action":  ("RWCU", "----", "RWCU", "----", "----", "----", "----", "----"),
    "mdd.municipality":   ("R---", "R---", "RWCU", "R---", "R---", "R---", "R---", "R---"),
    "mdd.ground":         ("R---", "R---", "RWCU", "R---", "R---", "R---", "----", "----"),
    "mdd.domain":         ("R---", "R---", "RWCU", "R---", "R---", "R---", "----", "----"),
    "mdd.manifestation":  ("R---", "R---", "RWCU", "R---", "R---", "R---", "----", "----"),
    "mdd.action.type":    ("R---", "R---", "RWCU", "R---", "R---", "R---", "----", "----"),
    "mdd.outcome":        ("R---", "R---", "RWCU", "R---", "R---", "R---", "----", "----"),
}
# fmt: on

REGISTRATION_LISTS = (
    "mdd.ground",
    "mdd.domain",
    "mdd.manifestation",
    "mdd.action.type",
    "mdd.outcome",
)


@tagged("mdd_access")
class TestAccessMatrix(MddCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samples = {
            "helpdesk.ticket": cls.report,
            "mdd.complainant": cls.complainant,
            "mdd.incident": cls.incident,
            "mdd.report.action": cls.action,
            "mdd.municipality": cls.assen,
        }
        for model in REGISTRATION_LISTS:
            cls.samples[model] = cls.env[model].search([], limit=1)
        cls._serial = 0

    # ------------------------------------------------------------------
    # Values used per model
    # ------------------------------------------------------------------

    def _unique(self):
        type(self)._serial += 1
        return self._serial

    def _create_values(self, model):
        n = self._unique()
        if model == "helpdesk.ticket":
            return {
                "name": "Nieuwe melding",
                "description": "<p>Telefonische melding.</p>",
                "team_id": self.team_mdd.id,
                "incident_municipality_id": self.assen.id,
            }
        if model == "mdd.complainant":
            return {"name": "Nieuwe melder", "age_group": "45_64"}
        if model == "mdd.incident":
            return {"name": "Nieuw voorval"}
        if model == "mdd.report.action":
            return {"report_id": self.report.id, "type_id": self.action_type_intake.id}
        if model == "mdd.municipality":
            return {"name": f"Testgemeente {n}", "cbs_code": f"GM98{n:02d}"}
        return {"name": f"Test {n}", "code": f"test_access_{n}"}

    def _write_values(self, model):
        return {
            "helpdesk.ticket": {"name": "Geweigerd bij de deur (bijgewerkt)"},
            "mdd.complainant": {"phone": "0612345678"},
            "mdd.incident": {"description": "Bijgewerkt"},
            "mdd.report.action": {"result": "Gesprek gevoerd"},
            "mdd.municipality": {"name": "Assen (bijgewerkt)"},
        }.get(model, {"description": "Bijgewerkte toelichting"})

    def _fresh_record(self, model):
        """A record to delete, created by the superuser."""
        if model == "mdd.report.action":
            return self.action.copy()
        if model == "helpdesk.ticket":
            return self._create_report(self.complainant)
        return self.env[model].create(self._create_values(model))

    # ------------------------------------------------------------------
    # The checks
    # ------------------------------------------------------------------

    def _can_read(self, user, record):
        Model = self.env[record._name].with_user(user)
        try:
            found = Model.search([("id", "=", record.id)])
        except AccessError:
            found = Model
        try:
            record.with_user(user).read(["display_name"])
            readable = True
        except AccessError:
            readable = False
        self.assertEqual(
            bool(found),
            readable,
            f"search and read disagree for {user.login} on {record._name}",
        )
        return readable

    def _can_write(self, user, record):
        try:
            record.with_user(user).write(self._write_values(record._name))
            record.env.flush_all()
            return True
        except AccessError:
            return False

    def _can_create(self, user, model):
        try:
            record = self.env[model].with_user(user).create(self._create_values(model))
            record.env.flush_all()
            return True
        except AccessError:
            return False

    def _can_unlink(self, user, model):
        record = self._fresh_record(model)
        try:
            record.with_user(user).unlink()
        except AccessError:
            self.assertTrue(record.exists())
            return False
        self.assertFalse(record.exists())
        return True

    def test_policy(self):
        for model, rights_per_user in POLICY.items():
            record = self.samples[model]
            self.assertTrue(record, model)
            for login, rights in zip(USERS, rights_per_user, strict=True):
                user = getattr(self, login)
                expected = {
                    "read": "R" in rights,
                    "write": "W" in rights,
                    "create": "C" in rights,
                    "unlink": "U" in rights,
                }
                actual = {
                    "read": self._can_read(user, record),
                    "write": self._can_write(user, record),
                    "create": self._can_create(user, model),
                    "unlink": self._can_unlink(user, model),
                }
                with self.subTest(model=model, user=login):
                    self.assertEqual(actual, expected)

    # ------------------------------------------------------------------
    # The same policy seen from the other side, and a few special cases
    # ------------------------------------------------------------------

    def test_each_bureau_sees_its_own_reports(self):
        Ticket = self.env["helpdesk.ticket"]
        reports = self.report | self.report_emmen
        domain = [("id", "in", reports.ids)]
        expected = {
            "handler": self.report,
            "handler_emmen": self.report_emmen,
            "coordinator": reports,
            "internal": Ticket,
            "helpdesk_user": Ticket,
            "helpdesk_manager": Ticket,
            "portal": Ticket,
            "portal_complainant": self.report,
        }
        for login, visible in expected.items():
            with self.subTest(user=login):
                user = getattr(self, login)
                try:
                    found = Ticket.with_user(user).search(domain)
                except AccessError:
                    found = Ticket
                self.assertEqual(found, visible)
                # read_group leaks no counts either
                try:
                    groups = Ticket.with_user(user).read_group(domain, ["team_id"], ["team_id"])
                    count = sum(group["team_id_count"] for group in groups)
                except AccessError:
                    count = 0
                self.assertEqual(count, len(visible))

    def test_handler_sees_reports_assigned_to_them(self):
        """A report of the other bureau, assigned to a handler, is theirs too."""
        self.report_emmen.user_id = self.handler
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        self.assertEqual(Ticket.search([("id", "=", self.report_emmen.id)]), self.report_emmen)
        self.assertIn(
            self.complainant_emmen, self.env["mdd.complainant"].with_user(self.handler).search([])
        )

    def test_handler_of_other_bureau(self):
        """What the Emmen handler cannot see, they cannot reach through a relation."""
        Complainant = self.env["mdd.complainant"].with_user(self.handler_emmen)
        self.assertFalse(Complainant.search([("id", "=", self.complainant.id)]))
        self.assertFalse(
            self.env["mdd.report.action"]
            .with_user(self.handler_emmen)
            .search([("report_id", "=", self.report.id)])
        )
        # Incidents are shared by the bureaus; their reports are not.
        self.report.incident_id = self.incident
        incident = self.incident.with_user(self.handler_emmen)
        self.assertFalse(incident.report_ids)
        # A complainant created by the handler, without reports yet, is theirs.
        own = Complainant.create({"name": "Telefonische melder"})
        self.assertEqual(Complainant.search([("id", "=", own.id)]), own)
        self.assertFalse(
            self.env["mdd.complainant"].with_user(self.handler).search([("id", "=", own.id)])
        )

    def test_no_complainant_of_another_bureau_by_linking(self):
        """Naming another bureau's complainant on one's own report is refused."""
        Report = self.env["helpdesk.ticket"].with_user(self.handler_emmen)
        before = self.env["helpdesk.ticket"].search_count([])
        with self.assertRaises(AccessError):
            Report.with_context(mdd_report=True).create(
                {
                    "name": "Melding",
                    "description": "<p>Wat er gebeurde.</p>",
                    "complainant_id": self.complainant.id,
                    "incident_municipality_id": self.emmen.id,
                }
            )
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)
        with self.assertRaises(AccessError):
            self.report_emmen.with_user(self.handler_emmen).complainant_id = self.complainant
        self.assertEqual(self.report_emmen.complainant_id, self.complainant_emmen)
        self.assertFalse(
            self.env["mdd.complainant"]
            .with_user(self.handler_emmen)
            .search([("id", "=", self.complainant.id)])
        )
        # Their own bureau's complainant is fine.
        self.report_emmen.with_user(self.handler_emmen).complainant_id = self.complainant_emmen

    def test_no_complainant_data_through_the_report(self):
        """Users who cannot read complainants get none through a report they see."""
        self.report_emmen.user_id = self.handler
        self.assertEqual(
            self.report_emmen.with_user(self.handler).complainant_id.name, "Erik Emmen"
        )
        with self.assertRaises(AccessError):
            self.report.with_user(self.portal_complainant).complainant_id.name  # noqa: B018

    def test_mdd_menu_for_mdd_staff_only(self):
        Menu = self.env["ir.ui.menu"]
        root = self.env.ref("mdd_meldpunt.menu_mdd_root")
        for login in ("internal", "helpdesk_user", "helpdesk_manager"):
            with self.subTest(user=login):
                self.assertNotIn(root.id, Menu.with_user(getattr(self, login))._visible_menu_ids())
        for login in ("handler", "handler_emmen", "coordinator"):
            with self.subTest(user=login):
                self.assertIn(root.id, Menu.with_user(getattr(self, login))._visible_menu_ids())

    def test_configuration_menu_for_coordinators_only(self):
        Menu = self.env["ir.ui.menu"]
        config = self.env.ref("mdd_meldpunt.menu_mdd_config")
        self.assertNotIn(config.id, Menu.with_user(self.handler)._visible_menu_ids())
        self.assertIn(config.id, Menu.with_user(self.coordinator)._visible_menu_ids())


class TestComplainantContactPrivacy(MddCase):
    """A complainant's contact stays out of the shared contact book."""

    def test_contact_hidden_from_other_users(self):
        partner = self.portal_complainant.partner_id
        self.assertTrue(partner.mdd_is_complainant)
        Partner = self.env["res.partner"]
        for user in (self.internal, self.helpdesk_manager, self.portal, self.handler_emmen):
            with self.subTest(user=user.login):
                self.assertFalse(
                    Partner.with_user(user).search([("id", "=", partner.id)]),
                    "a complainant's contact must not be found",
                )
                with self.assertRaises(AccessError):
                    partner.with_user(user).read(["name", "email"])

    def test_contact_visible_to_staff_and_the_person(self):
        partner = self.portal_complainant.partner_id
        for user in (self.handler, self.coordinator, self.portal_complainant):
            with self.subTest(user=user.login):
                self.assertEqual(partner.with_user(user).read(["email"])[0]["email"], partner.email)

    def test_ordinary_contacts_stay_visible(self):
        other = self.env["res.partner"].create({"name": "Bakkerij De Drentse Zon"})
        self.assertFalse(other.mdd_is_complainant)
        self.assertEqual(other.with_user(self.internal).read(["name"])[0]["name"], other.name)

    def test_flag_follows_the_link(self):
        partner = self.env["res.partner"].create({"name": "Later melder"})
        complainant = self._create_complainant(name="Later melder")
        complainant.partner_id = partner
        self.assertTrue(partner.mdd_is_complainant)
        complainant.partner_id = False
        self.assertFalse(partner.mdd_is_complainant)
