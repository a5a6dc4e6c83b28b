"""Odoo's launcher for the test and benchmark servers (instead of ``python -m odoo``).

With workers, Odoo's prefork server starts its websocket process as
``sys.executable sys.argv[0] gevent ...`` and starts it again whenever it
exits. The end-to-end tests and benchmarks use no websocket (bus), and gevent may be unusable in
the virtual environment, which would make Odoo retry it every second during
the run. Here the ``gevent`` process only waits until it is stopped.
"""

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command(db_user, *args):
    """The command line that starts Odoo with the add-ons through this launcher
    (PostgreSQL host and port from PGHOST and PGPORT when set)."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        f"--addons-path={ROOT / 'addons'}",
        f"--db_user={db_user}",
    ]
    for option, name in (("--db_host", "PGHOST"), ("--db_port", "PGPORT")):
        if os.environ.get(name):
            cmd.append(f"{option}={os.environ[name]}")
    return cmd + list(args)


if __name__ == "__main__":
    os.environ["TZ"] = "UTC"
    if len(sys.argv) > 1 and sys.argv[1] == "gevent":
        signal.signal(signal.SIGTERM, lambda *__: sys.exit(0))
        while True:
            signal.pause()
    import odoo

    odoo.cli.main()
