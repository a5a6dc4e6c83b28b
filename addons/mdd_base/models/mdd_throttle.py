# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
from datetime import timedelta

from odoo import api, fields, models

# Rows older than this are purged; no hit is kept longer than an hour.
RETENTION = timedelta(hours=1)


class MddThrottle(models.Model):
    """Short-lived counters that slow down abuse of the public forms.

    A hit stores only a keyed hash of the client (HMAC of its address with the
    database secret and the current hour), never the address itself, so the
    hash cannot be reversed nor linked across hours or to any report. Rows are
    purged by a scheduled job within the hour.
    """

    _name = "mdd.throttle"
    _description = "Public form throttle hit"
    _log_access = False

    scope = fields.Char(required=True, index=True)
    key = fields.Char(required=True, index=True)
    hit_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    @api.model
    def _client_key(self, client):
        now = fields.Datetime.now()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        message = f"{now:%Y%m%d%H}|{client}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]

    @api.model
    def _hit(self, scope, client, limit, window_minutes):
        """Count one attempt of ``client`` in ``scope``.

        :param client: an identifier of the client (e.g. its address); it is
            hashed at once and never stored.
        :return: False when the client made ``limit`` or more attempts in the
            last ``window_minutes`` minutes (the attempt is then not counted).
        """
        if self._is_limited(scope, client, limit, window_minutes):
            return False
        self._record(scope, client)
        return True

    @api.model
    def _is_limited(self, scope, client, limit, window_minutes):
        """Whether ``client`` made ``limit`` or more attempts in the window.

        Unlike :meth:`_hit` this counts nothing; together with :meth:`_record`
        it lets a caller count only some attempts (e.g. failed ones).
        """
        key = self._client_key(client)
        since = fields.Datetime.now() - timedelta(minutes=window_minutes)
        count = self.sudo().search_count(
            [("scope", "=", scope), ("key", "=", key), ("hit_at", ">=", since)]
        )
        return count >= limit

    @api.model
    def _record(self, scope, client):
        """Count one attempt of ``client`` in ``scope`` (hashed, see above)."""
        self.sudo().create({"scope": scope, "key": self._client_key(client)})

    @api.model
    def _gc_throttle(self):
        limit = fields.Datetime.now() - RETENTION
        self.sudo().search([("hit_at", "<", limit)]).unlink()
        self.env["mdd.form.token"]._gc_form_tokens()
        return True
