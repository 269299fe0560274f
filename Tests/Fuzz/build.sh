#!/usr/bin/env bash
# Builds the libFuzzer targets of Tests/Fuzz: fuzz-http-parser, fuzz-query-string, fuzz-extraction.
#
# SwiftPM's executable targets collide with libFuzzer's `main`, so each fuzzer is one
# `swiftc -sanitize=fuzzer,address -parse-as-library` over all the sources of the module under
# test (found by glob, so new files are included) plus its harness, which defines
# `LLVMFuzzerTestOneInput`. The modules it imports are built first as static libraries, from
# the same sources and the package's resolved checkouts (swift-http-types, swift-log).
# Anything already newer than its inputs is not rebuilt.
#
# Usage: Tests/Fuzz/build.sh [OUT]      (OUT defaults to .build-fuzz)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/.build-fuzz}
cd "$ROOT"
mkdir -p "$OUT/modules" "$OUT/lib" "$OUT/logs"

swift package resolve --scratch-path "$OUT/spm" >/dev/null
CHECKOUTS="$OUT/spm/checkouts"
COMMON=(-sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g -I "$OUT/modules" -L "$OUT/lib")
OURS=(-package-name peacetrack)

sources() { find "$@" -name '*.swift' | LC_ALL=C sort; }

# snapshot DIR: a copy of DIR's sources under OUT/src to compile from, so that files saved
# by someone else mid-build do not fail it ("modified during the build").
snapshot() {
  local copy="$OUT/src/${1//\//_}"
  rm -rf "$copy" && mkdir -p "$copy" && cp -a "$1/." "$copy/"
  echo "$copy"
}

# compile NAME SWIFTC-ARGUMENTS...: quiet unless it fails (warnings stay in logs/build-NAME.log).
compile() {
  local name=$1; shift
  swiftc "$@" >"$OUT/logs/build-$name.log" 2>&1 || { grep -v '^/usr/bin/ld.gold: warning' "$OUT/logs/build-$name.log" | tail -40; exit 1; }
}

# stale OUTPUT INPUT...: true when OUTPUT is missing or older than an input.
stale() {
  local output=$1; shift
  [ ! -e "$output" ] || [ -n "$(find "$@" -newer "$output" -print -quit)" ]
}

# library NAME DIR [FLAGS...]: lib/libNAME.a and modules/NAME.swiftmodule from DIR's sources.
library() {
  local name=$1 dir=$2; shift 2
  stale "$OUT/lib/lib$name.a" "$dir" "$0" || return 0
  echo "fuzz: building module $name"
  # Written aside and moved, so a failed build leaves nothing that looks up to date.
  rm -f "$OUT/lib/lib$name.a"
  compile "$name" "${COMMON[@]}" "$@" -module-name "$name" -emit-library -static \
    -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" -o "$OUT/lib/lib$name.a.part" $(sources "$(snapshot "$dir")")
  mv "$OUT/lib/lib$name.a.part" "$OUT/lib/lib$name.a"
}

# fuzzer NAME MODULE HARNESS-DIR [FLAGS...]: the module's sources and the harness, linked with libFuzzer.
fuzzer() {
  local name=$1 module=$2 harness=$3; shift 3
  stale "$OUT/$name" "Sources/$module" $(sources "$harness") "$OUT/lib" "$0" || return 0
  echo "fuzz: building $name"
  rm -f "$OUT/$name"
  compile "$name" "${COMMON[@]}" "${OURS[@]}" -module-name "$module" -o "$OUT/$name.part" \
    $(sources "$(snapshot "Sources/$module")" "$harness") "$@"
  mv "$OUT/$name.part" "$OUT/$name"
}

# swift-http-types declares availability macros in its manifest; the compiler needs them here too.
http_types_flags=()
while IFS= read -r macro; do
  http_types_flags+=(-enable-experimental-feature "AvailabilityMacro=$macro")
done < <(grep -o '"HTTPTypes [0-9.]*": "[^"]*"' "$CHECKOUTS/swift-http-types/Package.swift" | sed 's/"\([^"]*\)": "\([^"]*\)"/\1: \2/')

library HTTPTypes "$CHECKOUTS/swift-http-types/Sources/HTTPTypes" -package-name swift_http_types "${http_types_flags[@]}"
library Logging "$CHECKOUTS/swift-log/Sources/Logging" -package-name swift_log
library Locking Sources/Locking "${OURS[@]}"
library PeacetrackCore Sources/PeacetrackCore "${OURS[@]}"
# -enable-testing: the query fuzzer reaches the server's percent-decoding through @testable.
# The server waits in epoll, which Glibc's module leaves out: CEpoll's module map provides it;
# CZlib's wraps zlib for gzip answers.
library HTTPServer Sources/HTTPServer "${OURS[@]}" -enable-testing -I Sources/CEpoll -I Sources/CZlib
# The API imports the ingest module (write routes), which wraps libcurl and libxml2.
C_LIBRARIES=(-I Sources/CEpoll -I Sources/CZlib -I Sources/CCurl -I Sources/CLibXML2 $(pkg-config --cflags-only-I libxml-2.0 libcurl | sed 's/-I/-Xcc -I/g'))
library PeacetrackIngest Sources/PeacetrackIngest "${OURS[@]}" "${C_LIBRARIES[@]}"

fuzzer fuzz-http-parser HTTPServer Tests/Fuzz/HTTPParser -I Sources/CEpoll -I Sources/CZlib -lLocking -lHTTPTypes -lLogging -lz
fuzzer fuzz-query-string PeacetrackAPI Tests/Fuzz/QueryString "${C_LIBRARIES[@]}" \
  -lHTTPServer -lPeacetrackIngest -lPeacetrackCore -lLocking -lHTTPTypes -lLogging -lcurl -lxml2 -lz
fuzzer fuzz-extraction PeacetrackCore Tests/Fuzz/Extraction -lLocking -lLogging
