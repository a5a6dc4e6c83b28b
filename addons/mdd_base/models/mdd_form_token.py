# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
from datetime import timedelta

from odoo import api, fields, models

# A token is offered by a form page and kept in the visitor's session, which
# lives a week in Odoo; a used token is remembered a little longer.
RETENTION = timedelta(days=8)


class MddFormToken(models.Model):
    """The one-time tokens of public forms that were used.

    A public form page carries a random token; the submission that creates a
    record claims it. The claim is an insert into a unique index, so when the
    same form is sent twice at the same moment (a double click, two tabs, a
    replayed request) the database lets exactly one of them through: the
    other one waits for the first, then is refused (or retried by Odoo, which
    then refuses it). Only a hash of the token is stored; it is linked to
    nothing, and purged by the scheduled job of the throttle.
    """

    _name = "mdd.form.token"
    _description = "Used public form token"
    _log_access = False

    scope = fields.Char(required=True)
    key = fields.Char(required=True)
    used_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    _sql_constraints = [
        ("scope_key_uniq", "unique(scope, key)", "A form token can be used only once."),
    ]

    @api.model
    def _claim(self, scope, token):
        """Use ``token`` of form ``scope``; False when it was used before.

        Call it in the transaction (or savepoint) that creates the record,
        so that a failure gives the token back.
        """
        if not token:
            return False
        key = hashlib.sha256(token.encode()).hexdigest()
        # Not through the ORM: ON CONFLICT makes a concurrent second claim
        # wait for the first one instead of failing on the unique index.
        self.env.cr.execute(
            """
            INSERT INTO mdd_form_token (scope, key, used_at)
            VALUES (%s, %s, now() AT TIME ZONE 'UTC')
            ON CONFLICT (scope, key) DO NOTHING
            RETURNING id
            """,
            [scope, key],
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _used_message(self):
        """What a visitor reads when their form was sent already."""
        return self.env._(
            "This form was already sent, or it has expired. If you did not get a "
            "confirmation, check your answers and send it again."
        )

    @api.model
    def _gc_form_tokens(self):
        limit = fields.Datetime.now() - RETENTION
        self.sudo().search([("used_at", "<", limit)]).unlink()
        return True
