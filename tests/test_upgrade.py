"""A database made with the add-ons as they were before the shared base
(``mdd_base``) and the bridge (``mdd_voorlichting_figures``) upgrades with
``-u all`` to today's layout, and loses nothing.

The old add-ons come from the repository's own history (the commit before
the layout change), so the clone must have its history: a shallow clone is
an error, not a skip. The test installs them with demo data, takes a
snapshot (row counts, the content of reports, complainants, sessions and
municipalities, and the Wga CSV of every municipality for each year),
upgrades with the current add-ons, and compares: the figures must be
byte-identical and every row unchanged.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from e2e_env import ROOT, odoo_env, psql, require_env

# main before the shared base add-on (issue 12) and the bureau profile
# (issue 19) existed.
BEFORE_LAYOUT = "70402a2539f737453ece3aa46cac03a58097a615"

# Tables whose rows must come through the upgrade unchanged, and the columns
# compared (those of the old layout; write dates may change).
# A table maps to the rows compared ("TRUE": all of them).
TABLES = {
    "helpdesk_ticket": "TRUE",
    "mdd_complainant": "TRUE",
    "mdd_incident": "TRUE",
    "mdd_report_action": "TRUE",
    "mdd_municipality": "TRUE",
    "mdd_education_session": "TRUE",
    "mdd_education_request": "TRUE",
    "mdd_workshop": "TRUE",
    # Files of records (not the web assets, which an upgrade rebuilds).
    "ir_attachment": "res_model = 'helpdesk.ticket' OR res_model LIKE 'mdd.%%'",
    # The planner's evaluations bring the survey app and its gamification:
    # their install logs the creation of their own (demo) records, and mails
    # demo users the karma rank they reach.
    "mail_message": "model IS NULL OR (model NOT LIKE 'survey.%%' "
    "AND model NOT LIKE 'gamification.%%' "
    "AND NOT (model = 'res.users' AND message_type = 'email_outgoing'))",
    "res_partner": "TRUE",
    "res_users": "TRUE",
}
IGNORED_COLUMNS = ("write_date", "write_uid")

SNAPSHOT_SCRIPT = """
import hashlib, json, os
tables = json.loads(os.environ["MDD_SNAPSHOT_TABLES"])
columns = json.loads(os.environ.get("MDD_SNAPSHOT_COLUMNS") or "{}")
max_ids = json.loads(os.environ.get("MDD_SNAPSHOT_MAX_IDS") or "{}")
ignored = json.loads(os.environ["MDD_SNAPSHOT_IGNORED"])
out = {"rows": {}, "all_rows": {}, "max_ids": {}, "digest": {}, "columns": {}, "csv": {},
       "modules": [], "xmlids": {}}
cr = env.cr
for table, where in tables.items():
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s ORDER BY column_name", [table]
    )
    cols = columns.get(table) or [c for (c,) in cr.fetchall() if c not in ignored]
    out["columns"][table] = cols
    cr.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table} WHERE {where}")
    out["all_rows"][table], out["max_ids"][table] = cr.fetchone()
    # The rows that existed before (an upgrade may add rows, e.g. the
    # municipalities of the whole country; it must change none).
    where = f"({where}) AND id <= {max_ids.get(table, out['max_ids'][table])}"
    cr.execute(f"SELECT count(*) FROM {table} WHERE {where}")
    out["rows"][table] = cr.fetchone()[0]
    projection = ", ".join(f'"{c}"' for c in cols)
    cr.execute(
        f"SELECT md5(coalesce(string_agg(r::text, E'\\\\n' ORDER BY r::text), '')) "
        f"FROM (SELECT {projection} FROM {table} WHERE {where}) r"
    )
    out["digest"][table] = cr.fetchone()[0]
figures = env["mdd.wga.figures"]
to_csv = getattr(figures, "_csv", None) or figures._mdd_csv
codes = json.loads(os.environ.get("MDD_SNAPSHOT_CODES") or "null")
municipalities = env["mdd.municipality"].search(
    [("cbs_code", "in", codes)] if codes else [], order="cbs_code"
)
out["codes"] = municipalities.mapped("cbs_code")
for year in range(2020, 2031):
    out["csv"][str(year)] = to_csv(municipalities, year).decode()
cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name LIKE 'mdd%%'")
out["modules"] = sorted(name for (name,) in cr.fetchall())
cr.execute(
    "SELECT module, count(*) FROM ir_model_data "
    "WHERE model = 'mdd.municipality' GROUP BY module"
)
out["xmlids"] = dict(cr.fetchall())
print("SNAPSHOT " + json.dumps(out, sort_keys=True))
"""


def _odoo(addons_path, *args, stdin=None, env_extra=None, log=None):
    env = odoo_env()
    env.update(env_extra or {})
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        *args,
        f"--addons-path={addons_path}",
        f"--db_user={require_env('MDD_DB_USER')}",
        *([f"--db_host={os.environ['PGHOST']}"] if os.environ.get("PGHOST") else []),
        *([f"--db_port={os.environ['PGPORT']}"] if os.environ.get("PGPORT") else []),
    ]
    if log:
        cmd.append(f"--logfile={log}")
    return subprocess.run(
        cmd, env=env, input=stdin, capture_output=True, text=True, check=False, cwd=ROOT
    )


def _snapshot(addons_path, db, data_dir, before=None):
    proc = _odoo(
        addons_path,
        "shell",
        "-d",
        db,
        f"--data-dir={data_dir}",
        "--no-http",
        "--log-level=warn",
        stdin=SNAPSHOT_SCRIPT,
        env_extra={
            "MDD_SNAPSHOT_TABLES": json.dumps(TABLES),
            "MDD_SNAPSHOT_COLUMNS": json.dumps(before["columns"] if before else {}),
            "MDD_SNAPSHOT_MAX_IDS": json.dumps(before["max_ids"] if before else {}),
            "MDD_SNAPSHOT_CODES": json.dumps(before["codes"] if before else None),
            "MDD_SNAPSHOT_IGNORED": json.dumps(IGNORED_COLUMNS),
        },
    )
    for line in proc.stdout.splitlines():
        if line.startswith("SNAPSHOT "):
            return json.loads(line[len("SNAPSHOT ") :])
    pytest.fail(f"no snapshot from {db}:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")


def _old_addons(target):
    """The add-ons of BEFORE_LAYOUT, extracted from the repository."""
    archive = target / "old.tar"
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "-o", str(archive), BEFORE_LAYOUT, "addons"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        pytest.fail(
            f"commit {BEFORE_LAYOUT} is not in this clone (a shallow clone?): {proc.stderr}",
            pytrace=False,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "addons"


def test_upgrade_from_the_layout_before_mdd_base():
    work = Path(tempfile.mkdtemp(prefix="mdd-upgrade-"))
    db = f"mdd_upgrade_{secrets.token_hex(4)}"
    data_dir = work / "data"
    try:
        old_addons = _old_addons(work)
        install = _odoo(
            old_addons,
            "-d",
            db,
            f"--data-dir={data_dir}",
            "-i",
            "mdd_meldpunt,mdd_voorlichting",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
            log=work / "install.log",
        )
        assert install.returncode == 0, (work / "install.log").read_text()[-5000:]
        before = _snapshot(old_addons, db, data_dir)
        assert before["modules"] == ["mdd_meldpunt", "mdd_voorlichting"]
        assert before["rows"]["helpdesk_ticket"] > 0
        assert before["rows"]["mdd_education_session"] > 0

        log = work / "upgrade.log"
        upgrade = _odoo(
            ROOT / "addons",
            "-d",
            db,
            f"--data-dir={data_dir}",
            "-u",
            "all",
            "--stop-after-init",
            "--no-http",
            "--log-level=info",
            log=log,
        )
        text = log.read_text(errors="replace")
        errors = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line]
        assert upgrade.returncode == 0 and not errors, "\n".join(errors) or text[-5000:]

        after = _snapshot(ROOT / "addons", db, data_dir, before=before)
        assert after["modules"] == [
            "mdd_base",
            "mdd_meldpunt",
            "mdd_profile_drenthe",
            "mdd_voorlichting",
            "mdd_voorlichting_figures",
        ]
        # Every municipality of the country is shipped now; the ones the
        # database had were taken over (the demo's Groningen too), not made
        # twice.
        assert after["xmlids"]["mdd_base"] == 342
        assert after["all_rows"]["mdd_municipality"] == 342
        # Only the rows an upgrade may add: no report, complainant, session,
        # contact or message more or less.
        for table in TABLES:
            if table != "mdd_municipality":
                assert after["all_rows"][table] == before["all_rows"][table], table
        assert after["rows"] == before["rows"]
        assert after["digest"] == before["digest"]
        assert after["codes"] == before["codes"]
        assert after["csv"] == before["csv"]
    finally:
        psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
