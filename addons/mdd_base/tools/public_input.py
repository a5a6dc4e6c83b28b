# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading what a visitor sent through a public form.

Every public form of the MDD add-ons goes through :class:`PublicInput`: it
reads each value defensively (a missing key, a file where text was expected,
control characters, numbers out of range), collects one message per field,
and :meth:`PublicInput.check` raises :class:`PublicInputError` with all of
them at once. The limits and patterns below are the only ones.
"""

import os
import re

from odoo import fields
from odoo.tools import email_normalize

MAX_SHORT_TEXT = 200
MAX_PHONE = 30
MAX_FILE_NAME = 100
# Odoo keeps at most 10 MB of a form part; a larger file gets werkzeug's bare
# 413 page and the visitor loses what they typed. Below that, our own check
# answers in Dutch and keeps the input (the pages check sizes first anyway).
MAX_FILE_SIZE = 8 * 1024 * 1024
MAX_FILES = 5

# Files a visitor may send: the type is detected from the content ("magic
# bytes"), and the file name must carry an extension of that same type.
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

# Record ids are PostgreSQL integers: a larger number can name no record,
# and would make the database refuse the whole query.
MAX_ID = 2**31 - 1

# Control characters other than tab, newline and carriage return: nobody
# types them, and PostgreSQL refuses NUL in text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PublicInputError(Exception):
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


def to_int(value):
    """``value`` as a record id; 0 when it is no number or out of range."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if -MAX_ID <= number <= MAX_ID else 0


def form_text(values, key):
    """The text field ``key`` of a submitted form, without control
    characters; "" when missing or sent as something else (e.g. a file)."""
    value = values.get(key)
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else ""


def form_texts(values):
    """The text fields of a submitted form (to show it again after an error):
    files, lists and the CSRF token left out."""
    return {
        key: CONTROL_CHARACTERS.sub("", value)
        for key, value in values.items()
        if isinstance(value, str) and key != "csrf_token"
    }


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


class PublicInput:
    """The visitor's form values, read defensively; collects the errors.

    Each reader returns a clean value (or an empty one) and, when the value
    is refused, records one message under the field's name; the first
    message of a field wins. Call :meth:`check` when all is read.
    """

    def __init__(self, env, values):
        self.env = env
        self.values = values or {}
        self.errors = {}

    def error(self, key, message):
        self.errors.setdefault(key, message)

    def check(self):
        """:raises PublicInputError: when any value was refused."""
        if self.errors:
            raise PublicInputError(self.errors)

    def text(self, key, limit=MAX_SHORT_TEXT, required=None):
        """A stripped text value.

        :param required: the message when the field is empty (then it is
            required), e.g. "Please fill in your name."
        """
        value = form_text(self.values, key).strip()
        if required and not value:
            self.error(key, required)
        elif len(value) > limit:
            self.error(
                key,
                self.env._("This text is too long: at most %(limit)s characters.", limit=limit),
            )
        return value

    def choice(self, key, choices, required):
        """One of ``choices`` (keys of a selection), else the message."""
        value = form_text(self.values, key).strip()
        if value not in choices:
            self.error(key, required)
            return False
        return value

    def email(self, key, required=None):
        """A normalised email address, or False."""
        raw = self.text(key, required=required)
        if not raw:
            return False
        email = valid_email(raw)
        if not email:
            self.error(key, self.env._("Please enter a valid email address, e.g. name@example.nl."))
        return email

    def phone(self, key, required=None):
        raw = self.text(key, limit=MAX_PHONE, required=required)
        if raw and not PHONE.match(raw):
            self.error(key, self.env._("Please enter a valid phone number, e.g. 0592 123 456."))
        return raw

    def integer(self, key, minimum, maximum, required):
        """A whole number from ``minimum`` to ``maximum``; 0 when refused."""
        raw = form_text(self.values, key).strip()
        if not raw:
            self.error(key, required)
            return 0
        if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
            self.error(
                key,
                self.env._(
                    "Please enter a whole number from %(min)s to %(max)s.",
                    min=minimum,
                    max=maximum,
                ),
            )
            return 0
        return int(raw)

    def date(self, key):
        """A date (YYYY-MM-DD), None when empty, False when not a date."""
        raw = form_text(self.values, key).strip()
        if not raw:
            return None
        try:
            return fields.Date.to_date(raw)
        except ValueError:
            self.error(key, self.env._("Please enter a valid date."))
            return False

    def ids(self, key):
        raw = self.values.get(key) or []
        if isinstance(raw, str):
            raw = [raw]
        return [i for i in (to_int(v) for v in raw) if i > 0]

    def records(self, model, key, domain=()):
        """The records chosen in ``key`` (several), among those ``domain``
        offers (read as superuser: the form offers them to everyone)."""
        return self.env[model].sudo().search([("id", "in", self.ids(key)), *domain])

    def record(self, model, key, domain=(), required=None):
        """The one record chosen in ``key`` among those ``domain`` offers.

        :param required: the message when nothing (or nothing offered) was
            chosen; without it the field is optional
        """
        record_id = to_int(form_text(self.values, key).strip())
        found = self.env[model]
        if record_id > 0:
            found = found.sudo().search([("id", "=", record_id), *domain], limit=1)
        if required and not found:
            self.error(key, required)
        return found

    def municipality(self, value):
        """The municipality whose id is ``value`` (a raw form value, e.g. of a
        select that also offers "online"), among those the forms offer."""
        record_id = to_int(value)
        choices = self.env["mdd.municipality"]._public_choices()
        return choices.filtered(lambda m: m.id == record_id) if record_id > 0 else choices[:0]
