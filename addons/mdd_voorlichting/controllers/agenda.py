# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The trainers' iCalendar feeds (see ``mdd.trainer.calendar.feed``).

Public (calendar apps do not log in): the secret token in the address is
the access. An unknown or revoked token is "not found", the same answer as
for anything else; a client that keeps trying unknown tokens is refused
before the token is looked up.
"""

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import no_store
from odoo.http import request

SCOPE = "voorlichting_agenda"
# Unknown tokens allowed per client in the window, and the window.
FAILED_LIMIT = 20
FAILED_WINDOW_MINUTES = 60


class VoorlichtingAgenda(http.Controller):
    def _not_found(self):
        response = request.make_response(
            request.env._("This calendar feed does not exist (any more)."),
            headers=[("Content-Type", "text/plain; charset=utf-8")],
            status=404,
        )
        return no_store(response)

    @http.route(
        "/voorlichting/agenda/<string:token>.ics",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        sitemap=False,
    )
    def voorlichting_agenda(self, token, **kwargs):
        Throttle = request.env["mdd.throttle"].sudo()
        client = request.httprequest.remote_addr or "unknown"
        if Throttle._is_limited(SCOPE, client, FAILED_LIMIT, FAILED_WINDOW_MINUTES):
            return self._not_found()
        feed = request.env["mdd.trainer.calendar.feed"]._find_by_token(token)
        if not feed:
            # Returned, not raised: the failed attempt must be kept.
            Throttle._record(SCOPE, client)
            return self._not_found()
        response = request.make_response(
            feed._render_ics(),
            headers=[
                ("Content-Type", "text/calendar; charset=utf-8"),
                ("Content-Disposition", 'inline; filename="voorlichting.ics"'),
            ],
        )
        return no_store(response)
