# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1.1.0: the education section of the municipal figures moved to the
bridge ``mdd_voorlichting_figures``. A bridge installs itself only next to
add-ons that are being installed, so a database that already has both the
Meldpunt and the planner gets it here, in the same upgrade."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_module_module SET state = 'to install'
         WHERE name = 'mdd_voorlichting_figures' AND state = 'uninstalled'
           AND EXISTS (SELECT 1 FROM ir_module_module
                        WHERE name = 'mdd_meldpunt'
                          AND state IN ('installed', 'to upgrade'))
        """
    )
    if cr.rowcount:
        _logger.info("mdd_voorlichting: the figures bridge will be installed")
