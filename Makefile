# peacetrack — set-up and everyday commands. `make run` and `make test` work on a fresh
# Debian 12 machine with the Swift toolchain: they install what is missing first.
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 8080
BIN_DEBUG   := .build/debug/peacetrack
BIN_RELEASE := .build/release/peacetrack
GOLD        := eval/seeds-gold.json
MIN_F1      ?= 0.90
# The development set of real articles lives outside the repository (evaluation data, never
# copied in); where it exists `make eval` scores it too and fails below these floors, which are
# raised as the extractor improves and never lowered to make a change pass.
DEV_EVAL    ?= ../shared/eval/dev
DEV_FLOORS  ?= positions=0.86 estimates=0.88 proposals=0.73

FUZZ_SECONDS ?= 600

# Debian packages the build and the tests need (the browser tests drive Debian's Chromium, the
# replica tests run a throwaway PostgreSQL cluster), and those only the benchmarks and the soak need.
DEB_PACKAGES       := libcurl4-openssl-dev libxml2-dev zlib1g-dev libpq-dev postgresql chromium chromium-driver
BENCH_DEB_PACKAGES := wrk nginx-light util-linux
# Python packages of the test suites.
PY_PACKAGES        := openapi-spec-validator schemathesis selenium pytest

# $(call apt,PACKAGES): installs those of PACKAGES that are missing.
define apt
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

.PHONY: deps py-deps bench-deps build release run test unit-test eval readme-examples battery contract shutdown-test fuzz-smoke \
        fuzz browser-test test-tsan test-asan soak exhaustion extract bench bench-extract clean

deps:
	$(call apt,$(DEB_PACKAGES))
	@command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 || { $(MAKE) --no-print-directory py-deps; }
	@for p in $(PY_PACKAGES); do python3 -m pip show $$p >/dev/null 2>&1 || python3 -m pip install -q $$p \
	  || python3 -m pip install -q --break-system-packages $$p; done

py-deps:
	$(call apt,python3 python3-pip)

bench-deps:
	$(call apt,$(BENCH_DEB_PACKAGES))

build: deps
	$(SWIFT) build

# Linked like the container's binary: the Swift runtime and Foundation inside it, which saves
# loading and relocating their shared libraries (about 8 MB of resident memory, and time).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

run: release
	$(BIN_RELEASE) serve --host $(HOST) --port $(PORT)

# Every suite: units and end-to-end over TCP, the seed evaluation, the README's examples, the bad-request battery,
# contract testing, shutdown under load, 30 s of each fuzzer and the dashboard in Chromium.
# Every Swift test is Swift Testing: XCTest's empty run ("Executed 0 tests") is switched off.
SWIFT_TEST := $(SWIFT) test --disable-xctest

test: build
	@if grep -rl "^import XCTest" Tests; then echo "these files use XCTest, which make test does not run: use Swift Testing"; exit 1; fi
	$(SWIFT_TEST)
	$(MAKE) --no-print-directory eval readme-examples battery contract shutdown-test fuzz-smoke browser-test

# Every example of README.md run against the binary on the seeds: fails where an output drifted.
readme-examples: build
	python3 Tests/Docs/readme_examples.py --bin $(BIN_DEBUG)

battery: build
	python3 Tests/Hardening/battery.py --bin $(BIN_DEBUG)

contract: build
	python3 Tests/Hardening/contract.py --bin $(BIN_DEBUG)

shutdown-test: build
	python3 Tests/Hardening/shutdown.py --bin $(BIN_DEBUG)

fuzz-smoke: deps
	FUZZ_SECONDS=30 Tests/Fuzz/run.sh

# Each fuzzer for FUZZ_SECONDS (default 10 minutes); what they learn stays in .build-fuzz.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Tests/Fuzz/run.sh

browser-test: build
	PEACETRACK_BIN=$(BIN_DEBUG) python3 -m pytest -p no:cacheprovider -q Tests/Browser

# The unit and end-to-end tests under ThreadSanitizer and AddressSanitizer, each in its own
# build folder; then the sanitized server takes the bad-request battery and a shutdown under
# load, and a race (TSan) or a leak (LeakSanitizer) fails its exit status. Leaks are checked
# on the server, not the test runner (XCTest and Foundation's Process keep their objects).
ASAN_SERVER := .build-asan/debug/peacetrack
LSAN_SERVER := ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp:print_suppressions=0

test-tsan: deps
	$(SWIFT_TEST) --sanitize=thread --scratch-path .build-tsan
	python3 Tests/Hardening/battery.py --bin .build-tsan/debug/peacetrack
	python3 Tests/Hardening/shutdown.py --bin .build-tsan/debug/peacetrack

test-asan: deps
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT_TEST) --sanitize=address --scratch-path .build-asan
	$(LSAN_SERVER) python3 Tests/Hardening/battery.py --bin $(ASAN_SERVER)
	$(LSAN_SERVER) python3 Tests/Hardening/shutdown.py --bin $(ASAN_SERVER)

# 256 keep-alive connections for 60 s, then 1,000 slowloris connections (not in CI).
soak: release bench-deps
	python3 Tests/Soak/soak.py --bin $(BIN_RELEASE)

# Issue 20's figures on 127.0.0.1: anonymous uploads, idle event streams, non-canonical paths (not in CI).
exhaustion: release
	python3 Tests/Soak/exhaustion.py --bin $(BIN_RELEASE)

# `make eval VERBOSE=1` lists the dev set's misses and false positives with their lines too.
eval: build
	$(BIN_DEBUG) eval --gold $(GOLD) --verbose --min-f1 $(MIN_F1)
	@if [ -d $(DEV_EVAL)/texts ]; then \
	  echo "dev set ($(DEV_EVAL)):"; \
	  $(BIN_DEBUG) eval --corpus $(DEV_EVAL)/texts --gold $(DEV_EVAL)/gold.json $(addprefix --floor ,$(DEV_FLOORS)) $(if $(VERBOSE),--verbose); \
	else echo "dev set not found at $(DEV_EVAL): scored the seeds only"; fi

extract: build
	$(BIN_DEBUG) extract --corpus seeds

bench: release bench-deps
	python3 bench/http/bench.py

bench-extract: release bench-deps
	bench/extract/run.sh

clean:
	rm -rf .build .build-tsan .build-asan .build-fuzz
