# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.mdd_base.tools.timezone import bureau_tz
from odoo.tools import SQL, sql

from .helpdesk_ticket_source import REPORT_SOURCES

FIGURES_DATE_INDEX = "helpdesk_ticket_mdd_figures_date_index"


def figures_date_sql(table, tz_name):
    """The date a report counts on in the figures, as SQL on the tickets
    ``table``: the date of the incident, or else the day it was registered
    (create date in the bureau's time zone ``tz_name``).

    The zone is a literal, so the expression is immutable and the same in
    the analysis views and in the expression index on ``helpdesk_ticket``
    (see ``helpdesk_ticket_figures.py``) that serves the yearly figures.
    """
    return SQL(
        "COALESCE(%s, ((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date)",
        SQL.identifier(table, "incident_date"),
        SQL.identifier(table, "create_date"),
        tz_name,
    )


EXCLUSION_REASONS = [
    ("mass_report", "Mass-report incident"),
    ("not_counted", "Marked not to count"),
]


class MddReportAnalysisMixin(models.AbstractModel):
    """Columns shared by the analysis views of discrimination reports.

    The views (``_auto = False``) read the reports (tickets of a bureau team,
    archived ones left out) and define here, once, the two rules every figure
    relies on:

    * the *figures date*: the date of the incident, or else the day the report
      was registered (create date, in the bureau's time zone); the year of the
      figures is the year of this date;
    * whether a report *counts* in municipal figures: it is not marked not to
      count and it is not linked to a mass-report incident.

    A location marked not applicable (online, national media) wins over a
    municipality of the incident that is still filled in.
    """

    _name = "mdd.report.analysis.mixin"
    _description = "Discrimination report analysis (common columns)"

    report_id = fields.Many2one("helpdesk.ticket", readonly=True)
    date = fields.Date(
        readonly=True,
        help="Date of the incident, or else the day the report was registered.",
    )
    team_id = fields.Many2one("helpdesk.ticket.team", string="Bureau", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", readonly=True)
    closed = fields.Boolean(readonly=True)
    user_id = fields.Many2one("res.users", string="Case handler", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    report_type = fields.Selection(
        [("klacht", "Complaint (klacht)"), ("melding", "Report only (melding)")],
        string="Type",
        readonly=True,
    )
    residence_municipality_id = fields.Many2one(
        "mdd.municipality", string="Municipality of residence", readonly=True
    )
    incident_municipality_id = fields.Many2one(
        "mdd.municipality", string="Municipality of incident", readonly=True
    )
    incident_location_na = fields.Boolean(string="Location not applicable", readonly=True)
    domain_id = fields.Many2one("mdd.domain", readonly=True)
    main_domain_id = fields.Many2one("mdd.domain", string="Main domain", readonly=True)
    incident_id = fields.Many2one("mdd.incident", readonly=True)
    is_mass_report = fields.Boolean(string="Mass report", readonly=True)
    counts_in_figures = fields.Boolean(string="Marked to count", readonly=True)
    counted = fields.Boolean(
        readonly=True,
        help="Counts in the municipal figures: not marked not to count and not "
        "part of a mass-report incident.",
    )
    exclusion_reason = fields.Selection(
        EXCLUSION_REASONS,
        string="Left out because",
        readonly=True,
    )
    report_source = fields.Selection(REPORT_SOURCES, string="Source", readonly=True)
    referral_date = fields.Date(string="Referral date", readonly=True)
    report_ref = fields.Integer(
        string="Reports",
        aggregator="count_distinct",
        readonly=True,
        help="Number of distinct reports.",
    )
    incident_ref = fields.Integer(
        string="Incidents",
        aggregator="count_distinct",
        readonly=True,
        help="Number of distinct incidents; a report without an incident is "
        "an incident of its own.",
    )

    _depends = {
        "helpdesk.ticket": [
            "active",
            "is_mdd_report",
            "create_date",
            "incident_date",
            "team_id",
            "stage_id",
            "user_id",
            "company_id",
            "report_type",
            "residence_municipality_id",
            "incident_municipality_id",
            "incident_location_na",
            "domain_id",
            "incident_id",
            "counts_in_figures",
            "report_source",
            "referral_date",
        ],
        "helpdesk.ticket.stage": ["closed"],
        "mdd.incident": ["is_mass_report"],
        "mdd.domain": ["parent_path"],
    }

    @api.model
    def _report_select(self):
        """Columns of one report (``t`` is the ticket)."""
        return SQL(
            """
            t.id AS report_id,
            %(figures_date)s AS date,
            t.team_id AS team_id,
            t.stage_id AS stage_id,
            COALESCE(st.closed, FALSE) AS closed,
            t.user_id AS user_id,
            t.company_id AS company_id,
            t.report_type AS report_type,
            t.residence_municipality_id AS residence_municipality_id,
            CASE WHEN t.incident_location_na THEN NULL
                 ELSE t.incident_municipality_id END AS incident_municipality_id,
            COALESCE(t.incident_location_na, FALSE) AS incident_location_na,
            t.domain_id AS domain_id,
            split_part(dom.parent_path, '/', 1)::integer AS main_domain_id,
            t.incident_id AS incident_id,
            COALESCE(inc.is_mass_report, FALSE) AS is_mass_report,
            COALESCE(t.counts_in_figures, FALSE) AS counts_in_figures,
            (COALESCE(t.counts_in_figures, FALSE)
             AND NOT COALESCE(inc.is_mass_report, FALSE)) AS counted,
            CASE WHEN COALESCE(inc.is_mass_report, FALSE) THEN 'mass_report'
                 WHEN NOT COALESCE(t.counts_in_figures, FALSE) THEN 'not_counted'
                 END AS exclusion_reason,
            t.report_source AS report_source,
            t.referral_date AS referral_date,
            t.id AS report_ref,
            COALESCE(t.incident_id, -t.id) AS incident_ref
            """,
            figures_date=figures_date_sql("t", bureau_tz(self.env)),
        )

    @api.model
    def _report_from(self):
        """The reports (``t``) with their incident, stage and domain."""
        return SQL(
            """
            helpdesk_ticket t
            LEFT JOIN mdd_incident inc ON inc.id = t.incident_id
            LEFT JOIN helpdesk_ticket_stage st ON st.id = t.stage_id
            LEFT JOIN mdd_domain dom ON dom.id = t.domain_id
            """
        )

    @api.model
    def _report_where(self):
        return SQL("t.is_mdd_report AND t.active")

    @api.model
    def _view_query(self):
        """The SELECT of the view; implemented by each analysis view."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        # The view keeps the bureau's time zone of now: a literal in its SQL.
        sql.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._view_query(),
            )
        )
