#!/usr/bin/env bash
# Known-item evaluation of Gazette's ranking: `make eval-ranking` runs this from the repository root.
#
# Uses the Debian documentation corpus of `make bench` (bench/work/corpus; fetched here the same way when it is
# missing), draws the query sets once (bench/work/knownitem/{dev,test}.tsv, see knownitem.py), indexes the
# corpus with the gazette binary under test, runs every query through `gazette search --batch`, and writes the
# "Ranking (known-item)" section of BENCHMARKS.md (between <!-- ranking:start --> and <!-- ranking:end -->)
# with the figures of the ranking before issue 5 (bench/knownitem/before-*.json, measured once) beside these.
#
# Environment:
#   GAZETTE_BIN=path   evaluate this binary instead of building .build/release/gazette.
#   BENCH_SMALL=1      when the corpus must be fetched: one package (postgresql-doc-15) instead of three.
#   BENCH_PACKAGES="…" when the corpus must be fetched: these Debian packages.
#   KNOWNITEM_LABEL    the label of this run in the table (default: "after (this build)").
#   PYTHON             the Python 3 to use (default python3).
set -Eeuo pipefail

main() {

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH_DIR="$(cd "$HERE/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
OUT="$WORK/knownitem"
PYTHON="${PYTHON:-python3}"
LABEL="${KNOWNITEM_LABEL:-after (this build)}"
step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'eval-ranking: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "eval-ranking: failed at bench/knownitem/run.sh line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
mkdir -p "$OUT"

if [ ! -d "$WORK/corpus" ] || [ -z "$(ls -A "$WORK/corpus" 2>/dev/null)" ]; then
    if [ "${BENCH_SMALL:-0}" = 1 ]; then
        PACKAGES="${BENCH_PACKAGES:-postgresql-doc-15}"
    else
        PACKAGES="${BENCH_PACKAGES:-python3.11-doc postgresql-doc-15 linux-doc-6.1}"
    fi
    step "Corpus: Debian documentation packages: $PACKAGES (as make bench fetches them)"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    mkdir -p "$WORK/debs" "$WORK/extract"
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
    mkdir -p "$WORK/results"
    # shellcheck disable=SC2086
    "$PYTHON" "$BENCH_DIR/corpus.py" "$WORK/extract" "$WORK/corpus" "$WORK/results/corpus.json" $PACKAGES
fi

if [ -n "${GAZETTE_BIN:-}" ]; then
    GAZETTE="$GAZETTE_BIN"
else
    step "swift build -c release --static-swift-stdlib -Xlinker -no-pie --product gazette"
    (cd "$REPO_DIR" && swift build -c release --static-swift-stdlib -Xlinker -no-pie --product gazette) || die "swift build failed (run 'make deps' first?)"
    GAZETTE="$REPO_DIR/.build/release/gazette"
fi
[ -x "$GAZETTE" ] || die "no gazette binary at $GAZETTE"

if [ ! -f "$OUT/test.tsv" ] || [ ! -f "$OUT/dev.tsv" ]; then
    step "Queries: gazette extract, then title and sentence queries (knownitem.py queries)"
    "$GAZETTE" extract "$WORK/corpus" > "$OUT/extracted.ndjson.tmp"
    mv "$OUT/extracted.ndjson.tmp" "$OUT/extracted.ndjson"
    "$PYTHON" "$HERE/knownitem.py" queries "$OUT/extracted.ndjson" "$OUT"
fi

step "Index: $GAZETTE index $WORK/corpus"
rm -rf "$OUT/index"
"$GAZETTE" index "$WORK/corpus" --index "$OUT/index" --quiet

step "Known-item queries"
for set in test dev; do
    "$PYTHON" "$HERE/knownitem.py" evaluate "$GAZETTE" "$OUT/index" "$OUT/$set.tsv" "$OUT/after-$set.json" --label "$LABEL"
done
results=()
for set in test dev; do
    [ -f "$HERE/before-$set.json" ] && results+=("$HERE/before-$set.json")
    results+=("$OUT/after-$set.json")
done
if [ -f "$WORK/queries.txt" ]; then
    step "Latency: the benchmark's query set (bench/work/queries.txt)"
    "$PYTHON" "$HERE/knownitem.py" latency "$GAZETTE" "$OUT/index" "$WORK/queries.txt" "$OUT/latency-after.json" \
        --label "$LABEL"
    [ -f "$HERE/before-latency.json" ] && results+=("$HERE/before-latency.json")
    results+=("$OUT/latency-after.json")
fi
"$PYTHON" "$HERE/knownitem.py" report "$REPO_DIR/BENCHMARKS.md" "${results[@]}"
}

main "$@"
