# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Abuse protection shared by every public form of the MDD add-ons.

A public form calls :func:`guard_public_post` first thing in its POST handler.
It checks, in order: the honeypot field, Odoo's captcha (active when a captcha
module such as google_recaptcha or website_cf_turnstile is configured), and a
per-client throttle that stores no address (see ``mdd.throttle``). CSRF is
checked by Odoo itself on every ``type="http"`` POST route.
"""

from odoo.exceptions import UserError, ValidationError
from odoo.http import request

# Name of the hidden field that people never fill in and bots often do.
HONEYPOT_FIELD = "mdd_website"


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
