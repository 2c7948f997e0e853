# legwork: make run builds and runs the whole job on the demo exports;
# make test runs every test (the corpus tests need ../shared, see README).

GO        ?= go
BIN       := bin/legwork
DEMO      := testdata/demo
AS_OF     := 2026-11-25
OUT       := legwork-out
FUZZTIME  ?= 30s
# staticcheck at a pinned version, fetched by `go run` (go.mod stays as it is).
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
# VERSION is stamped into every build (legwork version, the report footer):
# GOFLAGS=-buildvcs=false or a git worktree leave no VCS stamp to read.
VERSION   ?= $(shell git describe --always --dirty 2>/dev/null)
LDFLAGS   := -X main.versionOverride=$(VERSION)

.PHONY: all build run test test-go test-duckdb test-hyparquet test-browser reference bench fuzz demo lint clean

all: build

build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/legwork

# The whole job on the committed demo exports, with a fixed as-of date.
run: build
	./$(BIN) run -c $(DEMO)/legwork.toml --as-of $(AS_OF) -o $(OUT) $(DEMO)
	@echo "open $(OUT)/report.html"

test: lint test-go test-duckdb test-hyparquet test-browser reference

test-go:
	$(GO) test ./...

# DuckDB (a separate module: it is large and uses cgo) reads every table
# that store writes, and the tables of a real `make run`.
test-duckdb: run
	cd tools/duckcheck && LEGWORK_OUT=$(CURDIR)/$(OUT) $(GO) test -count=1 ./...

# hyparquet (the common pure-JavaScript Parquet reader) with its zstd codec
# add-on hyparquet-compressors (versions pinned in tools/hypcheck/package.json)
# reads the demo's tables and compares every cell with the CSV files of the
# same run; plain hyparquet must refuse them (no zstd without the add-on). Skipped without node and npm,
# and when npm cannot install it (no registry), except with CI=true.
test-hyparquet: build
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  echo "hyparquet: skipped (needs node and npm)"; \
	elif ! (cd tools/hypcheck && npm ci --silent --no-audit --no-fund); then \
	  if [ "$$CI" = true ]; then echo "hyparquet: npm ci failed"; exit 1; fi; \
	  echo "hyparquet: skipped (npm ci failed)"; \
	else \
	  out=$$(mktemp -d); \
	  ./$(BIN) run -q --csv -c $(DEMO)/legwork.toml --as-of $(AS_OF) -o $$out/out $(DEMO) && \
	  node tools/hypcheck/check.mjs $$out/out/data; rc=$$?; rm -rf $$out; exit $$rc; \
	fi

# The report in headless Chromium through the DevTools protocol (a separate
# module: chromedp stays out of go.mod) at 390 and 1280 px, with axe-core from
# npm (package.json pins it; .ci/run installs it). Without Chromium or
# axe-core the test skips with a message, and fails under CI=true.
# SHOTS=DIR keeps the screenshots.
test-browser: run
	@if [ ! -f tools/browsercheck/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null 2>&1; then \
	  (cd tools/browsercheck && npm ci --silent --no-audit --no-fund) || echo "browser: npm ci failed"; \
	fi
	cd tools/browsercheck && LEGWORK_OUT=$(CURDIR)/$(OUT) LEGWORK_SHOTS_DIR=$(SHOTS) $(GO) test -count=1 ./...

# An independent Python implementation of METRICS.md (tools/reference)
# against the Parquet tables of the demo, the corpus and a synthetic season.
reference: build
	@if python3 -c 'import sys, tomllib; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  log=$$(mktemp); sh tools/reference/scenarios.sh >$$log 2>&1 || { cat $$log; rm -f $$log; exit 1; }; \
	  tail -n 15 $$log; rm -f $$log; \
	elif [ "$$CI" = true ]; then echo "reference: python3 >= 3.11 is needed"; exit 1; \
	else echo "reference: skipped (needs python3 >= 3.11)"; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Each fuzz target for FUZZTIME (go test allows one target per run).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg; \
	  done; \
	done

# Regenerates the demo exports byte for byte.
demo:
	$(GO) run ./internal/demogen/cmd/demogen -o $(DEMO)

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

clean:
	rm -rf bin $(OUT)
