# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest

from odoo import models
from odoo.addons.base.models.ir_http import SignedIntConverter
from odoo.http import request

from ..tools.public_input import MAX_ID


class RecordIdConverter(SignedIntConverter):
    """``<int:...>`` in a URL, limited to the range of a record id.

    A larger number names no record, but reached the database as is, which
    refused the query: a forged URL such as /mail/message/9223372036854775808
    gave a server error. Out of range, the URL now matches no route (404).
    """

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(
            map,
            fixed_digits,
            min=-MAX_ID if min is None else min,
            max=MAX_ID if max is None else max,
            signed=signed,
        )


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        return dict(super()._get_converters(), int=RecordIdConverter)

    @classmethod
    def _pre_dispatch(cls, rule, args):
        result = super()._pre_dispatch(rule, args)
        httprequest = request.httprequest
        if httprequest.method == "POST" and httprequest.mimetype == "multipart/form-data":
            # Read the form now, so that a body werkzeug cannot parse (e.g. an
            # empty boundary) or a CSRF token sent as a file is a bad request,
            # not a server error in Odoo's CSRF check.
            try:
                files = httprequest.files
            except (ValueError, AttributeError) as exc:  # werkzeug: no boundary
                # Odoo's error page reads the form again: let it find none.
                raw = getattr(httprequest, "_HTTPRequest__wrapped", httprequest)
                raw.__dict__.update(form=ImmutableMultiDict(), files=ImmutableMultiDict())
                raise BadRequest() from exc
            if "csrf_token" in files:
                raise BadRequest()
        return result
