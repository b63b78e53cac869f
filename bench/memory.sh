#!/usr/bin/env bash
# Memory benchmark: `make bench-memory` runs this from the repository root.
#
# Generates a 1 GiB corpus (bench/bigcorpus.py, into bench/work/bigcorpus, once) from the Debian documentation text
# of `make bench` (bench/work/extracted.ndjson; fetched and extracted here the same way when it is missing), then
# measures the peak resident set of `gazette index` at several --memory-budget values, of an incremental run and of
# `gazette optimize` (bench/memory.py), and writes the "Memory" section of BENCHMARKS.md beside the figures of
# bench/memory-before.json (measured once, before memory was bounded).
#
# Environment:
#   GAZETTE_BIN=path      measure this binary instead of building .build/release/gazette.
#   MEMORY_LABEL          the label of this run in the table (default: "after").
#   MEMORY_BUDGETS        the budgets of the --full runs, comma-separated (default: 16,64,256).
#   MEMORY_CORPUS_MB      the size of the generated corpus in MiB (default: 1024).
#   MEMORY_OUT            where the run's figures go (default: bench/work/memory-results.json).
#   PYTHON                the Python 3 to use (default python3).
set -Eeuo pipefail

main() {

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
PYTHON="${PYTHON:-python3}"
PACKAGES="${BENCH_PACKAGES:-python3.11-doc postgresql-doc-15 linux-doc-6.1}"
OUT="${MEMORY_OUT:-$WORK/memory-results.json}"
step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'bench-memory: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "bench-memory: failed at bench/memory.sh line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
mkdir -p "$WORK"

if [ -n "${GAZETTE_BIN:-}" ]; then
    GAZETTE="$GAZETTE_BIN"
else
    release_flags="$(bash "$REPO_DIR/scripts/release-flags.sh")"
    step "Gazette: swift build $release_flags --product gazette"
    (cd "$REPO_DIR" && swift build $release_flags --product gazette) \
        || die "swift build failed (run 'make deps' first?)"
    GAZETTE="$REPO_DIR/.build/release/gazette"
fi
[ -x "$GAZETTE" ] || die "no gazette binary at $GAZETTE"
GAZETTE="$(cd "$(dirname "$GAZETTE")" && pwd)/$(basename "$GAZETTE")"

# The source text: the Debian documentation of `make bench`, as `gazette extract` gives it.
if [ ! -s "$WORK/extracted.ndjson" ]; then
    if [ ! -d "$WORK/corpus" ] || [ -z "$(ls -A "$WORK/corpus" 2>/dev/null)" ]; then
        step "Source text: Debian documentation packages $PACKAGES (as make bench fetches them)"
        SUDO=""
        [ "$(id -u)" = 0 ] || SUDO="sudo"
        mkdir -p "$WORK/debs" "$WORK/extract" "$WORK/results"
        for pkg in $PACKAGES; do
            deb="$(ls "$WORK/debs/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)"
            if [ -z "$deb" ]; then
                apt-cache show "$pkg" >/dev/null 2>&1 || $SUDO apt-get update -qq \
                    || die "apt-get update failed: the corpus needs the Debian mirror once"
                (cd "$WORK/debs" && apt-get download -q "$pkg" >&2) || true
                deb="$(ls "$WORK/debs/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)"
                [ -n "$deb" ] || die "apt-get download $pkg failed (no network to the Debian mirror?)"
            fi
            version="$(dpkg-deb -f "$deb" Version)"
            if [ ! -f "$WORK/extract/$pkg/.done" ] || [ "$(cat "$WORK/extract/$pkg/.done")" != "$version" ]; then
                rm -rf "$WORK/extract/$pkg"
                mkdir -p "$WORK/extract/$pkg"
                dpkg-deb -x "$deb" "$WORK/extract/$pkg"
                echo "$version" > "$WORK/extract/$pkg/.done"
            fi
        done
        # shellcheck disable=SC2086
        "$PYTHON" "$BENCH_DIR/corpus.py" "$WORK/extract" "$WORK/corpus" "$WORK/results/corpus.json" $PACKAGES
    fi
    step "Source text: gazette extract $WORK/corpus"
    "$GAZETTE" extract "$WORK/corpus" > "$WORK/extracted.ndjson.tmp" || die "gazette extract failed"
    mv "$WORK/extracted.ndjson.tmp" "$WORK/extracted.ndjson"
fi

step "Corpus: bench/bigcorpus.py, ${MEMORY_CORPUS_MB:-1024} MiB into $WORK/bigcorpus (once)"
"$PYTHON" "$BENCH_DIR/bigcorpus.py" "$WORK/bigcorpus" --source "$WORK/extracted.ndjson" \
    --size-mb "${MEMORY_CORPUS_MB:-1024}"

step "Runs (each one process; about 3 minutes per 1 GiB run on 2 idle cores)"
LOADAVG="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)"
if awk -v l="$LOADAVG" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "WARNING: load average $LOADAVG on $(nproc) cores: times will be slow (peak memory is not affected)." >&2
fi
"$PYTHON" "$BENCH_DIR/memory.py" run "$GAZETTE" "$WORK/bigcorpus" "$WORK" "$OUT" \
    --label "${MEMORY_LABEL:-after}" --budgets "${MEMORY_BUDGETS:-16,64,256}"

step "Report: the Memory section of BENCHMARKS.md"
before=()
[ -f "$BENCH_DIR/memory-before.json" ] && [ "$OUT" != "$BENCH_DIR/memory-before.json" ] \
    && before=("$BENCH_DIR/memory-before.json")
"$PYTHON" "$BENCH_DIR/memory.py" report "$REPO_DIR/BENCHMARKS.md" "${before[@]}" "$OUT"
}

main "$@"
