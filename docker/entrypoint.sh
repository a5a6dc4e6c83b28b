#!/bin/bash
# MDD's entrypoint of the Odoo image, run before the official /entrypoint.sh.
#
# 1. Refuses to start without a master password: MDD_ADMIN_PASSWD, or
#    MDD_ADMIN_PASSWD_FILE naming a file that holds it (a Docker secret).
#    "admin", an empty value or fewer than 16 characters are refused too.
# 2. Writes the runtime configuration: the shipped config/odoo.conf plus the
#    master password's pbkdf2-sha512 hash (never the password itself), the
#    database name (MDD_DB, default mdd) and the demo switch (MDD_DEMO=1), in
#    a file only the odoo user can read. Odoo runs with -c on it (and ODOO_RC
#    points to it for subcommands such as "odoo shell").
# 3. When the server starts without arguments (the compose file's default)
#    and the database does not hold MDD's profile yet: creates it with the
#    profile ($MDD_PROFILE, default mdd_profile_drenthe) and Dutch, without
#    demo data unless MDD_DEMO=1. Without demo data, the "admin" user, which
#    Odoo creates with password "admin", gets a random password, kept in
#    $MDD_SECRETS_DIR/admin-password-<db> (mode 600).
# 4. Hands over to the official entrypoint (database host, user and password
#    from HOST, USER and PASSWORD or PASSWORD_FILE).
#
# With arguments (e.g. "odoo -d mdd_test -i ... --stop-after-init") nothing
# is created: Odoo runs them with the runtime configuration.
# The paths below can be changed for tests (tests/test_production_config.py).
set -euo pipefail

conf_base="${MDD_CONF_BASE:-/etc/odoo/mdd.conf}"
conf="${MDD_RUNTIME_CONF:-/etc/odoo/runtime/odoo.conf}"
helper="${MDD_CONF_HELPER:-/usr/local/lib/mdd/mdd_runtime_conf.py}"
python="${MDD_PYTHON:-python3}"
official="${MDD_OFFICIAL_ENTRYPOINT:-/entrypoint.sh}"
secrets_dir="${MDD_SECRETS_DIR:-/var/lib/odoo/mdd-secrets}"
db="${MDD_DB:-mdd}"
profile="${MDD_PROFILE:-mdd_profile_drenthe}"

die() {
    echo "mdd-entrypoint: ERROR: $*" >&2
    echo "mdd-entrypoint: Odoo is not started. See README.md, section Production." >&2
    exit 2
}
say() { echo "mdd-entrypoint: $*" >&2; }

[[ "$db" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "MDD_DB='$db' is not a database name"
[[ "$profile" =~ ^[a-z0-9_]+$ ]] || die "MDD_PROFILE='$profile' is not a module name"
case "${MDD_DEMO:-0}" in
    1 | true | yes) demo=1 ;;
    0 | false | no | "") demo=0 ;;
    *) die "MDD_DEMO='${MDD_DEMO}' must be 1 (demo data) or 0 (none)" ;;
esac

overrides=(--set "db_name=$db" --set "dbfilter=^${db}\$")
# Only without_demo = False brings demo data back (see config/odoo.conf).
[ "$demo" = 1 ] && overrides+=(--set "without_demo=False")
"$python" "$helper" --base "$conf_base" --out "$conf" "${overrides[@]}" \
    || die "no usable master password (see the line above)"
export ODOO_RC="$conf"

# The database connection as the official entrypoint resolves it.
if [ -n "${PASSWORD_FILE:-}" ]; then
    PASSWORD="$(<"$PASSWORD_FILE")"
fi
: "${HOST:=${DB_PORT_5432_TCP_ADDR:=${PGHOST:=db}}}"
: "${PORT:=${DB_PORT_5432_TCP_PORT:=${PGPORT:=5432}}}"
: "${USER:=${DB_ENV_POSTGRES_USER:=${POSTGRES_USER:=${PGUSER:=odoo}}}}"
: "${PASSWORD:=${DB_ENV_POSTGRES_PASSWORD:=${POSTGRES_PASSWORD:=${PGPASSWORD:=odoo}}}}"

