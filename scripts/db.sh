#!/usr/bin/env bash
# A private PostgreSQL + PostGIS cluster under var/, reached through a Unix socket in var/run.
# Usage: scripts/db.sh start|stop|status
# Skipped entirely when DATABASE_URL is set (the database is then someone else's).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/var/pgdata"
run="$root/var/run"
log="$root/var/postgres.log"
db_user="aiguillage"
db_name="aiguillage"

if [[ -n "${DATABASE_URL:-}" ]]; then
    echo "DATABASE_URL is set: not managing a private database."
    exit 0
fi

# The newest installed PostgreSQL that has PostGIS.
bindir=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    version=$(basename "$(dirname "$dir")")
    if ls /usr/share/postgresql/"$version"/extension/postgis.control >/dev/null 2>&1; then
        bindir="$dir"
        break
    fi
done
if [[ -z "$bindir" ]]; then
    echo "PostgreSQL with PostGIS not found: run scripts/system-deps.sh first." >&2
    exit 1
fi

# PostgreSQL refuses to run as root: then the cluster belongs to the 'postgres' system user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [[ -f "$data/postmaster.pid" ]] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start() {
    mkdir -p "$root/var"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        echo "==> Creating the private PostgreSQL cluster in var/pgdata"
        mkdir -p "$data" "$run"
        if [[ $(id -u) -eq 0 ]]; then chown postgres: "$data" "$run"; fi
        as_owner "$bindir/initdb" -D "$data" -U "$db_user" --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if [[ $(id -u) -eq 0 ]]; then
        mkdir -p "$run" && chown postgres: "$run"
        touch "$log" && chown postgres: "$log"
    fi
    if ! is_running; then
        echo "==> Starting PostgreSQL (socket in var/run)"
        as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w \
            -o "-c listen_addresses='' -c unix_socket_directories='$run' -c synchronous_commit=off" \
            start >/dev/null
    fi
    if ! "$bindir/psql" -h "$run" -U "$db_user" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$db_name'" | grep -q 1; then
        "$bindir/createdb" -h "$run" -U "$db_user" "$db_name"
    fi
}

stop() {
    if is_running; then
        as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        echo "PostgreSQL stopped."
    else
        echo "PostgreSQL is not running."
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if is_running; then echo "running"; else echo "stopped"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
