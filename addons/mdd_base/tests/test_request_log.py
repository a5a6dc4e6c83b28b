# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No client address in log lines (tools/request_log.py).

The end-to-end proof, on a real server with workers and behind a proxy, is
tests/test_no_client_address_in_logs.py; these are the pieces one by one.
"""

import errno
import logging

import werkzeug.serving
from gevent import pywsgi

from odoo.addons.website.tools import MockRequest
from odoo.service import server as odoo_server
from odoo.tests import TransactionCase, tagged

from ..tools import request_log

CLIENT = "203.0.113.7"
FORWARDED = "198.51.100.4"
IPV6 = "2001:db8::17"


def fake_werkzeug_handler(address):
    """A werkzeug request handler as it is after reading a request line."""
    handler = werkzeug.serving.WSGIRequestHandler.__new__(werkzeug.serving.WSGIRequestHandler)
    handler.client_address = (address, 54321)
    handler.command = "POST"
    handler.path = "/melden"
    handler.request_version = "HTTP/1.1"
    handler.requestline = "POST /melden HTTP/1.1"
    handler.environ = {"REMOTE_ADDR": address}
    return handler


def logger_record(msg, args):
    return logging.getLogger("odoo.addons.mdd_base").makeRecord(
        "odoo.addons.mdd_base", logging.INFO, __file__, 1, msg, args, None
    )


@tagged("post_install", "-at_install")
class TestRequestLog(TransactionCase):
    def test_installed_once_in_this_process(self):
        # mdd_base installs it on import; a second install changes nothing.
        log = werkzeug.serving.WSGIRequestHandler.log
        init = request_log.netsvc.LogRecord.__init__
        request_log.install()
        self.assertIs(werkzeug.serving.WSGIRequestHandler.log, log)
        self.assertIs(request_log.netsvc.LogRecord.__init__, init)
        self.assertTrue(getattr(log, request_log._PATCHED))

    def test_request_line_keeps_all_but_the_address(self):
        for address in (CLIENT, IPV6):
            handler = fake_werkzeug_handler(address)
            with self.assertLogs("werkzeug", logging.INFO) as logs:
                handler.log_request(200, 1234)
                handler.log_error("code %d, message %s", 400, "Bad request syntax")
            request_line, error_line = logs.output
            self.assertRegex(
                request_line, r'^INFO:werkzeug:- - - \[[^\]]+\] "POST /melden HTTP/1.1" 200 1234$'
            )
            self.assertIn("code 400, message Bad request syntax", error_line)
            self.assertNotIn(address, "".join(logs.output))
            # The address stays available to the code (throttle, rate limit).
            self.assertEqual(handler.address_string(), address)

    def test_request_line_without_query_values(self):
        handler = fake_werkzeug_handler(CLIENT)
        handler.command = "GET"
        path = "/mail/view?model=helpdesk.ticket&res_id=4&access_token=S3cr3tT0ken&pid=7"
        handler.path = path
        with self.assertLogs("werkzeug", logging.INFO) as logs:
            handler.log_request(200, 10)
        self.assertIn(
            '"GET /mail/view?model=-&res_id=-&access_token=-&pid=- HTTP/1.1" 200 10',
            logs.output[0],
        )
        self.assertNotIn("S3cr3tT0ken", logs.output[0])
        self.assertEqual(handler.path, path)
        for target, expected in (
            ("/melden", "/melden"),
            ("/melden?", "/melden?-"),
            ("/zoek?Sara%20Jansen", "/zoek?-"),
            ("/zoek?q=Sara&&page=2", "/zoek?q=-&-&page=-"),
            ("/a?b=c=d", "/a?b=-"),
        ):
            self.assertEqual(request_log.without_query_values(target), expected)

    def test_server_error_without_the_address(self):
        try:
            raise ValueError("boom")
        except ValueError:
            with self.assertLogs("odoo.service.server", logging.ERROR) as logs:
                odoo_server.LoggingBaseWSGIServerMixIn.handle_error(None, None, (CLIENT, 1))
        self.assertIn("Exception happened during processing of a request", logs.output[0])
        self.assertNotIn(CLIENT, "".join(logs.output))
        # A client that hung up is no error.
        try:
            raise OSError(errno.EPIPE, "Broken pipe")
        except OSError:
            with self.assertNoLogs("odoo.service.server", logging.ERROR):
                odoo_server.LoggingBaseWSGIServerMixIn.handle_error(None, None, (CLIENT, 1))

    def test_any_log_line_during_a_request(self):
        logger = logging.getLogger("odoo.addons.base.models.res_users")
        environ = {"HTTP_X_FORWARDED_FOR": f"{FORWARDED}, {CLIENT}", "HTTP_X_REAL_IP": FORWARDED}
        with (
            MockRequest(self.env, remote_addr=CLIENT, environ_base=environ),
            self.assertLogs(logger, logging.INFO) as logs,
        ):
            logger.info("Login failed for db:%s login:%s from %s", "db", "anna", CLIENT)
            logger.info("Password change for %r from %s", "anna", FORWARDED)
            logger.info("Chain %s and [%s]:8069 and %s.", FORWARDED, CLIENT, CLIENT)
            # Only the request's addresses, whole: versions, other
            # addresses and longer numbers stay as they are.
            logger.info("Version 18.0.1.1.0, %s, 2%s0, 10.0.0.1", "203.0.113.70", CLIENT)
        self.assertEqual(
            [line.split(":", 2)[2] for line in logs.output],
            [
                "Login failed for db:db login:anna from -",
                "Password change for 'anna' from -",
                "Chain - and [-]:8069 and -.",
                f"Version 18.0.1.1.0, 203.0.113.70, 2{CLIENT}0, 10.0.0.1",
            ],
        )

    def test_ipv6_and_mapped_addresses(self):
        logger = logging.getLogger("odoo.addons.mdd_base")
        with (
            MockRequest(self.env, remote_addr=f"::ffff:{CLIENT}"),
            self.assertLogs(logger, logging.INFO) as logs,
        ):
            logger.info("from ::ffff:%s and %s", CLIENT, CLIENT)
        self.assertNotIn(CLIENT, logs.output[0])
        with MockRequest(self.env, remote_addr=IPV6), self.assertLogs(logger, logging.INFO) as logs:
            logger.info("from %s and %s", IPV6, IPV6.upper())
        self.assertTrue(logs.output[0].endswith("from - and -"), logs.output[0])

    def test_outside_a_request_nothing_changes(self):
        logger = logging.getLogger("odoo.addons.mdd_base")
        with self.assertLogs(logger, logging.INFO) as logs:
            logger.info("Server bound to %s", CLIENT)
        self.assertIn(CLIENT, logs.output[0])

    def test_email_addresses_in_or_out_of_a_request(self):
        # The mail gateway's own lines, as a cron job fetching mail writes them.
        logger = logging.getLogger("odoo.addons.mail.models.mail_thread")
        with self.assertLogs(logger, logging.INFO) as logs:
            logger.info(
                "Routing mail from %s to %s with Message-Id %s: new message",
                '"Anna de Vries" <anna.de-vries+melding@voorbeeld.nl>',
                "meldpunt@mdd.example",
                "<CAF1x2y3@mail.voorbeeld.nl>",
            )
            logger.info("No address here: %s", "18.0.1.1.0, a@b, 50% @ noon")
        self.assertEqual(
            [line.split(":", 2)[2] for line in logs.output],
            [
                'Routing mail from "Anna de Vries" <[e-mail]> to [e-mail] '
                "with Message-Id <[e-mail]>: new message",
                "No address here: 18.0.1.1.0, a@b, 50% @ noon",
            ],
        )
        with (
            MockRequest(self.env, remote_addr=CLIENT),
            self.assertLogs(logger, logging.INFO) as logs,
        ):
            logger.info("Mail from %s via %s", "melder@voorbeeld.nl", CLIENT)
        self.assertEqual(logs.output[0].split(":", 2)[2], "Mail from [e-mail] via -")

    def test_a_broken_format_is_left_to_logging(self):
        record = logger_record("Broken format %s %s", ("one",))
        with MockRequest(self.env, remote_addr=CLIENT):
            self.assertIs(request_log.scrub_record(record), record)
        self.assertEqual((record.msg, record.args), ("Broken format %s %s", ("one",)))

    def test_gevent_request_line(self):
        request_log._patch_gevent()
        handler = pywsgi.WSGIHandler.__new__(pywsgi.WSGIHandler)
        handler.client_address = (CLIENT, 1)
        handler.requestline = "GET /websocket?token=S3cr3t HTTP/1.1"
        handler.status = handler._orig_status = "101 Switching Protocols"
        handler.response_length = 0
        handler.time_start, handler.time_finish = 1.0, 1.5
        line = handler.format_request()
        self.assertRegex(line, r'^- - - \[.+\] "GET /websocket\?token=- HTTP/1.1" 101 - 0.500000$')
        self.assertEqual(handler.client_address, (CLIENT, 1))
        self.assertEqual(handler.requestline, "GET /websocket?token=S3cr3t HTTP/1.1")