profile_state() {
    # Empty when the database does not exist; else the profile's state
    # ("installed", "uninstalled", ...) or "none" before Odoo's tables exist.
    local exists
    exists="$(PGPASSWORD="$PASSWORD" psql -X -w -h "$HOST" -p "$PORT" -U "$USER" -d postgres \
        -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" \
        || die "cannot query PostgreSQL at $HOST:$PORT as $USER"
    [ "$exists" = 1 ] || return 0
    PGPASSWORD="$PASSWORD" psql -X -w -h "$HOST" -p "$PORT" -U "$USER" -d "$db" -tAc \
        "SELECT coalesce((SELECT state FROM ir_module_module WHERE name = '$profile'), 'none')" \
        2>/dev/null || echo none
}

initialise() {
    PGPASSWORD="$PASSWORD" wait-for-psql.py --db_host "$HOST" --db_port "$PORT" \
        --db_user "$USER" --timeout=60 || die "PostgreSQL at $HOST:$PORT is not ready"
    local state
    state="$(profile_state)"
    if [ "$state" != installed ]; then
        if [ "$demo" = 1 ]; then
            say "creating database '$db' with $profile and DEMO data (demo users, password = login): not for production"
        else
            say "creating database '$db' with $profile, without demo data (a few minutes)"
        fi
        "$official" odoo -c "$conf" -d "$db" -i "$profile" --load-language=nl_NL \
            --workers=0 --max-cron-threads=0 --limit-memory-hard=0 --no-http --stop-after-init \
            || die "creating database '$db' failed (see the log above)"
    fi
    [ "$demo" = 1 ] || replace_admin_password
}

replace_admin_password() {
    # Odoo creates the "admin" user with password "admin". Once per database
    # (until $secret exists), a random password replaces it, kept where only
    # the odoo user (and root) can read it. A password someone already
    # changed is left alone.
    local secret="$secrets_dir/admin-password-$db"
    [ -e "$secret" ] && return 0
    local password outcome
    password="$("$python" "$helper" --new-password)"
    outcome="$(MDD_NEW_ADMIN_PASSWORD="$password" "$official" odoo shell -c "$conf" -d "$db" \
        --no-http --log-level=warn <<'PY'
import os
admin = env.ref("base.user_admin")
env.cr.execute("SELECT password FROM res_users WHERE id = %s", [admin.id])
stored = env.cr.fetchone()[0]
if not stored or admin._crypt_context().verify("admin", stored):
    admin.write({"password": os.environ["MDD_NEW_ADMIN_PASSWORD"]})
    env.cr.commit()
    print("MDD-ADMIN-PASSWORD-REPLACED")
else:
    print("MDD-ADMIN-PASSWORD-KEPT")
PY
    )" || die "checking the password of the user 'admin' failed"
    (umask 077 && mkdir -p "$secrets_dir")
    case "$outcome" in
        *MDD-ADMIN-PASSWORD-REPLACED*)
            (umask 077 && printf '%s\n' "$password" >"$secret")
            say "the user 'admin' had the password 'admin'; its new password is in $secret"
            say "  (docker compose exec odoo cat $secret); change it after the first login"
            ;;
        *MDD-ADMIN-PASSWORD-KEPT*)
            (umask 077 && printf '# %s: the password of admin was not "admin"; left unchanged\n' \
                "$(date -u +%FT%TZ)" >"$secret")
            ;;
        *) die "checking the password of the user 'admin' gave no answer" ;;
    esac
}

# The server, started without arguments: compose's default command.
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [ "$1" = odoo ]; }; then
    initialise
    exec "$official" odoo -c "$conf"
fi
case "$1" in
    odoo | --)
        shift
        if [ $# -eq 0 ] || [[ "$1" == -* ]]; then
            exec "$official" odoo -c "$conf" "$@"
        fi
        exec "$official" odoo "$@"
        ;;
    -*) exec "$official" odoo -c "$conf" "$@" ;;
    *) exec "$official" "$@" ;;
esac
