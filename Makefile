# Gazette — the single entry point for building, running and testing.
SWIFT        ?= swift
INDEX        ?= index
CORPUS       ?= corpus
RELEASE_BIN  := .build/release/gazette
APT_PACKAGES := libxml2-dev libzstd-dev pkg-config

.PHONY: all deps build run test clean bench eval-entities stress stress-inputs

all: build

# Installs the C libraries the build links against when pkg-config cannot find them (fresh machines, CI).
deps:
	@if ! pkg-config --exists libxml-2.0 libzstd 2>/dev/null; then \
		echo "installing $(APT_PACKAGES)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

# The Swift runtime is linked statically and the binary is not position-independent: a one-shot
# `gazette search` then spends no time on dynamic symbol lookup or on ~39,000 start-up relocations.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xlinker -no-pie

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product gazette

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

# Hostile input at full size on a release build (200 MB text and HTML files, a file over the 256 MB read limit,
# a 50 MB word, HTML a million levels deep, 100,000 files): each must index within a peak-RSS bound; prints wall
# time, CPU time and peak RSS per case (/usr/bin/time -v, from the 'time' package, installed if missing).
stress-inputs: build
	@if [ ! -x /usr/bin/time ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq time; \
	fi
	bash scripts/stress-inputs.sh

# Known-item evaluation of the ranking (MRR, success@10 for title and sentence queries) on the Debian documentation
# corpus of `make bench` (fetched like make bench does when bench/work/corpus is missing); writes the
# "Ranking (known-item)" section of BENCHMARKS.md. GAZETTE_BIN=path evaluates a given binary instead.
eval-ranking: deps
	bash bench/knownitem/run.sh

# Installs the release binary, shell completions (bash, zsh, fish) and the man page under $(PREFIX) (and $(DESTDIR)).
# The man page comes from swift-argument-parser's generate-manual plugin, from the same help texts as --help.
PREFIX  ?= /usr/local
MANPAGE := .build/plugins/GenerateManual/outputs/gazette/gazette.1
install: build
	$(SWIFT) package plugin generate-manual --configuration release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
		"$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
		"$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 $(RELEASE_BIN) "$(DESTDIR)$(PREFIX)/bin/gazette"
	$(RELEASE_BIN) --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/gazette"
	$(RELEASE_BIN) --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_gazette"
	$(RELEASE_BIN) --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gazette.fish"
	install -m 644 $(MANPAGE) "$(DESTDIR)$(PREFIX)/share/man/man1/gazette.1"
	@echo "installed gazette, its completions and man page under $(DESTDIR)$(PREFIX)"

.PHONY: eval-ranking install
