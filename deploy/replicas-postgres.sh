#!/usr/bin/env bash
# deploy/replicas.sh (three replicas behind nginx, in the foreground until Ctrl-C) with the
# documents in PostgreSQL: a local cluster in PEACETRACK_PG_DIR (created at the first run, kept
# between runs; default /tmp/peacetrack-postgres), on a Unix socket there only, started first and
# stopped last. To use a database you already run instead, set PEACETRACK_POSTGRES_URL: no
# cluster is started then. Needs what replicas.sh needs and Debian's postgresql package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PEACETRACK_POSTGRES_URL:-}" ]; then exec deploy/replicas.sh; fi

cluster=$(realpath -m "${PEACETRACK_PG_DIR:-/tmp/peacetrack-postgres}")
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
# PostgreSQL refuses to run as root: as root, run it as the postgres user, which owns the cluster.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$cluster"
if [ "$(id -u)" = 0 ]; then chown postgres "$cluster"; fi
[ -d "$cluster/data" ] || as_postgres "$pgbin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o "-k $cluster -c listen_addresses=''" start >/dev/null
trap 'as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null' EXIT
echo "PostgreSQL: $cluster (log: $cluster/log)"
PEACETRACK_POSTGRES_URL="postgresql:///postgres?host=$cluster&user=postgres" deploy/replicas.sh
