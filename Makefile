# peacetrack — set-up and everyday commands. `make run` and `make test` work on a fresh
# Debian 12 machine with the Swift toolchain: they install what is missing first.
SWIFT       ?= swift
HOST        ?= 127.0.0.1
PORT        ?= 8080
BIN_DEBUG   := .build/debug/peacetrack
BIN_RELEASE := .build/release/peacetrack
GOLD        := eval/seeds-gold.json
MIN_F1      ?= 0.85

# Debian packages the build and the tests need, and those only the benchmarks need.
DEB_PACKAGES       := libcurl4-openssl-dev libxml2-dev
BENCH_DEB_PACKAGES := wrk nginx-light util-linux
# Python packages of the test suites.
PY_PACKAGES        := openapi-spec-validator

# $(call apt,PACKAGES): installs those of PACKAGES that are missing.
define apt
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

.PHONY: deps py-deps bench-deps build release run test unit-test eval extract bench bench-extract clean

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

release: deps
	$(SWIFT) build -c release

run: release
	$(BIN_RELEASE) serve --host $(HOST) --port $(PORT)

# Every test (units, end-to-end over TCP), then the seed evaluation.
test: build
	$(SWIFT) test
	$(MAKE) --no-print-directory eval

eval: build
	$(BIN_DEBUG) eval --gold $(GOLD) --verbose --min-f1 $(MIN_F1)

extract: build
	$(BIN_DEBUG) extract --corpus seeds

bench: release bench-deps
	python3 bench/http/bench.py

bench-extract: release bench-deps
	bench/extract/run.sh

clean:
	rm -rf .build
