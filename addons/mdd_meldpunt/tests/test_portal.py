# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The complainant's portal (/my/meldingen) and the OCA helpdesk portal routes."""

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common_portal import MddPortalCase


@tagged("post_install", "-at_install", "mdd_public")
class TestComplainantPortal(MddPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own_report.message_post(
            body="MDD-PUBLIC-REPLY voor de melder.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.handler.partner_id.id,
        )
        cls.own_report.message_post(
            body="MDD-INTERNAL-NOTE niet voor de melder.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=cls.handler.partner_id.id,
        )

    def test_list_shows_own_reports_only(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/meldingen")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        self.assertIn(self.own_report.number, response.text)
        self.assertNotIn(self.other_report.number, response.text)
        self.assertNotIn("Andere melding", response.text)

    def test_list_needs_login(self):
        response = self.url_open("/my/meldingen", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_home_counter(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my")
        self.assertIn("mdd_report_count", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["mdd_report_count"]})
        self.assertEqual(counters["mdd_report_count"], 1)

    def test_detail_of_own_report(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(f"/my/meldingen/{self.own_report.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_report.number, response.text)
        self.assertIn("o_portal_chatter", response.text)
        self.assertNotIn("MDD-INTERNAL-NOTE", response.text)
        # The chatter data: public messages only, never internal notes.
        data = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "helpdesk.ticket", "thread_id": self.own_report.id, "limit": 30},
        )
        bodies = " ".join(str(m["body"]) for m in data["data"]["mail.message"])
        self.assertIn("MDD-PUBLIC-REPLY", bodies)
        self.assertNotIn("MDD-INTERNAL-NOTE", bodies)

    def test_forged_id_on_portal(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        for report_id in (self.other_report.id, 999999999):
            with self.subTest(report_id=report_id):
                response = self.url_open(f"/my/meldingen/{report_id}")
                self.assertEqual(response.status_code, 404)
                self.assertIn('id="mdd_report_not_found"', response.text)
                self.assertNotIn(self.other_report.number, response.text)
                self.assertNotIn("Andere melding", response.text)
        self.other_report.message_post(
            body="MDD-OTHER-REPLY", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        data = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "helpdesk.ticket", "thread_id": self.other_report.id},
        )
        self.assertFalse(data["data"]["mail.message"])
        # Posting on someone else's report is refused.
        before = self.other_report.message_ids
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.other_report.id,
                    "post_data": {"body": "Inbraak", "message_type": "comment"},
                },
            )
        self.assertEqual(self.other_report.message_ids, before)

    def test_internal_user_is_not_a_complainant(self):
        self.authenticate(self.handler.login, self.handler.login)
        response = self.url_open(f"/my/meldingen/{self.own_report.id}")
        self.assertEqual(response.status_code, 404)

    def test_access_token_link(self):
        token = self.own_report._portal_ensure_token()
        url = f"/my/meldingen/{self.own_report.id}?access_token={token}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.own_report.number, response.text)
        self.assertNotIn("MDD-INTERNAL-NOTE", response.text)
        data = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.own_report.id,
                "token": token,
                "limit": 30,
            },
        )
        bodies = " ".join(str(m["body"]) for m in data["data"]["mail.message"])
        self.assertIn("MDD-PUBLIC-REPLY", bodies)
        self.assertNotIn("MDD-INTERNAL-NOTE", bodies)
        for bad in ("wrong", "", self.other_report._portal_ensure_token()):
            with self.subTest(token=bad):
                response = self.url_open(f"/my/meldingen/{self.own_report.id}?access_token={bad}")
                self.assertEqual(response.status_code, 404)

    def test_access_url(self):
        self.assertEqual(self.own_report.access_url, f"/my/meldingen/{self.own_report.id}")
        ticket = self.env["helpdesk.ticket"].create({"name": "Printer", "description": "<p>x</p>"})
        self.assertEqual(ticket.access_url, f"/my/ticket/{ticket.id}")

    def test_complainant_never_follows(self):
        self.own_report.message_subscribe(partner_ids=self.portal_user.partner_id.ids)
        self.assertNotIn(self.portal_user.partner_id, self.own_report.message_partner_ids)
        # Replying from the portal does not subscribe them either.
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.own_report.id,
                "post_data": {"body": "Antwoord van de melder", "message_type": "comment"},
            },
        )
        self.assertIn("Antwoord van de melder", str(self.own_report.message_ids[0].body))
        self.assertNotIn(self.portal_user.partner_id, self.own_report.message_partner_ids)


