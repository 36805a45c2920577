# Starmill: the two README commands are `make demo` and `make test`.
SHELL := /bin/bash
# Exported only when non-empty: OpenBLAS treats OPENBLAS_CORETYPE="" as a (failed) forced choice.
OPENBLAS_CORETYPE ?= $(shell scripts/openblas-coretype.sh)
ifneq ($(strip $(OPENBLAS_CORETYPE)),)
export OPENBLAS_CORETYPE
endif
SWIFT_BUILD_FLAGS ?=
# The release build's CPU target (scripts/cpu-target.sh): `haswell` on x86-64 CPUs with AVX2 and
# FMA (same bytes, ≈ 1.27× faster), else `portable`. `make release STARMILL_CPU=portable` builds a
# binary for any x86-64 (e.g. a cluster whose compute nodes are older than its login node).
STARMILL_CPU ?= $(shell scripts/cpu-target.sh)
ifeq ($(STARMILL_CPU),haswell)
CPU_TARGET_FLAGS := -Xswiftc -target-cpu -Xswiftc haswell -Xcc -DSTARMILL_TARGET_HASWELL
else ifeq ($(STARMILL_CPU),portable)
CPU_TARGET_FLAGS :=
else
$(error STARMILL_CPU=$(STARMILL_CPU): must be haswell or portable)
endif
RELEASE_BIN := .build/release/starmill

.PHONY: setup build release demo test lint format bench clean

setup:
	@scripts/setup.sh

release: setup
	swift build -c release $(SWIFT_BUILD_FLAGS) $(CPU_TARGET_FLAGS) --product starmill

build: setup
	swift build $(SWIFT_BUILD_FLAGS)

## The main job on the bundled defaults (set-up and release build included).
demo: release
	@scripts/demo.sh

## The whole test suite: formatting lint, then every test target.
test:
	@scripts/setup.sh --python
	$(MAKE) lint
	STARMILL_PYTHON=$(CURDIR)/.venv-interop/bin/python swift test $(SWIFT_BUILD_FLAGS)

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

format:
	swift format format --in-place --recursive Package.swift Sources Tests

## Benchmarks (release build): prints tables; numbers are quoted in docs and closing notes.
bench: release
	@scripts/bench.sh

clean:
	rm -rf .build .build-*
