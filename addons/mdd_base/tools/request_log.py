# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No client address in any log line.

Why: the public forms are used by people who report discrimination, often
anonymously. The database keeps no address of theirs, but Odoo's server log
would: every request line starts with the client's address
(``127.0.0.1 - - [date] "POST /melden HTTP/1.1" 200 ...``, behind a proxy with
``proxy_mode`` the address from ``X-Forwarded-For``), and logins, password
changes, exports and more write ``... from <address>``. Server and container
logs are kept and copied far longer than any form's data, so the address of a
reporter must never get into them.

What this does, once per process (:func:`install`, called when ``mdd_base``
is imported: before the prefork workers are forked when ``mdd_base`` is in
``server_wide_modules``, and in any case when a database's registry loads):

* the request line of werkzeug's request handler (Odoo's threaded server and
  its prefork workers both use it) and of the gevent handler (the websocket
  process) keep method, path, protocol, status, size and Odoo's query counts
  and durations, with ``-`` instead of the address, and without the values
  of the query string (access tokens of personal links, typed search words);
* Odoo's "Exception happened during processing of request from <address>"
  loses the address;
* every log record made while a request is being served (any logger, any
  level, any handler) has the addresses of that request, the peer's and the
  forwarded ones, replaced by ``-``: ``res.users`` login success and failure,
  password change, data export, module install and all others.

* every log record, in or out of a request, has its email addresses replaced
  by ``[e-mail]``: Odoo's mail gateway logs the sender and recipients of every
  mail it routes ("Routing mail from <sender> to <alias>"), and a sender who
  mails a bureau's alias is a complainant.

The address itself stays available to the code (``REMOTE_ADDR``): the throttle
of the public forms and Odoo's login rate limit need it; only logging changes.
"""

import errno
import functools
import ipaddress
import logging
import re
import sys

import werkzeug.serving

import odoo
from odoo import netsvc
from odoo.http import request
from odoo.service import server as odoo_server

_logger = logging.getLogger(__name__)

# What is written instead of an address.
NO_ADDRESS = "-"
# What is written instead of an email address.
NO_EMAIL = "[e-mail]"
# An email address as mail headers and Odoo's log lines write it (also inside
# "Name <address>" and Message-Ids, which name the sending host only).
_EMAIL_PATTERN = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Marker set on patched callables, so that install() is idempotent.
_PATCHED = "_mdd_no_client_address"
# Headers that carry client addresses (WSGI environ keys).
_FORWARD_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP")


# ----------------------------------------------------------------------
# Request lines
# ----------------------------------------------------------------------


def _werkzeug_log(self, type, message, *args):  # pylint: disable=redefined-builtin
    """``WSGIRequestHandler.log`` without the client address.

    Same line as werkzeug's (so that log parsers keep working), with ``-``
    where werkzeug writes ``self.address_string()``.
    """
    werkzeug.serving._log(
        type,
        f"{NO_ADDRESS} - - [{self.log_date_time_string()}] {message}\n",
        *args,
    )


def without_query_values(target):
    """``target`` (a request's path) with the values of its query removed.

    Query strings carry secrets and typed text: the access token of a
    complainant's personal link (``/mail/view?...&access_token=...``), a
    visitor's search words. The line keeps the path and the parameter names.
    """
    path, sep, query = (target or "").partition("?")
    if not sep:
        return path
    names = [part.split("=", 1)[0] if "=" in part else "" for part in query.split("&")]
    return f"{path}?" + "&".join(f"{name}={NO_ADDRESS}" if name else NO_ADDRESS for name in names)


def _make_werkzeug_log_request(original):
    def log_request(self, code="-", size="-"):
        """werkzeug's request line, with the query values removed."""
        path = getattr(self, "path", None)
        if path:
            self.path = without_query_values(path)
        try:
            return original(self, code, size)
        finally:
            if path:
                self.path = path

    return log_request


def _server_handle_error(self, request, client_address):
    """Odoo's ``LoggingBaseWSGIServerMixIn.handle_error`` without the address."""
    exc = sys.exc_info()[1]
    # Odoo means to skip a broken pipe (the client went away) but compares
    # the type with socket.error, which a BrokenPipeError never is.
    if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
        return
    logging.getLogger(odoo_server.__name__).exception(
        "Exception happened during processing of a request"
    )


def _patch(owner, name, replacement):
    if getattr(getattr(owner, name, None), _PATCHED, False):
        return
    setattr(replacement, _PATCHED, True)
    setattr(owner, name, replacement)


def _patch_gevent():
    """The websocket process (``odoo.evented``) logs with gevent's handler."""
    try:
        from gevent import pywsgi  # noqa: PLC0415 (only in the gevent process)
    except ImportError:  # pragma: no cover - gevent is an Odoo requirement
        return
    original_format = pywsgi.WSGIHandler.format_request

    def format_request(self):
        # Odoo's ProxyHandler puts REMOTE_ADDR in client_address and calls
        # this; gevent writes "-" for an empty address.
        saved = self.client_address, self.requestline
        self.client_address = ""
        method, __, rest = (self.requestline or "").partition(" ")
        target, sep, version = rest.rpartition(" ")
        if target:
            self.requestline = f"{method} {without_query_values(target)}{sep}{version}"
        try:
            return original_format(self)
        finally:
            self.client_address, self.requestline = saved

    def log_error(self, msg, *args):
        # gevent prefixes the socket, whose repr holds the peer's address.
        if args:
            try:
                msg = msg % args
            except Exception:  # pylint: disable=broad-except
                msg = f"{msg!r} {args!r}"
        try:
            self.server.error_log.write(msg + "\n")
        except Exception:  # pylint: disable=broad-except
            self._print_unexpected_exc()

    _patch(pywsgi.WSGIHandler, "format_request", format_request)
    _patch(pywsgi.WSGIHandler, "log_error", log_error)


# ----------------------------------------------------------------------
# Every other log line made while serving a request
# ----------------------------------------------------------------------


def _addresses_of(value):
    """The IP addresses in a header value or REMOTE_ADDR (nothing else)."""
    found = []
    for raw in (value or "").split(","):
        text = raw.strip().strip('"').strip("[]")
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        found.append(str(address))
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped:
            found.append(str(mapped))
        if text != str(address):
            found.append(text)
    return found


def _request_addresses():
    """The client addresses of the request served by this thread, if any."""
    try:
        if not request:
            return ()
        environ = request.httprequest.environ
    except Exception:  # pylint: disable=broad-except
        # No request, or a test double without an environ.
        return ()
    values = [environ.get("REMOTE_ADDR")]
    values += [environ.get(key) for key in _FORWARD_HEADERS]
    original = environ.get("werkzeug.proxy_fix.orig") or {}
    values.append(original.get("REMOTE_ADDR"))
    values += [original.get(key) for key in _FORWARD_HEADERS]
    addresses = set()
    for value in values:
        if isinstance(value, str):
            addresses.update(_addresses_of(value))
    return tuple(sorted(addresses, key=len, reverse=True))


@functools.lru_cache(maxsize=256)
def _address_pattern(addresses):
    # Not inside a longer word, number or address ("10.0.0.1" must not eat
    # "110.0.0.12"); a port, bracket or full stop may follow.
    alternatives = "|".join(re.escape(address) for address in addresses)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!\w|\.\d)", re.IGNORECASE)


