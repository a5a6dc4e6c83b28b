# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The participants' evaluation behind the QR code of the attendance sheet.

The page explains the evaluation and starts it with a button (a POST, so
link previews and scanners that fetch the address create nothing). Each
start is a new anonymous answer of the survey, linked to the session, after
which the survey app takes over.
"""

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import (
    HONEYPOT_FIELD,
    PublicFormRefused,
    guard_public_post,
    no_store,
)
from odoo.exceptions import UserError
from odoo.http import request

SCOPE = "voorlichting_participant_evaluation"


class VoorlichtingEvaluation(http.Controller):
    def _render(self, token, session_sudo, error=None, status=200):
        response = request.render(
            "mdd_voorlichting.website_participant_evaluation",
            {
                "token": token,
                "session": session_sudo,
                "is_open": bool(session_sudo) and session_sudo._participant_survey_open(),
                "error": error,
                "honeypot_field": HONEYPOT_FIELD,
            },
            status=status,
        )
        return no_store(response)

    @http.route(
        "/voorlichting/evaluatie/<string:token>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=False,
    )
    def voorlichting_participant_evaluation(self, token, **post):
        session_sudo = request.env["mdd.education.session"]._find_by_participant_token(token)
        if not session_sudo:
            raise request.not_found()
        if request.httprequest.method != "POST":
            return self._render(token, session_sudo)
        try:
            # Participants of one class share an address: a generous limit.
            guard_public_post(SCOPE, limit=60, window_minutes=10)
            answer = session_sudo._start_participant_answer()
        except (PublicFormRefused, UserError) as exc:
            return self._render(token, session_sudo, error=str(exc))
        return request.redirect(answer.get_start_url())
