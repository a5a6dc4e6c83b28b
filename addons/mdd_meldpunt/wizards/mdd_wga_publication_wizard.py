# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MddWgaPublicationWizard(models.TransientModel):
    """Publish a year for all municipalities of the bureaus, in one action.

    The preview shows per municipality exactly the Wga form row that will be
    frozen (as the municipality gets it, suppressed) and what happens to it:
    a first version, a new version replacing the published one (the figures
    changed; this needs a reason), or nothing (unchanged). The national
    export of the year is made here too, from the published versions only.
    """

    _name = "mdd.wga.publication.wizard"
    _inherit = "mdd.wga.year.wizard.mixin"
    _description = "Publish Wga figures"

    reason = fields.Text(
        help="Required when a published version is replaced. Shown to the "
        "municipality with the replaced version: no personal data."
    )
    preview_html = fields.Html(
        string="What will be published", compute="_compute_preview", sanitize=False
    )
    needs_reason = fields.Boolean(compute="_compute_preview")

    @api.depends("year", "municipality_ids")
    def _compute_preview(self):
        for wizard in self:
            if not wizard._year_ok() or not wizard.municipality_ids:
                wizard.preview_html = False
                wizard.needs_reason = False
                continue
            plan = wizard._plan()
            wizard.needs_reason = any(row["action"] == "replace" for row in plan)
            wizard.preview_html = self.env["ir.qweb"]._render(
                "mdd_meldpunt.wga_publication_preview", {"plan": plan, "year": wizard.year}
            )

    def _plan(self):
        """Per municipality: the row to freeze and what publishing does.

        :return: list of dicts with ``municipality``, ``row`` (the Wga form
            row of the CSV, suppressed), ``action`` (``new``, ``replace``,
            ``unchanged``), ``current`` (the published version, if any) and
            ``draft`` (a draft to publish, if any)
        """
        self.ensure_one()
        Figures = self.env["mdd.wga.figures"]
        Publication = self.env["mdd.wga.publication"]
        municipalities = self.municipality_ids._origin
        existing = Publication.search(
            [
                ("year", "=", self.year),
                ("municipality_id", "in", municipalities.ids),
                ("state", "in", ("draft", "published")),
            ]
        )
        plan = []
        for figures in Figures._figures(municipalities, self.year):
            municipality = figures["municipality"]
            mine = existing.filtered(lambda p, m=municipality: p.municipality_id == m)
            current = mine.filtered(lambda p: p.state == "published")
            draft = mine.filtered(lambda p: p.state == "draft")[:1]
            action = "new"
            if current:
                frozen = current._refrozen(figures)
                action = "unchanged" if frozen == current.sudo().figures_json else "replace"
            plan.append(
                {
                    "municipality": municipality,
                    "row": Figures._form_row(figures),
                    "action": action,
                    "current": current,
                    "draft": draft,
                }
            )
        return plan

    def action_publish(self):
        """Publish the year: first versions and replacements, in one go."""
        self.ensure_one()
        Publication = self.env["mdd.wga.publication"]
        Publication._check_manager()
        self._check_input()
        plan = self._plan()
        replaced = Publication.union(
            *(row["current"] for row in plan if row["action"] == "replace")
        )
        if replaced and not (self.reason or "").strip():
            raise UserError(
                _(
                    "The figures of a published version changed: give the reason "
                    "for the new version."
                )
            )
        drafts = Publication.browse()
        for row in plan:
            if row["action"] != "new":
                continue
            drafts |= row["draft"] or Publication.create(
                {"municipality_id": row["municipality"].id, "year": self.year}
            )
        if not drafts and not replaced:
            raise UserError(_("Nothing to publish: every version is up to date."))
        drafts.action_publish()
        if replaced:
            replaced._replace(self.reason)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mdd_meldpunt.action_mdd_wga_publication"
        )
        action["domain"] = [("year", "=", self.year)]
        return action

    def _download(self, data, extension):
        return self._download_file(data, f"landelijke_cijfers_{self.year}.{extension}")

    def action_national_csv(self):
        self.ensure_one()
        return self._download(self.env["mdd.wga.publication"]._national_csv(self.year), "csv")

    def action_national_xlsx(self):
        self.ensure_one()
        return self._download(self.env["mdd.wga.publication"]._national_xlsx(self.year), "xlsx")