@tagged("post_install", "-at_install", "mdd_public")
class TestOcaHelpdeskPortalRoutes(MddPortalCase):
    """The OCA helpdesk's own portal routes never expose a bureau's report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_closed = cls.env.ref("mdd_meldpunt.stage_closed")
        cls.stage_closed.close_from_portal = True
        cls.plain_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Facilitair", "show_in_portal": True}
        )
        cls.plain_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Kapotte lamp",
                "description": "<p>Lamp</p>",
                "team_id": cls.plain_team.id,
                "partner_id": cls.other_portal_user.partner_id.id,
            }
        )
        cls.plain_close_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Gesloten (portal)", "closed": True, "close_from_portal": True}
        )

    def _close(self, ticket, stage):
        _response, csrf, _nonce = self._get_form("/my")
        return self.url_open(
            "/ticket/close",
            data={"csrf_token": csrf, "ticket_id": str(ticket.id), "stage_id": str(stage.id)},
            allow_redirects=False,
        )

    def test_ticket_page_of_another_users_report(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(f"/my/ticket/{self.other_report.id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertNotIn(f"/my/meldingen/{self.other_report.id}", response.headers["Location"])
        response = self.url_open(f"/my/ticket/{self.other_report.id}")
        self.assertNotIn(self.other_report.number, response.text)
        self.assertNotIn("Andere melding", response.text)

    def test_ticket_page_of_own_report_goes_to_meldingen(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open(f"/my/ticket/{self.own_report.id}", allow_redirects=False)
        self.assertIn(f"/my/meldingen/{self.own_report.id}", response.headers["Location"])

    def test_ticket_list_hides_other_reports(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.other_report.number, response.text)

    def test_close_another_users_report_is_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        stage = self.other_report.stage_id
        response = self._close(self.other_report, self.stage_closed)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.other_report.stage_id, stage)
        self.assertNotIn(str(self.other_report.id), response.headers["Location"])

    def test_close_another_users_plain_ticket_is_refused(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        stage = self.plain_ticket.stage_id
        self._close(self.plain_ticket, self.plain_close_stage)
        self.assertEqual(self.plain_ticket.stage_id, stage)

    def test_close_own_plain_ticket_still_works(self):
        self.authenticate(self.other_portal_user.login, self.other_portal_user.login)
        self._close(self.plain_ticket, self.plain_close_stage)
        self.assertEqual(self.plain_ticket.stage_id, self.plain_close_stage)

    def test_close_own_report_needs_a_complete_registration(self):
        """Even the complainant cannot close an unfinished report: no 500 either."""
        self.authenticate(self.portal_user.login, self.portal_user.login)
        stage = self.own_report.stage_id
        response = self._close(self.own_report, self.stage_closed)
        self.assertIn(response.status_code, (302, 303))
        self.assertEqual(self.own_report.stage_id, stage)

    def test_close_with_garbage_is_not_a_500(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        _response, csrf, _nonce = self._get_form("/my")
        response = self.url_open(
            "/ticket/close",
            data={"csrf_token": csrf, "ticket_id": "abc", "stage_id": "x"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))

    def test_new_ticket_form_does_not_offer_bureaus(self):
        self.env.company.helpdesk_mgmt_portal_select_team = True
        self.team_mdd.show_in_portal = True  # even when misconfigured
        self.authenticate(self.portal_user.login, self.portal_user.login)
        response = self.url_open("/new/ticket")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Facilitair", response.text)
        self.assertNotIn(self.team_mdd.name, response.text)

    def test_creating_in_a_bureau_team_is_refused(self):
        self.env.company.helpdesk_mgmt_portal_select_team = True
        self.team_mdd.show_in_portal = True  # even when misconfigured
        self.authenticate(self.portal_user.login, self.portal_user.login)
        _response, csrf, _nonce = self._get_form("/new/ticket")
        Ticket = self.env["helpdesk.ticket"].sudo()
        before = Ticket.search_count([])
        for team in (self.team_mdd, self.team_emmen):
            with self.subTest(team=team.name):
                response = self.url_open(
                    "/submitted/ticket",
                    data={
                        "csrf_token": csrf,
                        "subject": "Discriminatie",
                        "description": "Via het verkeerde formulier",
                        "team": str(team.id),
                    },
                    allow_redirects=False,
                )
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/melden", response.headers["Location"])
        self.assertEqual(Ticket.search_count([]), before)
        self.assertFalse(Ticket.search([("name", "=", "Discriminatie")]))

    def test_creating_a_plain_ticket_still_works(self):
        self.env.company.helpdesk_mgmt_portal_select_team = True
        self.authenticate(self.portal_user.login, self.portal_user.login)
        _response, csrf, _nonce = self._get_form("/new/ticket")
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": csrf,
                "subject": "Lamp kapot",
                "description": "In de gang",
                "team": str(self.plain_team.id),
            },
        )
        ticket = self.env["helpdesk.ticket"].sudo().search([("name", "=", "Lamp kapot")])
        self.assertEqual(ticket.team_id, self.plain_team)
        self.assertFalse(ticket.is_mdd_report)
