# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError


def _default_year(model):
    return fields.Date.context_today(model).year - 1


class MddWgaFiguresWizard(models.TransientModel):
    """Make the yearly Wga figures for the municipalities of one or more bureaus.

    Shows the exact (internal) numbers and downloads the suppressed CSV, XLSX
    and PDF meant for the municipalities.
    """

    _name = "mdd.wga.figures.wizard"
    _description = "Wga figures per municipality"

    year = fields.Integer(required=True, default=_default_year)
    team_ids = fields.Many2many(
        "helpdesk.ticket.team",
        string="Bureaus",
        domain=[("is_mdd_bureau", "=", True)],
        default=lambda self: self.env["helpdesk.ticket.team"]._mdd_default_bureau(),
        help="The form has one row per active municipality that these bureaus "
        "handle. All registered reports count, whichever bureau handled them.",
    )
    municipality_ids = fields.Many2many(
        "mdd.municipality",
        string="Municipalities",
        compute="_compute_municipality_ids",
        store=True,
        readonly=False,
    )
    preview_html = fields.Html(
        string="Figures (exact, internal)",
        compute="_compute_preview_html",
        sanitize=False,
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.depends("team_ids")
    def _compute_municipality_ids(self):
        Figures = self.env["mdd.wga.figures"]
        for wizard in self:
            wizard.municipality_ids = Figures._bureau_municipalities(wizard.team_ids)

    @api.depends("year", "municipality_ids")
    def _compute_preview_html(self):
        Figures = self.env["mdd.wga.figures"]
        for wizard in self:
            if not wizard._year_ok() or not wizard.municipality_ids:
                wizard.preview_html = False
                continue
            municipalities = wizard.municipality_ids._origin
            all_figures = Figures._figures(municipalities, wizard.year, breakdowns=())
            outside, unassigned = Figures._count_outside(municipalities, wizard.year)
            wizard.preview_html = self.env["ir.qweb"]._render(
                "mdd_meldpunt.wga_figures_preview",
                {
                    "all_figures": all_figures,
                    "outside": outside,
                    "unassigned": unassigned,
                    "year": wizard.year,
                },
            )

    def _year_ok(self):
        self.ensure_one()
        return self.env["mdd.wga.figures"]._valid_year(self.year)

    def _check_input(self):
        self.ensure_one()
        if not self._year_ok():
            raise UserError(self.env._("Choose a year from 2009 up to this year."))
        if not self.municipality_ids:
            raise UserError(self.env._("Choose at least one municipality."))

    def _download(self, data, extension):
        self.file_data = base64.b64encode(data)
        if extension == "pdf" and len(self.municipality_ids) == 1:
            title = self.env["mdd.wga.figures"]._title(self.municipality_ids, self.year)
            self.file_name = f"{title}.pdf"
        else:
            self.file_name = f"wga_{self.year}.{extension}"
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}?download=true",
            "target": "self",
        }

    def action_download_csv(self):
        self._check_input()
        data = self.env["mdd.wga.figures"]._csv(self.municipality_ids, self.year)
        return self._download(data, "csv")

    def action_download_xlsx(self):
        self._check_input()
        data = self.env["mdd.wga.figures"]._xlsx(self.municipality_ids, self.year)
        return self._download(data, "xlsx")

    def action_print_pdf(self):
        """One PDF with a page per municipality (suppressed)."""
        self._check_input()
        data, report_type = self.env["mdd.wga.figures"]._pdf(self.municipality_ids, self.year)
        return self._download(data, report_type)
