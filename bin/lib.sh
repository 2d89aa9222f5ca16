# Shared helpers of bin/demo and bin/test. Sourced, never run directly.
#
# Everything the suite needs is set up here: Python packages, Odoo 18.0,
# a PostgreSQL cluster of the project's own (in .run/, ignored by git,
# reachable only through a unix socket), and an Odoo configuration file.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
# every addon of the suite (addons/*/__manifest__.py)
MODULES="${AFTERSALES_MODULES:-$(cd "$ROOT/addons" && ls -d */__manifest__.py 2>/dev/null | cut -d/ -f1 | paste -sd, -)}"
PYTHON="${PYTHON:-}"
PG_PID_FILE=""

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

apt_install() {
    command -v apt-get >/dev/null || return 1
    say "Installing Debian packages: $*"
    if [ ! -f "$RUN_DIR/.apt-updated" ]; then
        as_root apt-get update -qq >/dev/null || return 1
        mkdir -p "$RUN_DIR" && touch "$RUN_DIR/.apt-updated"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Python packages and Odoo ------------------------------------------------

# shellcheck source=bin/lib-odoo.sh
source "$ROOT/bin/lib-odoo.sh"

# Directory holding Odoo's standard addons (web, mail, stock, ...).
odoo_addons_path() {
    (cd /tmp && "$PYTHON" - <<'PY'
import os
import odoo
base = os.path.dirname(odoo.__file__)
paths = []
for candidate in (os.path.join(base, "addons"), os.path.join(os.path.dirname(base), "addons")):
    if os.path.isdir(os.path.join(candidate, "web")):
        paths.append(candidate)
print(",".join(paths))
PY
    )
}

# --- PostgreSQL --------------------------------------------------------------

pg_bindir() {
    local dir
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    done
    command -v initdb >/dev/null && dirname "$(readlink -f "$(command -v initdb)")"
}

ensure_postgres() {
    PG_BIN="$(pg_bindir || true)"
    if [ -z "$PG_BIN" ]; then
        apt_install postgresql || die "PostgreSQL is not installed and could not be installed.
Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) and run again."
        PG_BIN="$(pg_bindir || true)"
        [ -n "$PG_BIN" ] || die "PostgreSQL was installed but initdb was not found."
    fi
}

# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# 'postgres' system user that Debian's package creates.
pg_run() {
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# start_postgres NAME: a cluster in .run/NAME/pgdata, listening only on a
# unix socket; sets PG_SOCKET. The cluster is stopped on exit.
start_postgres() {
    local name="$1"
    local base="$RUN_DIR/$name"
    local data="$base/pgdata"
    ensure_postgres
    mkdir -p "$base"
    PG_SOCKET="$base/socket"
    if [ "${#PG_SOCKET}" -gt 90 ]; then
        # unix socket paths are limited to 107 bytes
        PG_SOCKET="$(mktemp -d /tmp/aftersales-pg.XXXXXX)"
    fi
    mkdir -p "$PG_SOCKET"
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$base" "$PG_SOCKET"
        if ! runuser -u postgres -- test -w "$base"; then
            die "The postgres user cannot reach $base: let it traverse the checkout's parent folders, or clone the project elsewhere."
        fi
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        say "Creating PostgreSQL cluster in $data"
        pg_run "$PG_BIN/initdb" -D "$data" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
            || pg_run "$PG_BIN/initdb" -D "$data" -U odoo --auth=trust -E UTF8 --locale=C >"$base/initdb.log" 2>&1 \
            || die "initdb failed, see $base/initdb.log"
    fi
    if pg_run "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        pg_run "$PG_BIN/pg_ctl" -D "$data" stop -m fast >/dev/null 2>&1 || true
    fi
    say "Starting PostgreSQL (unix socket in $PG_SOCKET)"
    pg_run "$PG_BIN/pg_ctl" -D "$data" -l "$base/postgresql.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$PG_SOCKET' -c max_connections=200 -c fsync=off -c full_page_writes=off" \
        start >/dev/null || die "PostgreSQL did not start, see $base/postgresql.log"
    PG_DATA="$data"
    # Ctrl+C or a kill stops the cluster too
    trap stop_postgres EXIT
    trap 'exit 130' INT TERM
}

stop_postgres() {
    if [ -n "${PG_DATA:-}" ]; then
        trap '' INT TERM  # runs on the way out: let it finish
        pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1 || true
        PG_DATA=""
    fi
}

psql_cmd() {
    "$PG_BIN/psql" -h "$PG_SOCKET" -U odoo -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

drop_database() {
    psql_cmd -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
    rm -rf "$RUN_DIR/$2/data/filestore/$1"
}

database_exists() {
    [ "$(psql_cmd -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# write_odoo_config NAME HTTP_PORT: .run/NAME/odoo.conf; sets ODOO_CONF.
write_odoo_config() {
    local name="$1" port="$2"
    local base="$RUN_DIR/$name"
    local std_addons
    std_addons="$(odoo_addons_path)"
    [ -n "$std_addons" ] || die "Odoo's standard addons (web, mail, ...) were not found next to the odoo package."
    mkdir -p "$base/data"
    ODOO_CONF="$base/odoo.conf"
    cat >"$ODOO_CONF" <<EOF
[options]
addons_path = $std_addons,$ROOT/addons
data_dir = $base/data
db_host = $PG_SOCKET
db_port = 5432
db_user = odoo
db_password = False
admin_passwd = admin
http_interface = 127.0.0.1
http_port = $port
gevent_port = $((port + 3))
list_db = False
max_cron_threads = 0
EOF
}

# odoo_exec ARGS: replaces the current shell by Odoo. Run it in the
# background (odoo_exec ... &): $! is then Odoo's own PID, so that a kill
# reaches Odoo. A function sent to the background runs in a subshell of its
# own, so "odoo_cmd ... &" would give the PID of that subshell, which dies on
# a kill and leaves Odoo running.
odoo_exec() {
    cd /tmp && TZ=UTC exec "$PYTHON" -m odoo -c "$ODOO_CONF" "$@"
}

# odoo_cmd ARGS: runs Odoo in the foreground and returns its exit status.
odoo_cmd() {
    (odoo_exec "$@")
}
