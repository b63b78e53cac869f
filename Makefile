# Gazette — the single entry point for building, running and testing.
SWIFT        ?= swift
INDEX        ?= index
CORPUS       ?= corpus
RELEASE_BIN  := .build/release/gazette
APT_PACKAGES := libxml2-dev libzstd-dev pkg-config

.PHONY: all deps build run test clean bench eval-entities stress

all: build

# Installs the C libraries the build links against when pkg-config cannot find them (fresh machines, CI).
deps:
	@if ! pkg-config --exists libxml-2.0 libzstd 2>/dev/null; then \
		echo "installing $(APT_PACKAGES)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build -c release --product gazette

run: build
	$(RELEASE_BIN) index $(CORPUS) --index $(INDEX)
	@echo
	@echo '$$ gazette search '\''"security guarantees" Lavrov'\'''
	@$(RELEASE_BIN) search '"security guarantees" Lavrov' --index $(INDEX) --limit 5
	@echo
	@echo '$$ gazette entities --limit 10'
	@$(RELEASE_BIN) entities --index $(INDEX) --limit 10

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build
	find $(INDEX) -mindepth 1 ! -name README.md -delete 2>/dev/null || true

# Gazette beside Tantivy and SQLite FTS5 on Debian's documentation (~195 MB of HTML); writes BENCHMARKS.md.
# BENCH_SMALL=1 make bench for a quick run. Needs the Debian mirror and PyPI once (cached in bench/work, bench/.venv).
bench: deps
	bash bench/run.sh

# Precision, recall and F1 of the entity recogniser per type on the hand-annotated set (eval/annotated.md).
eval-entities: deps
	$(SWIFT) run -c release entity-eval eval/annotated.md

# Kills `gazette index` at random moments, then checks that the index verifies and holds the old or the new commit.
stress: build
	bash scripts/stress-kill.sh $(or $(ROUNDS),40)
