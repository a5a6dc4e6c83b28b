# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Limits and choices of the public report form (/melden).

The reading of the visitor's input is shared by every public form
(``mdd_base.tools.public_input``); the model methods that validate, create
or look up a report for a visitor are in models/helpdesk_ticket_public.py.
"""

from odoo import fields

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

MAX_DESCRIPTION = 8000
MAX_MESSAGE = 4000
OLDEST_INCIDENT = fields.Date.to_date("1900-01-01")

# The public form's own wording of the choices (plain language).
ROLES = ("victim", "witness", "on_behalf", "organisation")
CONTACT_CHANNELS = ("email", "phone")
LOCATION_ONLINE = "online"
LOCATION_OTHER = "other"
RESIDENCE_OTHER = "other"
RESIDENCE_ABROAD = "abroad"
