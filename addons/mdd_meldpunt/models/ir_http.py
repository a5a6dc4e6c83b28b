# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.addons.base.models.ir_http import SignedIntConverter

from ..tools.public_report import MAX_ID


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
