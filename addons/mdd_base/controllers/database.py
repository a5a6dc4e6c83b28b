# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.web.controllers.database import Database
from odoo.tools import config


def _locked():
    """With ``list_db = False`` (config/odoo.conf), the database manager is
    off. Odoo itself still serves its pages (200, "disabled by the
    administrator") and renders them again for every refused POST, with a
    traceback in the log; here every route of it is simply not found, whatever
    the parameters (hence ``*args, **kw``: a missing one must not be a server
    error)."""
    return not config["list_db"]


class DatabaseLocked(Database):
    """The database manager (``/web/database/*``) answers 404 when the
    database list is off. mdd_base is a server-wide module (see
    config/odoo.conf), so this also holds when no database is selected."""

    @http.route()
    def selector(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().selector(*args, **kw)

    @http.route()
    def manager(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().manager(*args, **kw)

    @http.route()
    def create(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().create(*args, **kw)

    @http.route()
    def duplicate(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().duplicate(*args, **kw)

    @http.route()
    def drop(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().drop(*args, **kw)

    @http.route()
    def backup(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().backup(*args, **kw)

    @http.route()
    def restore(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().restore(*args, **kw)

    @http.route()
    def change_password(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().change_password(*args, **kw)

    @http.route()
    def list(self, *args, **kw):
        if _locked():
            raise NotFound()
        return super().list(*args, **kw)
