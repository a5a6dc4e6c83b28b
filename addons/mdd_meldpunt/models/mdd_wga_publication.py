# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import hashlib
import io
import json

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..tools import national_export
from .mdd_wga_figures_export import CSV_HEADER

# Version of the layout of ``figures_json``.
FIGURES_FORMAT = 1
# The counts of the published form: the CSV columns after code, name, year.
FORM_KEYS = CSV_HEADER[3:]
FILE_KINDS = ("csv", "xlsx", "pdf")
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html",
}
# Written when a published version is withdrawn; nothing else changes after
# publication.
WITHDRAW_FIELDS = {"state", "withdrawn_on", "withdrawn_by_id", "withdraw_reason", "replaced_by_id"}
# The fields of the publication itself (the chatter's stay writable).
FROZEN_FIELDS = WITHDRAW_FIELDS | {
    "municipality_id",
    "year",
    "version",
    "published_on",
    "published_by_id",
    "replaces_id",
    "csv_attachment_id",
    "xlsx_attachment_id",
    "pdf_attachment_id",
    "csv_sha256",
    "xlsx_sha256",
    "pdf_sha256",
    "figures_json",
    "figures_sha256",
    "lang",
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class MddWgaPublication(models.Model):
    """The Wga figures of one municipality and year, frozen when published.

    Publishing renders the CSV, XLSX and PDF with the generators of
    ``mdd.wga.figures`` (the same files as the coordinators' downloads) and
    keeps them as attachments with their SHA-256, together with the figures
    themselves as JSON (exact and as shown): the municipal portal and the
    national export read them, never the live reports. A published version
    never changes: it can only be withdrawn, with a reason, when a new
    version replaces it; both stay visible with their dates. Whether the
    live figures drifted from a published version is computed per cell of
    the Wga form (:meth:`_drift`).
    """

    _name = "mdd.wga.publication"
    _inherit = ["mail.thread"]
    _description = "Wga publication"
    _order = "year desc, municipality_id, version desc"

    municipality_id = fields.Many2one(
        "mdd.municipality", required=True, index=True, ondelete="restrict", readonly=True
    )
    cbs_code = fields.Char(related="municipality_id.cbs_code")
    year = fields.Integer(required=True, index=True, readonly=True)
    version = fields.Integer(required=True, default=1, readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("withdrawn", "Withdrawn")],
        required=True,
        default="draft",
        readonly=True,
        index=True,
    )
    published_on = fields.Datetime(readonly=True)
    published_by_id = fields.Many2one("res.users", string="Published by", readonly=True)
    withdrawn_on = fields.Datetime(readonly=True)
    withdrawn_by_id = fields.Many2one(
        "res.users", string="Withdrawn by", readonly=True, groups="mdd_meldpunt.group_mdd_manager"
    )
    withdraw_reason = fields.Text(
        string="Reason for the new version",
        readonly=True,
        help="Shown to the municipality with the replaced version: no personal data.",
    )
    replaced_by_id = fields.Many2one("mdd.wga.publication", string="Replaced by", readonly=True)
    replaces_id = fields.Many2one("mdd.wga.publication", readonly=True)
    csv_attachment_id = fields.Many2one("ir.attachment", string="CSV", readonly=True)
    xlsx_attachment_id = fields.Many2one("ir.attachment", string="Excel", readonly=True)
    pdf_attachment_id = fields.Many2one("ir.attachment", string="PDF", readonly=True)
    csv_sha256 = fields.Char(string="CSV SHA-256", readonly=True)
    xlsx_sha256 = fields.Char(string="Excel SHA-256", readonly=True)
    pdf_sha256 = fields.Char(string="PDF SHA-256", readonly=True)
    figures_json = fields.Text(
        string="Frozen figures",
        readonly=True,
        groups="mdd_meldpunt.group_mdd_manager",
        help="The figures as published, exact and suppressed (JSON): the source "
        "of the portal page and the national export.",
    )
    figures_sha256 = fields.Char(string="Figures SHA-256", readonly=True)
    lang = fields.Char(
        string="Language",
        readonly=True,
        help="The language of the frozen files: the one the bureau speaks to the public.",
    )
    delivery_ids = fields.One2many(
        "mdd.wga.delivery",
        "publication_id",
        string="Deliveries",
        groups="mdd_meldpunt.group_mdd_manager",
    )
    delivery_count = fields.Integer(
        compute="_compute_delivery_count", groups="mdd_meldpunt.group_mdd_manager"
    )
    has_drift = fields.Boolean(
        string="Live figures changed",
        compute="_compute_drift",
        groups="mdd_meldpunt.group_mdd_manager",
    )
    drift_html = fields.Html(
        string="Drift",
        compute="_compute_drift",
        sanitize=False,
        groups="mdd_meldpunt.group_mdd_manager",
    )

    _sql_constraints = [
        (
            "version_unique",
            "UNIQUE(municipality_id, year, version)",
            "A municipality has one publication per year and version.",
        ),
    ]

    def init(self):
        """At most one published version per municipality and year."""
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS mdd_wga_publication_one_published "
                "ON mdd_wga_publication (municipality_id, year) WHERE state = 'published'"
            )
        )

    @api.depends("municipality_id", "year", "version")
    def _compute_display_name(self):
        for publication in self:
            publication.display_name = _(
                "%(municipality)s %(year)s version %(version)s",
                municipality=publication.municipality_id.name,
                year=publication.year,
                version=publication.version,
            )

    def _compute_delivery_count(self):
        for publication in self:
            publication.delivery_count = len(publication.delivery_ids)

    def _compute_drift(self):
        drift = self.filtered(lambda p: p.state == "published")._drift()
        for publication in self:
            cells = drift.get(publication.id, [])
            publication.has_drift = bool(cells)
            publication.drift_html = (
                self.env["ir.qweb"]._render(
                    "mdd_meldpunt.wga_publication_drift",
                    {"lines": [self._drift_line(publication, cell) for cell in cells]},
                )
                if cells
                else False
            )

    @api.constrains("year")
    def _check_year(self):
        Figures = self.env["mdd.wga.figures"]
        for publication in self:
            if not Figures._valid_year(publication.year):
                raise ValidationError(_("Choose a year from 2009 up to this year."))

    # ------------------------------------------------------------------
    # Immutability
    # ------------------------------------------------------------------

    @api.model
    def _check_manager(self):
        if self.env.su or self.env.user.has_group("mdd_meldpunt.group_mdd_manager"):
            return
        raise AccessError(_("Only coordinators can publish figures."))

    def write(self, vals):
        frozen = set(vals) & FROZEN_FIELDS
        if frozen and any(p.state != "draft" for p in self):
            self.check_access("write")
            transition = self.env.context.get("mdd_publication_withdraw")
            if not (
                transition
                and frozen <= WITHDRAW_FIELDS
                and all(p.state == "published" for p in self)
            ):
                raise UserError(
                    _(
                        "A published version cannot be changed. Publish a new "
                        "version with a reason instead."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(p.state != "draft" for p in self):
            raise UserError(_("A published or withdrawn version cannot be deleted."))

    # ------------------------------------------------------------------
    # Publishing
    # ------------------------------------------------------------------

    @api.model
    def _frozen_figures(self, figures, year):
        """The JSON of the frozen figures from the result of ``_figures``."""
        Figures = self.env["mdd.wga.figures"]
        municipality = figures["municipality"]

        def pairs(items):
            return [[label, value] for label, value in items]

        shown = figures["shown"]
        return {
            "format": FIGURES_FORMAT,
            "municipality": {"cbs_code": municipality.cbs_code, "name": municipality.name},
            "year": year,
            "threshold": figures["threshold"],
            "columns": figures["columns"],
            "total": figures["total"],
            "excluded": figures["excluded"],
            "breakdowns": {name: pairs(items) for name, items in figures["breakdowns"].items()},
            "shown": {
                "columns": shown["columns"],
                "total": shown["total"],
                "excluded": shown["excluded"],
                "breakdowns": {name: pairs(items) for name, items in shown["breakdowns"].items()},
            },
            "extra_sections": Figures._extra_sections(municipality, year),
        }

    def _refrozen(self, figures):
        """The JSON this version would freeze now: ``figures`` (the live
        result of ``_figures``, breakdowns included) in its language."""
        self.ensure_one()
        if self.lang and self.lang != (self.env.lang or "en_US"):
            Figures = self.env["mdd.wga.figures"].with_context(lang=self.lang)
            figures = Figures._figures(self.municipality_id, self.year)[0]
        Publication = self.with_context(lang=self.lang or self.env.lang or "en_US")
        return Publication._dump(Publication._frozen_figures(figures, self.year))

    @api.model
    def _dump(self, data):
        return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)

    def _attach(self, kind, content, filename):
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "raw": content,
                    "mimetype": MIMETYPES[kind],
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        return attachment

    def _freeze(self):
        """Render and keep the files and figures of drafts (not yet published),
        in the language the bureau speaks to the public (whatever the
        language of the coordinator who publishes)."""
        lang = self.env.company._mdd_public_lang()
        self = self.with_context(lang=lang)  # noqa: PLW0642
        Figures = self.env["mdd.wga.figures"]
        for publication in self:
            municipality, year = publication.municipality_id, publication.year
            figures = Figures._figures(municipality, year)[0]
            data = self._dump(self._frozen_figures(figures, year)).encode()
            files = {
                "csv": Figures._csv(municipality, year),
                "xlsx": Figures._xlsx(municipality, year),
            }
            pdf, report_type = Figures._pdf(municipality, year)
            base = f"wga_{municipality.cbs_code}_{year}_v{publication.version}"
            values = {}
            for kind, content in (*files.items(), ("pdf", pdf)):
                extension = report_type if kind == "pdf" else kind
                if kind == "pdf":
                    title = Figures._title(municipality, year)
                    filename = f"{title} (versie {publication.version}).{extension}"
                else:
                    filename = f"{base}.{extension}"
                mime_kind = report_type if kind == "pdf" else kind
                attachment = publication._attach(mime_kind, content, filename)
                values[f"{kind}_attachment_id"] = attachment.id
                values[f"{kind}_sha256"] = sha256(content)
            values.update(
                {
                    "figures_json": data.decode(),
                    "figures_sha256": sha256(data),
                    "lang": lang,
                }
            )
            publication.write(values)

    def action_publish(self):
        """Publish drafts: freeze their files, then deliver them."""
        self._check_manager()
        if any(p.state != "draft" for p in self):
            raise UserError(_("Only a draft can be published."))
        for publication in self:
            if self.search_count(
                [
                    ("municipality_id", "=", publication.municipality_id.id),
                    ("year", "=", publication.year),
                    ("state", "=", "published"),
                ]
            ):
                raise UserError(
                    _(
                        "%(municipality)s %(year)s already has a published version: "
                        "publish a new version instead.",
                        municipality=publication.municipality_id.name,
                        year=publication.year,
                    )
                )
        self._freeze()
        now = fields.Datetime.now()
        # Still drafts: the state comes last.
        self.write({"state": "published", "published_on": now, "published_by_id": self.env.uid})
        for publication in self:
            replaced = publication.replaces_id
            if replaced:
                body = _(
                    "Version %(version)s published; it replaces version %(old)s.",
                    version=publication.version,
                    old=replaced.version,
                )
            else:
                body = _("Version %(version)s published.", version=publication.version)
            publication._mdd_note(body)
        self._deliver()
        return True

    def _mdd_note(self, body):
        """A note in the chatter (no personal data: counts and versions only)."""
        self.ensure_one()
        self.sudo().message_post(
            body=body, message_type="notification", subtype_xmlid="mail.mt_note"
        )

    def _replace(self, reason):
        """Withdraw published versions and publish a new version of each.

        :return: the new versions
        """
        self._check_manager()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for the new version."))
        if any(p.state != "published" for p in self):
            raise UserError(_("Only a published version can be replaced."))
        new = self.browse()
        for old in self:
            new |= self.create(
                {
                    "municipality_id": old.municipality_id.id,
                    "year": old.year,
                    "version": old._next_version(),
                    "replaces_id": old.id,
                }
            )
        now = fields.Datetime.now()
        for old, publication in zip(self, new, strict=True):
            old.with_context(mdd_publication_withdraw=True).write(
                {
                    "state": "withdrawn",
                    "withdrawn_on": now,
                    "withdrawn_by_id": self.env.uid,
                    "withdraw_reason": reason,
                    "replaced_by_id": publication.id,
                }
            )
            old._mdd_note(
                _("Withdrawn: replaced by version %(version)s.", version=publication.version)
            )
        self.env.flush_all()
        new.action_publish()
        return new

    def _next_version(self):
        self.ensure_one()
        self.env.cr.execute(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM mdd_wga_publication "
            "WHERE municipality_id = %s AND year = %s",
            [self.municipality_id.id, self.year],
        )
        return self.env.cr.fetchone()[0]

    def action_open_replace_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("New version"),
            "res_model": "mdd.wga.publication.replace.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_publication_id": self.id},
        }

    # ------------------------------------------------------------------
    # Delivery
    # ------------------------------------------------------------------

    def _official_users(self):
        """The users with /my/cijfers of the municipality (active accounts)."""
        self.ensure_one()
        return (
            self.env["res.users"]
            .sudo()
            .search([("partner_id.mdd_municipality_id", "=", self.municipality_id.id)])
        )

    def _deliver(self):
        """Mail each official contact a link to the portal (no figures) and log it."""
        template = self.env.ref("mdd_meldpunt.mail_template_wga_publication")
        Delivery = self.env["mdd.wga.delivery"].sudo()
        now = fields.Datetime.now()
        for publication in self:
            users = publication._official_users()
            for user in users:
                delivery = Delivery.create(
                    {
                        "publication_id": publication.id,
                        "partner_id": user.partner_id.id,
                        "sent_on": now,
                    }
                )
                template.sudo().send_mail(delivery.id)
            if users:
                body = _(
                    "Delivery mail with a link to the portal sent to %(count)s "
                    "official contact(s) of the municipality.",
                    count=len(users),
                )
            else:
                body = _("No official contacts with portal access: no delivery mail sent.")
            publication._mdd_note(body)

    # ------------------------------------------------------------------
    # Reading back
    # ------------------------------------------------------------------

    def _frozen(self):
        """The frozen figures (dict) of a published or withdrawn version."""
        self.ensure_one()
        return json.loads(self.sudo().figures_json or "{}")

    def _file(self, kind):
        """``(content, filename, mimetype)`` of a frozen file."""
        self.ensure_one()
        if kind not in FILE_KINDS:
            raise UserError(_("Unknown file."))
        attachment = self.sudo()[f"{kind}_attachment_id"]
        if not attachment:
            raise UserError(_("This version has no files."))
        return attachment.raw, attachment.name, attachment.mimetype

    def _published_form(self):
        """``{column: value}`` of the frozen CSV (the published Wga form)."""
        self.ensure_one()
        content = self.sudo().csv_attachment_id.raw or b""
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
        if len(rows) < 2:
            return {}
        return dict(zip(rows[0], rows[1], strict=True))

    def _drift(self):
        """Per published version, the cells of the Wga form whose live value
        differs from the frozen CSV.

        :return: ``{publication id: [(column, published, live)]}``, only for
            versions with drift
        """
        Figures = self.env["mdd.wga.figures"]
        result = {}
        for year in set(self.mapped("year")):
            publications = self.filtered(lambda p, y=year: p.year == y)
            municipalities = publications.municipality_id
            live = {
                figures["municipality"].id: dict(
                    zip(CSV_HEADER, Figures._form_row(figures), strict=True)
                )
                for figures in Figures._figures(municipalities, year, breakdowns=())
            }
            for publication in publications:
                published = publication._published_form()
                now = live[publication.municipality_id.id]
                cells = [
                    (key, published.get(key), str(now[key]))
                    for key in FORM_KEYS
                    if published.get(key) != str(now[key])
                ]
                if cells:
                    result[publication.id] = cells
        return result

    @api.model
    def _drift_line(self, publication, cell):
        """E.g. "Assen 2025: column 1 now 14, published 13"."""
        column, published, live = cell
        field = self.env["mdd.wga.line"]._fields["wga_column"]
        labels = dict(field._description_selection(self.env))
        labels["totaal"] = _("Total")
        return _(
            "%(municipality)s %(year)s: %(column)s now %(live)s, published %(published)s",
            municipality=publication.municipality_id.name,
            year=publication.year,
            column=labels[column],
            live=live,
            published=published,
        )

    @api.model
    def _drift_warnings(self):
        """Lines of the dashboard: the drift of all published versions."""
        publications = self.search([("state", "=", "published")])
        drift = publications._drift()
        return [
            self._drift_line(publication, cell)
            for publication in publications
            for cell in drift.get(publication.id, [])
        ]

    @api.model
    def _portal_values(self, municipality, publications, year=None):
        """Values of /my/cijfers from the frozen versions, never live numbers.

        :param publications: the published and withdrawn versions of the
            municipality (checked by the caller)
        :param year: the year shown in detail (a string from the URL is
            accepted); the newest published year when missing or unknown
        """
        Figures = self.env["mdd.wga.figures"]
        rows = []
        for publication in publications.filtered(lambda p: p.state == "published"):
            rows.append({**publication._frozen(), "publication": publication})
        rows.sort(key=lambda row: -row["year"])
        years = [row["year"] for row in rows]
        try:
            year = int(year) if year else None
        except ValueError:
            year = None
        if year not in years:
            year = years[0] if years else None
        selected = next((row for row in rows if row["year"] == year), None)
        threshold = selected["threshold"] if selected else Figures._threshold()
        return {
            "municipality": municipality,
            "current_year": fields.Date.context_today(self).year,
            "rows": rows,
            "versions": publications.sorted(lambda p: (-p.year, -p.version)),
            "selected": selected,
            "charts": Figures._charts(selected) if selected else [],
            "extra_sections": selected["extra_sections"] if selected else [],
            "explanation": Figures._explanation(threshold),
        }

    # ------------------------------------------------------------------
    # National export
    # ------------------------------------------------------------------

    @api.model
    def _national_sections(self, year):
        """The sections of the national export of a year (published versions)."""
        self._check_manager()
        publications = self.search([("year", "=", year), ("state", "=", "published")])
        if not publications:
            raise UserError(_("Nothing of %(year)s is published yet.", year=year))
        publications = publications.sorted(lambda p: (p.cbs_code or "", p.id))
        published = [(p.version, p._frozen()) for p in publications]
        return national_export.sections(year, published)

    @api.model
    def _national_csv(self, year):
        return national_export.to_csv(self._national_sections(year))

    @api.model
    def _national_xlsx(self, year):
        return national_export.to_xlsx(self._national_sections(year))
