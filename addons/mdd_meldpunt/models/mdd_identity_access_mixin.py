# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class MddIdentityAccessMixin(models.AbstractModel):
    """A record that shows a complainant's identity: opening its form and
    exporting its identity fields are written to the access log
    (``mdd.access.log``); lists, searches and the system's own reads are not.

    A model using it says what counts: :meth:`_mdd_identity_opened` and
    :meth:`_mdd_identity_exported`.
    """

    _name = "mdd.identity.access.mixin"
    _description = "Record showing a complainant's identity (access logged)"

    def _mdd_identity_opened(self, specification):
        """Log the opening of this one record read with ``specification``."""
        raise NotImplementedError

    def _mdd_identity_exported(self, roots):
        """Log the export of these records' fields ``roots`` (first parts of
        the exported field paths)."""
        raise NotImplementedError

    def web_read(self, specification):
        result = super().web_read(specification)
        if (
            len(self) == 1
            and not self.env.context.get("mdd_access_log_saved")
            and self.env["mdd.access.log"]._mdd_should_log()
        ):
            self._mdd_identity_opened(specification)
        return result

    # Odoo 18 serves web_read (@api.readonly) in a read-only transaction,
    # which could not hold the entry of the access log.
    web_read._readonly = False

    def web_save(self, vals, specification, next_id=None):
        """Saving shows the open form again: no new opening (going on to the
        next record, ``next_id``, is one)."""
        this = self.with_context(mdd_access_log_saved=not next_id)
        return super(MddIdentityAccessMixin, this).web_save(vals, specification, next_id=next_id)

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        if self.env["mdd.access.log"]._mdd_should_log():
            self._mdd_identity_exported({path.split("/")[0] for path in fields_to_export})
        return result
