#!/bin/sh
# Extraction benchmark: synthetic corpora of 1,000 and 10,000 articles, each extracted by
# `peacetrack extract` pinned to one core; prints MB/s, peak memory and the growth from 1,000
# to 10,000 documents (linear time means a ratio near 10). Wall time counts what other
# processes take from core 0; CPU time is the extractor's own.
set -eu
cd "$(dirname "$0")/../.."
BIN=${PEACETRACK_BIN:-.build/release/peacetrack}
WORK=${BENCH_DIR:-bench/out/extract}
mkdir -p "$WORK"
for count in 1000 10000; do
  corpus="$WORK/corpus-$count"
  [ -d "$corpus" ] || python3 bench/extract/generate.py --count "$count" --out "$corpus" >/dev/null
  bytes=$(cat "$corpus"/*.txt | wc -c)
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time-$count" taskset -c 0 "$BIN" extract --corpus "$corpus" >/dev/null
  read -r seconds user system kilobytes < "$WORK/time-$count"
  python3 - "$count" "$bytes" "$seconds" "$user" "$system" "$kilobytes" <<'PY'
import sys
count, size, wall, user, system, kb = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:6]), int(sys.argv[6])
cpu = user + system
print(f"{count:>6} documents  {size / 1e6:6.1f} MB  wall {wall:6.2f} s ({size / 1e6 / max(wall, 1e-9):5.1f} MB/s)  "
      f"cpu {cpu:6.2f} s ({size / 1e6 / max(cpu, 1e-9):5.1f} MB/s)  peak {kb / 1024:6.1f} MB ({kb * 1024 / size:.1f} x corpus)")
PY
done
t1=$(cut -d' ' -f1 "$WORK/time-1000"); t10=$(cut -d' ' -f1 "$WORK/time-10000")
python3 -c "print(f'time 10,000 / 1,000 documents: {$t10 / max($t1, 1e-9):.1f} (linear is 10)')"
