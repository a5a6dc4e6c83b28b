# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models

DEMO_CRON = "mdd_profile_drenthe.ir_cron_demo_publications"


class MddWgaPublication(models.Model):
    _inherit = "mdd.wga.publication"

    @api.model
    def _mdd_cron_demo_publications(self):
        """Demo databases: publish last year's figures of every municipality
        of both bureaus, so that the demo official (gemeente-assen) finds
        them on the portal, then switch this job off.

        A scheduled job rather than the install hook: the PDF is rendered by
        wkhtmltopdf, which loads its stylesheets from the running web server,
        and there is none while a database is being installed. A year that
        already has versions is left alone."""
        year = fields.Date.context_today(self).year - 1
        if not self.sudo().search_count([("year", "=", year)]):
            teams = self.env.ref("mdd_profile_drenthe.team_mdd") | self.env.ref(
                "mdd_profile_drenthe.team_emmen"
            )
            wizard = (
                self.env["mdd.wga.publication.wizard"]
                .sudo()
                .create({"year": year, "team_ids": [Command.set(teams.ids)]})
            )
            wizard.action_publish()
        cron = self.env.ref(DEMO_CRON, raise_if_not_found=False)
        if cron:
            cron.sudo().active = False
