# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MddRegistrationTreeMixin(models.AbstractModel):
    """A registration list whose entries nest (grounds, domains).

    The model that inherits it defines ``parent_id`` (to itself), ``child_ids``
    and ``parent_path``. ``complete_name`` is the full path in the source
    language, stored for sorting and searching; the name users see
    (``display_name``) is built from the names in their own language, so a
    Dutch screen reads "Herkomst / ras", never the English path.
    """

    _name = "mdd.registration.tree.mixin"
    _inherit = "mdd.registration.list.mixin"
    _description = "MDD nested registration list entry"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "name"]

    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for rec in self.with_context(lang="en_US"):
            rec.complete_name = (
                f"{rec.parent_id.complete_name} / {rec.name}" if rec.parent_id else rec.name
            )

    @api.depends_context("lang")
    @api.depends("name", "parent_id.name")
    def _compute_display_name(self):
        for rec in self:
            names, node = [], rec
            while node:
                names.append(node.name or "")
                node = node.parent_id
            rec.display_name = " / ".join(reversed(names))

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(self.env._("An entry cannot be its own parent."))
