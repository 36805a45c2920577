# Starmill: the two README commands are `make demo` and `make test`.
SHELL := /bin/bash
# Exported only when non-empty: OpenBLAS treats OPENBLAS_CORETYPE="" as a (failed) forced choice.
OPENBLAS_CORETYPE ?= $(shell scripts/openblas-coretype.sh)
ifneq ($(strip $(OPENBLAS_CORETYPE)),)
export OPENBLAS_CORETYPE
endif
SWIFT_BUILD_FLAGS ?=
RELEASE_BIN := .build/release/starmill

.PHONY: setup build release demo test lint format bench clean

setup:
	@scripts/setup.sh

release: setup
	swift build -c release $(SWIFT_BUILD_FLAGS) --product starmill

build: setup
	swift build $(SWIFT_BUILD_FLAGS)

## The main job on the bundled defaults (set-up and release build included).
demo: release
	@scripts/demo.sh

## The whole test suite: formatting lint, then every test target.
test:
	@scripts/setup.sh --python
	$(MAKE) lint
	STARMILL_PYTHON=$(CURDIR)/.venv-interop/bin/python swift test $(SWIFT_BUILD_FLAGS) --parallel 2>&1 | tee .build-test.log; exit $${PIPESTATUS[0]}

lint:
	swift format lint --strict --recursive Package.swift Sources Tests

format:
	swift format format --in-place --recursive Package.swift Sources Tests

## Benchmarks (release build): prints tables; numbers are quoted in docs and closing notes.
bench: release
	@scripts/bench.sh

clean:
	rm -rf .build .build-*