def _scrub_text(text, addresses):
    if not addresses or not text:
        return text
    return _address_pattern(addresses).sub(NO_ADDRESS, text)


def scrub_record(record):
    """Replace client addresses and email addresses in ``record``'s message.

    Client addresses: those of the request being served, if any. Email
    addresses: all, in or out of a request (the mail gateway runs in cron
    jobs too).
    """
    try:
        message = record.getMessage()
    except Exception:  # pylint: disable=broad-except
        return record  # a broken format; logging reports it as usual
    scrubbed = message
    if "@" in scrubbed:
        scrubbed = _EMAIL_PATTERN.sub(NO_EMAIL, scrubbed)
    scrubbed = _scrub_text(scrubbed, _request_addresses())
    if scrubbed != message:
        record.msg = scrubbed
        record.args = ()
    return record


def _patch_log_record():
    """Scrub every record Odoo's logging creates.

    Odoo installs ``odoo.netsvc.LogRecord`` as the record factory (and uses
    that identity to see that logging is set up), so its ``__init__`` is
    wrapped rather than the factory replaced. This covers every logger,
    level and handler (file, stderr, syslog).
    """
    original_init = netsvc.LogRecord.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        scrub_record(self)

    _patch(netsvc.LogRecord, "__init__", __init__)


def install():
    """Remove client addresses from this process's logs (idempotent)."""
    handler = werkzeug.serving.WSGIRequestHandler
    _patch(handler, "log", _werkzeug_log)
    _patch(handler, "log_request", _make_werkzeug_log_request(handler.log_request))
    _patch(odoo_server.LoggingBaseWSGIServerMixIn, "handle_error", _server_handle_error)
    _patch_log_record()
    if odoo.evented:
        _patch_gevent()
