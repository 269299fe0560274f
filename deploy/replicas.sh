#!/usr/bin/env bash
# Three peacetrack replicas on one data folder behind nginx (deploy/nginx.conf), in the
# foreground until Ctrl-C. Needs a release build (`make release`) and nginx (`make bench-deps`).
# Writes need PEACETRACK_TOKEN in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${PEACETRACK_BIN:-.build/release/peacetrack}
data=${PEACETRACK_DATA:-data}
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
for port in 8081 8082 8083; do
    "$binary" serve --host 127.0.0.1 --port "$port" --data "$data" &
    pids+=($!)
done
nginx -p "$PWD" -c deploy/nginx.conf -g 'daemon off;' &
pids+=($!)
echo "peacetrack: three replicas behind http://127.0.0.1:8080 (data folder: $data)"
wait -n "${pids[@]}"
