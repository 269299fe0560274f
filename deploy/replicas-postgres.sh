#!/usr/bin/env bash
# Three peacetrack replicas sharing one PostgreSQL behind nginx (deploy/nginx.conf), in the
# foreground until Ctrl-C. The database is a local cluster in PEACETRACK_PG_DIR (created at the
# first run, kept between runs; default /tmp/peacetrack-postgres), on a Unix socket there only; each
# replica keeps its facts cache in a data folder of its own. Needs a release build (`make
# release`), Debian's postgresql package and nginx (`make bench-deps`). Writes need
# PEACETRACK_TOKEN in the environment. To use a database you already run instead, set
# PEACETRACK_POSTGRES_URL: no cluster is started then.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${PEACETRACK_BIN:-.build/release/peacetrack}
cluster=$(realpath -m "${PEACETRACK_PG_DIR:-/tmp/peacetrack-postgres}")
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
pids=()
# PostgreSQL refuses to run as root: as root, run it as the postgres user, which owns the cluster.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop() {
    kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    if [ -z "${PEACETRACK_POSTGRES_URL:-}" ]; then as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null || true; fi
}
trap stop EXIT INT TERM

if [ -z "${PEACETRACK_POSTGRES_URL:-}" ]; then
    [ -n "$pgbin" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
    mkdir -p "$cluster"
    [ "$(id -u)" = 0 ] && chown postgres "$cluster"
    [ -d "$cluster/data" ] || as_postgres "$pgbin/initdb" -D "$cluster/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
    as_postgres "$pgbin/pg_ctl" -D "$cluster/data" -l "$cluster/log" -w -o "-k $cluster -c listen_addresses=''" start >/dev/null
    export PEACETRACK_POSTGRES_URL="postgresql:///postgres?host=$cluster&user=postgres"
fi
for port in 8081 8082 8083; do
    "$binary" serve --host 127.0.0.1 --port "$port" --data "${PEACETRACK_DATA:-data}/replica-$port" &
    pids+=($!)
done
nginx -p "$PWD" -c deploy/nginx.conf -g 'daemon off;' &
pids+=($!)
echo "peacetrack: three replicas on PostgreSQL behind http://127.0.0.1:8080"
wait -n "${pids[@]}"
