# shellcheck shell=bash
# Shared settings for the developer scripts. Source it, do not run it.
#
# Every setting can be overridden from the environment:
#   ODOO_SRC      Odoo 18.0 Community source tree (default: ~/src/odoo-18.0)
#   MDD_VENV      virtual environment for Odoo and the project (default: ~/.venvs/mdd-odoo18)
#   MDD_DB_USER   PostgreSQL role Odoo connects as (default: mdd; never "postgres")
#   MDD_DB        database used by scripts/run (default: mdd)
#   MDD_DATA_DIR  Odoo data directory for scripts/run (default: ~/.local/share/mdd-odoo);
#                 it also holds scripts/run's runtime server configuration (odoo.conf)
#                 and its random master password (master-password), both mode 600
#   MDD_HTTP_PORT port of scripts/run (default: 8069)
#   MDD_DEMO      scripts/run: 1 (default) creates the database with demo data, 0 without
#   MDD_ADMIN_PASSWD, MDD_ADMIN_PASSWD_FILE
#                 the master password, or a file holding it (default for scripts/run:
#                 a random one in $MDD_DATA_DIR/master-password); never "admin"
#   PGHOST/PGPORT where PostgreSQL listens (default: the local socket)

MDD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-$HOME/src/odoo-18.0}"
MDD_VENV="${MDD_VENV:-$HOME/.venvs/mdd-odoo18}"
MDD_DB_USER="${MDD_DB_USER:-mdd}"
MDD_DB="${MDD_DB:-mdd}"
MDD_DATA_DIR="${MDD_DATA_DIR:-$HOME/.local/share/mdd-odoo}"
MDD_PY="$MDD_VENV/bin/python"
export ODOO_SRC MDD_VENV MDD_DB_USER MDD_ROOT

mdd_die() {
    echo "ERROR: $*" >&2
    exit 2
}

# Fails at once, saying what to provide, when the Odoo tree is missing.
mdd_require_odoo() {
    if [ ! -f "$ODOO_SRC/odoo/release.py" ]; then
        cat >&2 <<MSG
ERROR: no Odoo 18.0 source tree at ODOO_SRC=$ODOO_SRC

Provide one, then run scripts/setup again:
  git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git "$ODOO_SRC"
or point ODOO_SRC at an existing Odoo 18.0 Community checkout (or sdist):
  export ODOO_SRC=/path/to/odoo-18.0
MSG
        exit 2
    fi
    if ! grep -q "version_info = (18, 0" "$ODOO_SRC/odoo/release.py"; then
        mdd_die "$ODOO_SRC is not Odoo 18.0 (see $ODOO_SRC/odoo/release.py)"
    fi
}

mdd_require_venv() {
    [ -x "$MDD_PY" ] || mdd_die "no virtual environment at MDD_VENV=$MDD_VENV; run scripts/setup first"
    "$MDD_PY" -c "import psycopg2, lxml, werkzeug" 2>/dev/null \
        || mdd_die "the virtual environment at $MDD_VENV lacks Odoo's requirements; run scripts/setup"
}

mdd_require_postgres() {
    if ! pg_isready -q -t 5 ${PGHOST:+-h "$PGHOST"} ${PGPORT:+-p "$PGPORT"}; then
        mdd_die "PostgreSQL is not reachable (PGHOST=${PGHOST:-local socket}); start it, e.g. 'pg_ctlcluster 15 main start'"
    fi
    if ! psql -X -q -U "$MDD_DB_USER" -d postgres -tAc "select 1" >/dev/null 2>&1; then
        mdd_die "PostgreSQL role '$MDD_DB_USER' cannot log in; run scripts/setup (it creates the role)"
    fi
}

mdd_find_chromium() {
    local bin
    for bin in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && { command -v "$bin"; return 0; }
    done
    return 1
}

# Odoo command line shared by scripts/run, scripts/test and the pytest suite.
mdd_odoo() {
    PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}" "$MDD_PY" -m odoo \
        --addons-path="$MDD_ROOT/addons" \
        --db_user="$MDD_DB_USER" ${PGHOST:+--db_host="$PGHOST"} ${PGPORT:+--db_port="$PGPORT"} \
        "$@"
}
