# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Limits, value parsing and errors of the public report form.

The model methods that validate, create or look up a report for a visitor
are on ``helpdesk.ticket`` (models/helpdesk_ticket.py); the controllers stay
thin.
"""

import os
import re

from odoo import fields
from odoo.tools import email_normalize

# Receipt code: 20 characters of a 32-letter alphabet without look-alikes
# (no 0/O, 1/I), so 100 bits of randomness; shown in groups of four.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 20
# The code is peppered with the database secret (HMAC) and has 100 random
# bits: offline guessing is out of reach without key stretching, and online
# guessing is throttled. A few iterations keep the submission fast; the count
# is stored with each hash, so it can change without invalidating codes.
RECEIPT_ITERATIONS = 1_000
RECEIPT_SCHEME = "pbkdf2_sha256"

MAX_FILES = 5
# Odoo keeps at most 10 MB of a form part; a larger file gets werkzeug's bare
# 413 page and the visitor loses what they typed. Below that, our own check
# answers in Dutch and keeps the input (the page checks sizes first anyway).
MAX_FILE_SIZE = 8 * 1024 * 1024
MAX_DESCRIPTION = 8000
MAX_MESSAGE = 4000
MAX_SHORT_TEXT = 200
OLDEST_INCIDENT = fields.Date.to_date("1900-01-01")

# Accepted evidence: the type is detected from the content ("magic bytes"),
# and the file name must carry an extension of that same type.
ALLOWED_FILE_TYPES = {
    "image/jpeg": (".jpg", ".jpeg", ".jfif"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt",),
}
ACCEPT_ATTRIBUTE = ",".join(sorted({ext for exts in ALLOWED_FILE_TYPES.values() for ext in exts}))

PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")

# The public form's own wording of the choices (plain language).
ROLES = ("victim", "witness", "on_behalf", "organisation")
CONTACT_CHANNELS = ("email", "phone")
LOCATION_ONLINE = "online"
LOCATION_OTHER = "other"
RESIDENCE_OTHER = "other"
RESIDENCE_ABROAD = "abroad"


class MddPublicReportInvalid(Exception):
    """The visitor's input is refused; ``errors`` maps a field to a message."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class PublicFile:
    """A file sent by a visitor, read by the controller (size-limited)."""

    __slots__ = ("data", "name", "too_large")

    def __init__(self, name, data, too_large=False):
        self.name = name
        self.data = data
        self.too_large = too_large


class PublicInput:
    """The visitor's form values, read defensively; collects the errors."""

    def __init__(self, env, values):
        self.env = env
        self.values = values or {}
        self.errors = {}

    def text(self, key, limit=MAX_SHORT_TEXT):
        """A stripped text value; an error when longer than ``limit``."""
        value = form_text(self.values, key).strip()
        if len(value) > limit:
            self.errors[key] = self.env._(
                "This text is too long: at most %(limit)s characters.", limit=limit
            )
        return value

    def ids(self, key):
        raw = self.values.get(key) or []
        if isinstance(raw, str):
            raw = [raw]
        return [i for i in (to_int(v) for v in raw) if i > 0]

    def records(self, model, key):
        """The records chosen in ``key`` that the public form offers."""
        return (
            self.env[model]
            .sudo()
            .search([("id", "in", self.ids(key)), ("public_label", "!=", False)])
        )

    def municipality(self, value):
        return (
            self.env["mdd.municipality"]
            .sudo()
            .search([("id", "=", to_int(value)), ("active", "=", True)], limit=1)
        )


# Record ids are PostgreSQL integers: a larger number can name no record,
# and would make the database refuse the whole query.
MAX_ID = 2**31 - 1


def to_int(value):
    """``value`` as a record id; 0 when it is no number or out of range."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if -MAX_ID <= number <= MAX_ID else 0


# Control characters other than tab, newline and carriage return: nobody
# types them, and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_FILE_NAME = 100


def form_text(values, key):
    """The text field ``key`` of a submitted form, without control
    characters; "" when missing or sent as something else (e.g. a file)."""
    value = values.get(key)
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else ""


def valid_email(value):
    """The normalised address, or False for anything a person would not type:
    control or replacement characters, spaces, or no valid address."""
    value = (value or "").strip()
    if not value or CONTROL_CHARACTERS.search(value) or "\ufffd" in value:
        return False
    if any(char.isspace() for char in value):
        return False
    return email_normalize(value)


def safe_file_name(name):
    """A visitor's file name as stored: no folders, no control characters,
    at most MAX_FILE_NAME characters, its extension kept."""
    name = os.path.basename(CONTROL_CHARACTERS.sub("", name or "").replace("\\", "/")).strip()
    stem, extension = os.path.splitext(name)
    extension = extension[:10]
    return (stem[: MAX_FILE_NAME - len(extension)] + extension) if stem else "file" + extension
