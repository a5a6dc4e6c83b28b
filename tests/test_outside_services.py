"""No personal data to outside services: a database installed as production
installs it (MDD's profile, no demo data, no test mode) has none of the
modules that send data out, and none of the keys that would switch on
Google's captcha or a visitor tracker.

The list of modules and why each is on it: mdd_base/tools/outside_services.py.
Odoo installs several of them by itself (auto_install: iap, partner_autocomplete,
sms, snailmail...); the profile removes them at the end of its installation.
In a run with tests (scripts/test's Odoo suites) the profile leaves them (Odoo
would lose the test results), so this test installs a database of its own.
"""

import importlib.util
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from e2e_env import ROOT, odoo_env, psql, require_env


def _deny_list():
    path = ROOT / "addons" / "mdd_base" / "tools" / "outside_services.py"
    spec = importlib.util.spec_from_file_location("mdd_outside_services", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.OUTSIDE_SERVICE_MODULES


def _query(db, sql):
    user = require_env("MDD_DB_USER")
    proc = subprocess.run(
        ["psql", "-X", "-At", "-U", user, "-d", db, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in proc.stdout.splitlines() if line]


def test_production_install_sends_nothing_out():
    deny = _deny_list()
    # The list names what arrives by itself with Odoo's mail and website.
    assert {"iap", "partner_autocomplete", "sms", "snailmail"} <= set(deny)
    work = Path(tempfile.mkdtemp(prefix="mdd-outside-"))
    db = f"mdd_outside_{secrets.token_hex(4)}"
    log = work / "install.log"
    try:
        cmd = [
            sys.executable,
            "-m",
            "odoo",
            f"--addons-path={ROOT / 'addons'}",
            f"--db_user={require_env('MDD_DB_USER')}",
            *([f"--db_host={os.environ['PGHOST']}"] if os.environ.get("PGHOST") else []),
            *([f"--db_port={os.environ['PGPORT']}"] if os.environ.get("PGPORT") else []),
            f"--data-dir={work / 'data'}",
            "-d",
            db,
            "-i",
            "mdd_profile_drenthe",
            "--without-demo=all",
            "--stop-after-init",
            "--no-http",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={log}",
        ]
        proc = subprocess.run(cmd, env=odoo_env(), cwd=ROOT, check=False)
        text = log.read_text(errors="replace") if log.exists() else ""
        errors = [line for line in text.splitlines() if " ERROR " in line or " CRITICAL " in line]
        assert proc.returncode == 0 and not errors, "\n".join(errors) or text[-5000:]

        states = dict(
            row.split("|")
            for row in _query(db, "SELECT name, state FROM ir_module_module ORDER BY name")
        )
        assert states.get("mdd_profile_drenthe") == "installed"
        installed = sorted(name for name in deny if states.get(name) == "installed")
        assert not installed, "modules that send personal data out: " + ", ".join(
            f"{name} ({deny[name]})" for name in installed
        )
        # They were there and were removed (not merely absent from the list).
        assert states.get("iap") == "uninstalled"
        assert states.get("partner_autocomplete") == "uninstalled"

        # google_recaptcha comes with Odoo's website and cannot go: it must
        # have no key. Nor may a website have a tracker or Google Maps key.
        keys = _query(
            db,
            "SELECT key FROM ir_config_parameter WHERE key IN "
            "('recaptcha_public_key', 'recaptcha_private_key', 'unsplash.access_key')"
            " AND coalesce(value, '') != ''",
        )
        assert not keys, keys
        trackers = _query(
            db,
            "SELECT name FROM website WHERE coalesce(google_analytics_key, '') != ''"
            " OR coalesce(plausible_shared_key, '') != ''"
            " OR coalesce(google_search_console, '') != ''"
            " OR coalesce(google_maps_api_key, '') != ''",
        )
        assert not trackers, trackers
        # No weekly message to Odoo's publisher-warranty server, no link
        # previews fetched from outside.
        cron = _query(
            db,
            "SELECT c.active FROM ir_cron c JOIN ir_model_data d"
            " ON d.model = 'ir.cron' AND d.res_id = c.id"
            " WHERE d.module = 'mail' AND d.name = 'ir_cron_module_update_notification'",
        )
        assert cron == ["f"], cron
        throttle = _query(
            db, "SELECT value FROM ir_config_parameter WHERE key = 'mail.link_preview_throttle'"
        )
        assert throttle == ["0"], throttle
    finally:
        psql("-c", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
