# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the public form, status page and portal tests."""

import io
import re
import zipfile
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user

from .common import setup_bureaus

CSRF = re.compile(r'(?:name="csrf_token" value="|csrf_token: ")([^"]+)"')
NONCE = re.compile(r'name="form_nonce" value="([^"]+)"')
NUMBER = re.compile(r'id="mdd_report_number">([^<]+)<')
CODE = re.compile(r'id="mdd_receipt_code">([^<]+)<')
FIELD_ERROR = re.compile(r'<div[^>]*o_mdd_field_error[^>]*data-field="(\w+)"')
ERROR_SUMMARY = 'id="mdd_error_summary"'

# A small, valid PNG (1x1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("brief.txt", "Een archief")
    return buffer.getvalue()


ZIP = _zip()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class MddPortalCase(HttpCase):
    """Records and helpers shared by the public form and portal tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.team_mdd, cls.team_emmen = setup_bureaus(env)
        cls.assen = env.ref("mdd_base.municipality_gm0106")
        cls.emmen = env.ref("mdd_base.municipality_gm0114")
        cls.ground = env.ref("mdd_meldpunt.ground_herkomst")
        cls.ground_unknown = env.ref("mdd_meldpunt.ground_onbekend")
        cls.manifestation = env.ref("mdd_meldpunt.manifestation_omstreden_behandeling")
        cls.handler = new_test_user(
            env,
            login="mdd_portal_handler",
            name="Handler Portaltest",
            email="handler.portaltest@example.org",
            lang="nl_NL",
            groups="base.group_user,mdd_meldpunt.group_mdd_user",
        )
        cls.team_mdd.user_ids = [(4, cls.handler.id)]
        cls.portal_user = new_test_user(
            env,
            login="mdd_portal_melder",
            password="mdd_portal_melder",
            name="Melder Portaltest",
            email="melder.portaltest@example.com",
            lang="nl_NL",
            groups="base.group_portal",
        )
        cls.other_portal_user = new_test_user(
            env,
            login="mdd_portal_other",
            password="mdd_portal_other",
            name="Andere Portaltest",
            email="andere.portaltest@example.com",
            lang="nl_NL",
            groups="base.group_portal",
        )
        cls.own_report = cls._create_report(cls.portal_user.partner_id, "Eigen melding")
        cls.other_report = cls._create_report(cls.other_portal_user.partner_id, "Andere melding")

    @classmethod
    def _create_report(cls, partner=None, name="Melding", code=None):
        """A report of the MDD team, as staff would register it."""
        Complainant = cls.env["mdd.complainant"]
        complainant = Complainant.create(
            {
                "name": partner.name if partner else False,
                "anonymous": not partner,
                "email": partner.email if partner else False,
                "partner_id": partner.id if partner else False,
                "contact_channel": "email" if partner else "none",
                "residence_municipality_id": cls.assen.id,
                "age_group": "30_44",
                "consent_contact": bool(partner),
            }
        )
        Ticket = cls.env["helpdesk.ticket"]
        report = Ticket.with_context(mdd_report=True).create(
            {
                "name": name,
                "description": f"<p>Beschrijving van {name}</p>",
                "complainant_id": complainant.id,
                "incident_date": fields.Date.today() - timedelta(days=5),
                "incident_municipality_id": cls.assen.id,
            }
        )
        if code:
            report.sudo().mdd_receipt_hash = Ticket._mdd_hash_receipt_code(code)
        return report

    # ------------------------------------------------------------------
    # HTTP helpers
    # ------------------------------------------------------------------

    def setUp(self):
        super().setUp()
        self._browse_in_dutch()

    def _browse_in_dutch(self):
        """Visit the site in its default language (Dutch, no /en/ prefix)."""
        self.opener.cookies.set("frontend_lang", "nl_NL")

    def authenticate(self, user, password, browser=None):
        result = super().authenticate(user, password, browser=browser)
        self._browse_in_dutch()
        return result

    def _get_form(self, url="/melden"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        csrf = CSRF.search(response.text).group(1)
        nonce = NONCE.search(response.text)
        return response, csrf, nonce.group(1) if nonce else None

    def _valid_report_data(self, **overrides):
        data = {
            "description": "Bij de deur van de disco werd ik geweigerd; mijn vrienden "
            "mochten wel naar binnen.",
            "incident_date": (fields.Date.today() - timedelta(days=3)).isoformat(),
            "incident_municipality": str(self.assen.id),
            "incident_place": "Markt",
            "ground_ids": [str(self.ground.id)],
            "manifestation_ids": [str(self.manifestation.id)],
            "role": "victim",
            "contact": "no",
            "residence_municipality": str(self.assen.id),
            "postcode": "",
            "age_group": "30_44",
            "consent_register": "1",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    def _post_report(self, data, files=None, clear_throttle=True, headers=None):
        """Send the public form as a browser would (CSRF token and nonce)."""
        if clear_throttle:
            self.env["mdd.throttle"].sudo().search([]).unlink()
        _response, csrf, nonce = self._get_form()
        payload = {"csrf_token": csrf, "form_nonce": nonce, **data}
        return self.url_open(
            "/melden", data=payload, files=files or None, headers=headers, allow_redirects=False
        )

    def _field_errors(self, response):
        return set(FIELD_ERROR.findall(response.text))

    def _counts(self):
        env = self.env
        return {
            "tickets": env["helpdesk.ticket"].sudo().search_count([]),
            "complainants": env["mdd.complainant"].sudo().search_count([]),
            "attachments": env["ir.attachment"]
            .sudo()
            .search_count([("res_model", "=", "helpdesk.ticket")]),
            "messages": env["mail.message"].sudo().search_count([]),
            "partners": env["res.partner"].sudo().with_context(active_test=False).search_count([]),
            "mails": env["mail.mail"].sudo().search_count([]),
        }

    def _submitted(self, response):
        """``(report, code)`` shown on the thank-you page."""
        self.assertEqual(response.status_code, 200)
        number = NUMBER.search(response.text)
        code = CODE.search(response.text)
        self.assertTrue(number and code, f"No thank-you page: {self._field_errors(response)}")
        report = (
            self.env["helpdesk.ticket"].sudo().search([("number", "=", number.group(1).strip())])
        )
        self.assertEqual(len(report), 1)
        return report, code.group(1).strip()

    def _open_status(self, number, code, clear_throttle=True):
        if clear_throttle:
            self.env["mdd.throttle"].sudo().search([]).unlink()
        _response, csrf, _nonce = self._get_form("/melden/status")
        return self.url_open(
            "/melden/status",
            data={"csrf_token": csrf, "number": number, "receipt_code": code},
        )
