#!/usr/bin/env bash
# Builds the fuzzers (Tests/Fuzz/build.sh), then runs each for FUZZ_SECONDS (default 600) from
# its seed corpus in Tests/Fuzz/<Target>/corpus. What they learn accumulates in
# OUT/corpus/<fuzzer>, crashes land in OUT/crashes, full logs in OUT/logs. Prints executions
# and coverage per target; exits 1 if any target crashed (reproduce: OUT/<fuzzer> <crash file>).
#
# Usage: FUZZ_SECONDS=30 Tests/Fuzz/run.sh [OUT]      (OUT defaults to .build-fuzz)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/.build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-600}
"$ROOT/Tests/Fuzz/build.sh" "$OUT" || exit 1
cd "$ROOT"   # the query and extraction fuzzers read seeds/ and Config/lexicon
mkdir -p "$OUT/crashes" "$OUT/logs"

failed=0
printf '%-18s %8s %12s %10s %8s %8s\n' target seconds executions "exec/s" coverage corpus
for entry in HTTPParser:fuzz-http-parser QueryString:fuzz-query-string Extraction:fuzz-extraction; do
  folder=${entry%%:*} name=${entry#*:}
  mkdir -p "$OUT/corpus/$name"
  dictionary=()
  for file in Tests/Fuzz/"$folder"/*.dict; do [ -e "$file" ] && dictionary=(-dict="$file"); done
  log="$OUT/logs/$name.log"
  "$OUT/$name" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/crashes/$name-" "${dictionary[@]}" "$OUT/corpus/$name" "Tests/Fuzz/$folder/corpus" >"$log" 2>&1
  status=$?
  stat() { grep -o "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' || echo "?"; }
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo "?")
  printf '%-18s %8s %12s %10s %8s %8s\n' "$name" "$SECONDS_EACH" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "$coverage" "$(ls "$OUT/corpus/$name" | wc -l)"
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "$name FAILED (exit $status); the end of $log:"
    tail -40 "$log"
  fi
done
exit $failed
