# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Public pages: the workshop catalogue and the request form.

Thin on purpose: checking and creating a request is done by
``mdd.education.request`` (``_website_parse`` / ``_website_create``).
"""

from odoo import http
from odoo.addons.mdd_base.tools.abuse_guard import (
    FORM_TOKEN_FIELD,
    HONEYPOT_FIELD,
    PublicFormRefused,
    forget_form_token,
    form_token,
    guard_form_post,
)
from odoo.addons.mdd_base.tools.public_input import (
    PublicInputError,
    form_text,
    form_texts,
    to_int,
)
from odoo.http import request

SESSION_KEY = "mdd_voorlichting_request"
SCOPE = "voorlichting_request"


class VoorlichtingWebsite(http.Controller):
    @http.route("/voorlichting", type="http", auth="public", website=True, sitemap=True)
    def voorlichting_catalogue(self, **kwargs):
        workshops = request.env["mdd.workshop"].sudo().search([("website_published", "=", True)])
        return request.render(
            "mdd_voorlichting.website_voorlichting_catalogue", {"workshops": workshops}
        )

    def _render_request_form(self, form=None, errors=None, error=None):
        Request = request.env["mdd.education.request"]
        form = form or {}
        values = {
            "form": form,
            "errors": errors or {},
            "error": error,
            "honeypot_field": HONEYPOT_FIELD,
            "form_token_field": FORM_TOKEN_FIELD,
            "form_token": form_token(SCOPE, form.get(FORM_TOKEN_FIELD)),
            **Request._website_form_options(),
        }
        return request.render("mdd_voorlichting.website_voorlichting_request_form", values)

    @http.route(
        "/voorlichting/aanvragen",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=True,
    )
    def voorlichting_request(self, **post):
        if request.httprequest.method != "POST":
            form = {}
            workshop = to_int(form_text(post, "workshop").strip())
            if workshop > 0:
                form["workshop_id"] = str(workshop)
            return self._render_request_form(form=form)

        form = form_texts(post)
        try:
            token = guard_form_post(SCOPE, post, limit=5, window_minutes=10)
        except PublicFormRefused as exc:
            return self._render_request_form(form=form, error=str(exc))
        form[FORM_TOKEN_FIELD] = token
        Request = request.env["mdd.education.request"].sudo()
        try:
            values = Request._website_parse(form)
        except PublicInputError as exc:
            return self._render_request_form(
                form=form,
                errors=exc.errors,
                error=request.env._(
                    "Some answers need your attention; see the fields marked below."
                ),
            )
        try:
            record = Request._website_create(
                values, lang=request.env.lang, form_token=(SCOPE, token)
            )
        except PublicInputError as exc:
            # Sent before, or refused while saving: a message for the whole form.
            return self._render_request_form(form=form, error=exc.errors.get("form"))
        forget_form_token(SCOPE, token)
        request.session[SESSION_KEY] = record.name
        return request.redirect("/voorlichting/aanvragen/bedankt")

    @http.route(
        "/voorlichting/aanvragen/bedankt", type="http", auth="public", website=True, sitemap=False
    )
    def voorlichting_request_thanks(self, **kwargs):
        reference = request.session.get(SESSION_KEY)
        if not reference:
            return request.redirect("/voorlichting/aanvragen")
        return request.render(
            "mdd_voorlichting.website_voorlichting_request_thanks", {"reference": reference}
        )
