# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""File downloads by staff are written to the access log (mdd.access.log).

Odoo 18 serves ``/web/content`` and ``/web/image`` in a read-only transaction
(a replica, when one is configured). The entry of a download is written in
the transaction of the download itself, so these routes are read/write for
logged-in users; visitors keep the read-only transaction.
"""

from odoo import http
from odoo.addons.web.controllers.binary import Binary
from odoo.http import request


def _readonly_for_visitors(controller):
    return not request.session.uid


class MddBinary(Binary):
    @http.route(readonly=_readonly_for_visitors)
    def content_common(self, *args, **kwargs):
        return super().content_common(*args, **kwargs)

    @http.route(readonly=_readonly_for_visitors)
    def content_image(self, *args, **kwargs):
        return super().content_image(*args, **kwargs)
