# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Take over, in a database made before mdd_base existed, the records that
moved here from mdd_meldpunt, by renaming their external ids.

Without this, installing mdd_base next to an existing mdd_meldpunt would
create the shipped municipalities a second time (refused by the unique CBS
code), and upgrading mdd_meldpunt would then delete the moved models, their
fields and their data as no longer defined by it. Municipalities that staff
added by hand are adopted the same way when their CBS code is a shipped one.
"""

import logging

_logger = logging.getLogger(__name__)

MOVED_MODELS = ("mdd_municipality", "mdd_form_token", "mdd_throttle")
# Fields of mdd.municipality that mdd_base defines (the others stay with
# mdd_meldpunt, which adds them).
MUNICIPALITY_FIELDS = (
    "id",
    "display_name",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "name",
    "cbs_code",
    "province_id",
    "active",
)
MOVED_NAMES = (
    "constraint_mdd_municipality_cbs_code_unique",
    "constraint_mdd_form_token_scope_key_uniq",
    "access_mdd_municipality_internal",
    "access_mdd_municipality_portal",
    "access_mdd_municipality_public",
    "access_mdd_throttle_system",
    "access_mdd_form_token_system",
    "ir_cron_mdd_throttle_gc",
    "ir_cron_mdd_throttle_gc_ir_actions_server",
    "view_mdd_municipality_list",
    "view_mdd_municipality_form",
    "view_mdd_municipality_search",
    "action_mdd_municipality",
)


def _adopt_municipalities(cr):
    """Municipalities that staff (or demo data) added before this add-on
    shipped them become the shipped ones: same CBS code, same row."""
    cr.execute("SELECT to_regclass('mdd_municipality')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
        SELECT DISTINCT ON (lower(m.cbs_code))
               'mdd_base', 'municipality_' || lower(m.cbs_code), 'mdd.municipality', m.id, true
          FROM mdd_municipality m
         WHERE m.cbs_code ~ '^GM[0-9]{4}$'
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                            WHERE d.module = 'mdd_base'
                              AND d.name = 'municipality_' || lower(m.cbs_code))
         ORDER BY lower(m.cbs_code), m.id
        """
    )
    if cr.rowcount:
        _logger.info("mdd_base: %s existing municipalities match shipped ones", cr.rowcount)


def pre_init_hook(env):
    names = [
        *MOVED_NAMES,
        *(f"model_{model}" for model in MOVED_MODELS),
        *(f"field_mdd_municipality__{field}" for field in MUNICIPALITY_FIELDS),
    ]
    cr = env.cr
    cr.execute(
        """
        UPDATE ir_model_data SET module = 'mdd_base'
         WHERE module = 'mdd_meldpunt'
           AND (name = ANY(%(names)s)
                OR name LIKE 'field\\_mdd\\_form\\_token\\_\\_%%'
                OR name LIKE 'field\\_mdd\\_throttle\\_\\_%%'
                OR (model = 'mdd.municipality' AND name LIKE 'municipality\\_gm%%'))
        """,
        {"names": names},
    )
    if cr.rowcount:
        _logger.info("mdd_base: took over %s external ids from mdd_meldpunt", cr.rowcount)
    _adopt_municipalities(cr)
