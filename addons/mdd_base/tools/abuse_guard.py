# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Abuse protection shared by every public form of the MDD add-ons, and the
no-store headers of every page that shows personal data.

A public form calls :func:`guard_public_post` first thing in its POST handler.
It checks, in order: the honeypot field, Odoo's captcha (active when a captcha
module such as google_recaptcha or website_cf_turnstile is configured), and a
per-client throttle that stores no address (see ``mdd.throttle``). CSRF is
checked by Odoo itself on every ``type="http"`` POST route.

A form that creates a record also carries a one-time token (``form_nonce``):
:func:`form_token` puts it in the page and the visitor's session, the model
claims it in the transaction that creates the record (``mdd.form.token``),
and :func:`forget_form_token` drops it from the session afterwards. A form
sent twice, at once or later, thus creates one record.
"""

import secrets

from odoo.exceptions import UserError, ValidationError
from odoo.http import request

# Name of the hidden field that people never fill in and bots often do.
HONEYPOT_FIELD = "mdd_website"
# Name of the hidden field with the form's one-time token.
FORM_TOKEN_FIELD = "form_nonce"
# Tokens kept per form in a session: a visitor may have a few tabs open.
FORM_TOKENS_KEPT = 10


class PublicFormRefused(Exception):
    """The submission is refused; ``str(exc)`` is a Dutch-ready message."""


def guard_public_post(scope, limit=5, window_minutes=10, captcha_action=None):
    """Refuse a public form submission that looks abusive.

    :param scope: name of the form, counters are kept per form
    :param limit: submissions allowed per client in the window
    :raises PublicFormRefused: with a translated message for the visitor
    """
    if request.params.get(HONEYPOT_FIELD):
        raise PublicFormRefused(
            request.env._("Your submission could not be processed. Please try again.")
        )
    try:
        captcha_ok = request.env["ir.http"]._verify_request_recaptcha_token(captcha_action or scope)
    except (UserError, ValidationError) as exc:
        raise PublicFormRefused(str(exc)) from exc
    if not captcha_ok:
        raise PublicFormRefused(
            request.env._("The spam check failed. Please reload the page and try again.")
        )
    client = request.httprequest.remote_addr or "unknown"
    if not request.env["mdd.throttle"].sudo()._hit(scope, client, limit, window_minutes):
        raise PublicFormRefused(
            request.env._(
                "You have sent this form several times in a short time. "
                "Please wait a few minutes and try again."
            )
        )


def guard_form_post(scope, params, limit=5, window_minutes=10):
    """Check a form that creates a record: :func:`guard_public_post`, then
    its one-time token, which must be one this session was offered.

    :param params: the submitted values
    :return: the token as sent (not cleaned: only the very token offered
        counts), to claim when the record is created
    :raises PublicFormRefused: with a translated message for the visitor
    """
    token = params.get(FORM_TOKEN_FIELD)
    token = token if isinstance(token, str) else ""
    guard_public_post(scope, limit=limit, window_minutes=window_minutes)
    if not known_form_token(scope, token):
        raise PublicFormRefused(request.env["mdd.form.token"]._used_message())
    return token


def guard_subject_attempts(scope, subject, limit=5, window_minutes=60):
    """Refuse when ``subject`` (e.g. a report number) had too many failures.

    Use with :func:`record_failed_attempt` to throttle guessing per target,
    whoever the client is. The subject is hashed like a client address.

    :raises PublicFormRefused: with a translated message for the visitor
    """
    if request.env["mdd.throttle"].sudo()._is_limited(scope, subject, limit, window_minutes):
        raise PublicFormRefused(
            request.env._(
                "Too many attempts were made for this report. Please wait an hour "
                "and try again, or contact us by phone."
            )
        )


def record_failed_attempt(scope, subject):
    """Count one failed attempt on ``subject`` (see guard_subject_attempts)."""
    request.env["mdd.throttle"].sudo()._record(scope, subject)


def _form_tokens_key(scope):
    return f"mdd_form_tokens_{scope}"


def known_form_token(scope, token):
    """Whether ``token`` was offered to this session by form ``scope``."""
    return bool(token) and token in (request.session.get(_form_tokens_key(scope)) or [])


def form_token(scope, current=None):
    """The token for a form page: ``current`` when still valid, else a new one."""
    if known_form_token(scope, current):
        return current
    token = secrets.token_urlsafe(16)
    key = _form_tokens_key(scope)
    tokens = list(request.session.get(key) or [])[-(FORM_TOKENS_KEPT - 1) :]
    request.session[key] = [*tokens, token]
    return token


def forget_form_token(scope, token):
    """Drop a used token from the session (the database keeps it as used)."""
    key = _form_tokens_key(scope)
    request.session[key] = [t for t in request.session.get(key) or [] if t != token]


def no_store(response):
    """Forbid any cache (browser, proxy) to keep the page, and keep it out of
    search engines and referers."""
    response.headers["Cache-Control"] = "no-store, max-age=0"
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
