# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The receipt code of a report sent through the website, and the look-up of
a report by its number and receipt code (the status page /melden/status).

Only a salted, peppered and slow hash of the code is stored.
"""

import hashlib
import hmac
import os
import re
import secrets

from odoo import api, fields, models
from odoo.addons.mdd_base.tools.public_input import CONTROL_CHARACTERS

from ..tools.public_report import (
    RECEIPT_ALPHABET,
    RECEIPT_ITERATIONS,
    RECEIPT_LENGTH,
    RECEIPT_SCHEME,
)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    mdd_receipt_hash = fields.Char(
        string="Receipt code hash",
        copy=False,
        groups="base.group_system",
        help="Salted, slow hash of the receipt code given to the complainant "
        "when the report was sent through the website. The code itself is "
        "never stored.",
    )

    # ------------------------------------------------------------------
    # Receipt code
    # ------------------------------------------------------------------

    @api.model
    def _mdd_new_receipt_code(self):
        """A new random receipt code, formatted for display (XXXX-XXXX-...)."""
        raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(RECEIPT_LENGTH))
        return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))

    @api.model
    def _mdd_normalize_receipt_code(self, code):
        return re.sub(r"[\s\-]", "", code or "").upper()

    @api.model
    def _mdd_receipt_digest(self, code, salt, iterations):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        peppered = hmac.new(
            secret.encode(), self._mdd_normalize_receipt_code(code).encode(), hashlib.sha256
        ).digest()
        return hashlib.pbkdf2_hmac("sha256", peppered, salt, iterations)

    @api.model
    def _mdd_hash_receipt_code(self, code):
        salt = os.urandom(16)
        digest = self._mdd_receipt_digest(code, salt, RECEIPT_ITERATIONS)
        return f"{RECEIPT_SCHEME}${RECEIPT_ITERATIONS}${salt.hex()}${digest.hex()}"

    def _mdd_check_receipt_code(self, code):
        """Whether ``code`` is the receipt code of this report (constant time)."""
        self.ensure_one()
        stored = self.sudo().mdd_receipt_hash or ""
        try:
            scheme, iterations, salt, digest = stored.split("$")
            iterations = int(iterations)
            salt = bytes.fromhex(salt)
            digest = bytes.fromhex(digest)
        except ValueError:
            # No code (e.g. registered by staff): spend the same time anyway.
            self._mdd_receipt_digest(code, b"0" * 16, RECEIPT_ITERATIONS)
            return False
        if scheme != RECEIPT_SCHEME:
            return False
        candidate = self._mdd_receipt_digest(code, salt, iterations)
        return hmac.compare_digest(candidate, digest)

    @api.model
    def _mdd_normalize_number(self, number):
        if not isinstance(number, str):
            return ""
        return re.sub(r"\s", "", CONTROL_CHARACTERS.sub("", number)).upper()[:32]

    @api.model
    def _mdd_find_by_receipt(self, number, code):
        """The report with this number and receipt code, or an empty recordset.

        Both a wrong number and a wrong code take the same time and give the
        same answer, so the answer does not tell which part was wrong.
        """
        number = self._mdd_normalize_number(number)
        ticket = self.browse()
        if number:
            ticket = self.sudo().search(
                [("number", "=", number), ("is_mdd_report", "=", True)], limit=1
            )
        if not ticket:
            self._mdd_receipt_digest(code, b"0" * 16, RECEIPT_ITERATIONS)
            return self.browse()
        if not ticket._mdd_check_receipt_code(code):
            return self.browse()
        return ticket
