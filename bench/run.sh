#!/usr/bin/env bash
# Gazette benchmark: `make bench` runs this from the repository root.
#
# Gets a real corpus (Debian documentation packages, HTML), builds Gazette in release mode, indexes the corpus
# with Gazette and — on the very same extracted text — with Tantivy (PyPI, in bench/.venv), Apache Lucene 8
# (Debian's liblucene8-java, bench/lucene/LuceneBench.java) and SQLite FTS5, runs the same seeded query set on
# each, and writes the table to BENCHMARKS.md. Everything downloaded or generated stays in bench/work/ and
# bench/.venv/ (git-ignored); downloads and extraction are cached there.
#
# Environment:
#   BENCH_SMALL=1        one package (postgresql-doc-15) and fewer queries: a quick run.
#   BENCH_PACKAGES="…"   the Debian packages to use (default: python3.11-doc postgresql-doc-15 linux-doc-6.1).
#   GAZETTE_BIN=path     use this gazette binary instead of building .build/release/gazette.
#   BENCH_ONESHOT_RUNS   fresh processes per engine for the one-shot figure (default 30).
#   BENCH_INDEX_RUNS     indexing runs per engine; the median run is reported (default 3, small: 1).
#   PYTHON               the Python 3 to use for the venv and the stdlib helpers (default python3).
set -Eeuo pipefail

# Everything runs inside main(), which bash reads whole before running: editing this file while a benchmark
# runs cannot change what the running one does.
main() {

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
RESULTS="$WORK/results"
VENV="$BENCH_DIR/.venv"
PYTHON="${PYTHON:-python3}"
TANTIVY_VERSION="0.27.0"
TANTIVY_THREADS=2
TANTIVY_HEAP_MB=256
# Lucene gets what Tantivy gets: as many indexing threads, and its RAM buffer as large as Tantivy's heap.
LUCENE_THREADS=$TANTIVY_THREADS
LUCENE_RAM_MB=$TANTIVY_HEAP_MB

step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "bench: failed at bench/run.sh line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

if [ "${BENCH_SMALL:-0}" = 1 ]; then
    PACKAGES="${BENCH_PACKAGES:-postgresql-doc-15}"
    N_PHRASE=60 N_TERM=30 N_AND=30 ONESHOT_RUNS="${BENCH_ONESHOT_RUNS:-10}" INDEX_RUNS="${BENCH_INDEX_RUNS:-1}"
else
    PACKAGES="${BENCH_PACKAGES:-python3.11-doc postgresql-doc-15 linux-doc-6.1}"
    N_PHRASE=200 N_TERM=100 N_AND=100 ONESHOT_RUNS="${BENCH_ONESHOT_RUNS:-30}" INDEX_RUNS="${BENCH_INDEX_RUNS:-3}"
fi
START_SECONDS=$SECONDS
LOADAVG_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if awk -v l="${LOADAVG_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
    echo "WARNING: load average $LOADAVG_START on $(nproc) cores: other work will slow every engine down." >&2
fi
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (set PYTHON=...)"
# The interpreter itself, not a wrapper script (pyenv's shims add tens of ms to every start).
PYTHON="$("$PYTHON" -c 'import sys; print(sys.executable)')"
mkdir -p "$WORK/debs" "$WORK/extract"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# ---------------------------------------------------------------------------------------------------------------
step "Corpus: Debian documentation packages: $PACKAGES"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
packages_desc=""
apt_updated=0
for pkg in $PACKAGES; do
    deb="$(ls "$WORK/debs/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)"
    if [ -z "$deb" ]; then
        if ! apt-cache show "$pkg" >/dev/null 2>&1 && [ $apt_updated = 0 ]; then
            echo "apt-get update (package lists do not know $pkg yet)" >&2
            $SUDO apt-get update -qq || die "apt-get update failed: no network to the Debian mirror? The corpus needs it once."
            apt_updated=1
        fi
        apt-cache show "$pkg" >/dev/null 2>&1 \
            || die "Debian has no package $pkg here (apt-cache show $pkg). Pick others with BENCH_PACKAGES=\"...\"."
        echo "apt-get download $pkg" >&2
        (cd "$WORK/debs" && apt-get download -q "$pkg" 2>&1 | grep -v 'couldn.t be accessed by user ._apt.' >&2) \
            || true
        deb="$(ls "$WORK/debs/${pkg}"_*.deb 2>/dev/null | head -n 1 || true)"
        [ -n "$deb" ] || die "apt-get download $pkg failed (no network to the Debian mirror?). The corpus needs it once; it is cached in $WORK/debs afterwards."
    fi
    version="$(dpkg-deb -f "$deb" Version)"
    packages_desc="${packages_desc:+$packages_desc, }$pkg $version"
    if [ ! -f "$WORK/extract/$pkg/.done" ] || [ "$(cat "$WORK/extract/$pkg/.done")" != "$version" ]; then
        echo "dpkg-deb -x $(basename "$deb")" >&2
        rm -rf "$WORK/extract/$pkg"
        mkdir -p "$WORK/extract/$pkg"
        dpkg-deb -x "$deb" "$WORK/extract/$pkg" || die "dpkg-deb -x $deb failed"
        echo "$version" > "$WORK/extract/$pkg/.done"
    fi
done
# shellcheck disable=SC2086
"$PYTHON" "$BENCH_DIR/corpus.py" "$WORK/extract" "$WORK/corpus" "$RESULTS/corpus.json" $PACKAGES

# ---------------------------------------------------------------------------------------------------------------
if [ -n "${GAZETTE_BIN:-}" ]; then
    step "Gazette: using GAZETTE_BIN=$GAZETTE_BIN"
    GAZETTE="$GAZETTE_BIN"
else
    release_flags="$(bash "$REPO_DIR/scripts/release-flags.sh")"
    step "Gazette: swift build $release_flags --product gazette"
    (cd "$REPO_DIR" && swift build $release_flags --product gazette) || die "swift build failed (run 'make deps' first?)"
    GAZETTE="$REPO_DIR/.build/release/gazette"
fi
[ -x "$GAZETTE" ] || die "no gazette binary at $GAZETTE"
GAZETTE="$(cd "$(dirname "$GAZETTE")" && pwd)/$(basename "$GAZETTE")"
SWIFT_VERSION="$(swift --version 2>/dev/null | head -n 1 || echo 'Swift ?')"

# ---------------------------------------------------------------------------------------------------------------
step "Tantivy: virtualenv $VENV with tantivy==$TANTIVY_VERSION"
if ! "$VENV/bin/python" -c "import tantivy" 2>/dev/null \
        || [ "$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("tantivy"))')" != "$TANTIVY_VERSION" ]; then
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
    "$VENV/bin/pip" install -q --disable-pip-version-check "tantivy==$TANTIVY_VERSION" \
        || die "pip install tantivy==$TANTIVY_VERSION failed (no network to PyPI?)"
fi

# ---------------------------------------------------------------------------------------------------------------
step "Lucene: Debian liblucene8-java, bench/lucene/LuceneBench.java compiled with javac"
command -v javac >/dev/null 2>&1 \
    || die "javac not found: the Lucene peer needs a JDK (Debian: apt-get install default-jdk-headless)"
JAVA="$(command -v java || true)"
[ -n "$JAVA" ] || die "java not found: the Lucene peer needs a JDK (Debian: apt-get install default-jdk-headless)"
if ! ls /usr/share/java/lucene-core*.jar >/dev/null 2>&1; then
    echo "installing liblucene8-java (apt)" >&2
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq liblucene8-java >/dev/null; then
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq liblucene8-java \
            >/dev/null \
            || die "apt-get install liblucene8-java failed (no network to the Debian mirror? no sudo?): the Lucene peer needs its jars in /usr/share/java"
    fi
fi
# The modules LuceneBench uses: core, the analyzers, and the highlighter with what it needs (memory, queries).
LUCENE_CP=""
for module in core analyzers-common highlighter memory queries; do
    jar="$(ls /usr/share/java/lucene-"$module"-8*.jar /usr/share/java/lucene-"$module".jar 2>/dev/null | head -n 1 || true)"
    [ -n "$jar" ] || die "no /usr/share/java/lucene-$module jar: liblucene8-java is incomplete (reinstall it)"
    LUCENE_CP="${LUCENE_CP:+$LUCENE_CP:}$jar"
done
LUCENE_SRC="$BENCH_DIR/lucene/LuceneBench.java"
LUCENE_CLASSES="$WORK/lucene-classes"
if [ ! -f "$LUCENE_CLASSES/LuceneBench.class" ] || [ "$LUCENE_SRC" -nt "$LUCENE_CLASSES/LuceneBench.class" ] \
        || [ "${LUCENE_CP%%:*}" -nt "$LUCENE_CLASSES/LuceneBench.class" ]; then
    echo "javac $LUCENE_SRC" >&2
    rm -rf "$LUCENE_CLASSES"
    mkdir -p "$LUCENE_CLASSES"
    javac -cp "$LUCENE_CP" -d "$LUCENE_CLASSES" "$LUCENE_SRC" || die "javac $LUCENE_SRC failed"
fi
# Default JVM settings: no heap size or collector is chosen for Lucene, as none is for the other engines.
LUCENE=("$JAVA" -cp "$LUCENE_CP:$LUCENE_CLASSES" LuceneBench)
LUCENE_DEB="$(dpkg-query -W -f='${Version}' liblucene8-java 2>/dev/null || echo '?')"

step "libxml2 SAX parse alone: bench/sax/sax_parse.c compiled with gcc"
# The floor of indexing raw HTML: libxml2 parsing the same files with nothing done in its callbacks (issue 17:
# Gazette on HTML within 1.5x of this plus Gazette on the extracted text).
SAX_PARSE="$WORK/sax_parse"
if [ ! -x "$SAX_PARSE" ] || [ "$BENCH_DIR/sax/sax_parse.c" -nt "$SAX_PARSE" ]; then
    gcc -O2 -o "$SAX_PARSE" "$BENCH_DIR/sax/sax_parse.c" $(pkg-config --cflags --libs libxml-2.0) -lpthread \
        || die "gcc bench/sax/sax_parse.c failed (libxml2-dev missing? run 'make deps')"
fi

# ---------------------------------------------------------------------------------------------------------------
step "Extracted text"
EXTRACTED="$WORK/extracted.ndjson"
if "$GAZETTE" --help 2>/dev/null | grep -qE '^[[:space:]]+extract([[:space:]]|$)'; then
    EXTRACTOR="gazette extract"
    stamp=""
    "$GAZETTE" extract "$WORK/corpus" > "$EXTRACTED.tmp" || die "gazette extract $WORK/corpus failed"
else
    EXTRACTOR="bench/fake_extract.py (Python html.parser stand-in)"
    echo "WARNING: $GAZETTE has no 'extract' command: using the Python stand-in bench/fake_extract.py." >&2
    echo "WARNING: every figure of this run is labelled as made on stand-in text." >&2
    stamp="stand-in $PACKAGES $(cksum < "$BENCH_DIR/fake_extract.py")"
    if [ -f "$EXTRACTED" ] && [ "$(cat "$WORK/extracted.source" 2>/dev/null)" = "$stamp" ]; then
        echo "(stand-in text cached in $EXTRACTED)" >&2
        cp "$EXTRACTED" "$EXTRACTED.tmp"
    else
        "$PYTHON" "$BENCH_DIR/fake_extract.py" "$WORK/corpus" > "$EXTRACTED.tmp"
    fi
fi
mv "$EXTRACTED.tmp" "$EXTRACTED"
echo "${stamp:-gazette extract}" > "$WORK/extracted.source"
"$PYTHON" "$BENCH_DIR/textcorpus.py" "$EXTRACTED" "$WORK/text-corpus" "$RESULTS/text.json" "$WORK/corpus"

step "Queries: $N_PHRASE phrase, $N_TERM term, $N_AND AND (seed 42)"
"$PYTHON" "$BENCH_DIR/queries.py" "$EXTRACTED" "$WORK/queries.txt" "$N_PHRASE" "$N_TERM" "$N_AND"

# ---------------------------------------------------------------------------------------------------------------
# Read every input once so that no engine pays for the first read from disk.
cat_all() { find "$1" -type f -print0 | xargs -0 cat > /dev/null; }
cat_all "$WORK/corpus"; cat_all "$WORK/text-corpus"; cat "$EXTRACTED" > /dev/null

GZ_INDEX_FLAGS=(--quiet)
if "$GAZETTE" index --help 2>/dev/null | grep -q -- '--full'; then GZ_INDEX_FLAGS+=(--full); fi
measure() { "$PYTHON" "$BENCH_DIR/measure.py" "$@"; }

# Each engine indexes from scratch INDEX_RUNS times, the engines taking turns so that a burst of other work on
# the machine does not land on one engine only; the run with the median wall time is reported.
for run in $(seq 1 "$INDEX_RUNS"); do
    step "Index, round $run of $INDEX_RUNS: Gazette on the HTML corpus"
    rm -rf "$WORK/gz-index"
    measure "$RESULTS/index-gazette-html.run$run.json" --log "$WORK/gazette-html.log" -- \
        "$GAZETTE" index "$WORK/corpus" --index "$WORK/gz-index" "${GZ_INDEX_FLAGS[@]}" \
        || die "gazette index (HTML) failed: see $WORK/gazette-html.log"

    # The same without entity recognition, to measure what recognition adds (issue: at most 25 %).
    if "$GAZETTE" index --help 2>/dev/null | grep -q -- '--no-entities'; then
        step "Index, round $run of $INDEX_RUNS: Gazette on the HTML corpus, --no-entities"
        rm -rf "$WORK/gz-noent-index"
        measure "$RESULTS/index-gazette-html-noent.run$run.json" --log "$WORK/gazette-html-noent.log" -- \
            "$GAZETTE" index "$WORK/corpus" --index "$WORK/gz-noent-index" "${GZ_INDEX_FLAGS[@]}" --no-entities \
            || die "gazette index --no-entities (HTML) failed: see $WORK/gazette-html-noent.log"
    fi

    step "Index, round $run of $INDEX_RUNS: libxml2's SAX parse of the HTML alone ($(nproc) threads)"
    find "$WORK/corpus" -type f \( -name '*.html' -o -name '*.htm' \) | sort > "$WORK/html-files.txt"
    measure "$RESULTS/index-sax.run$run.json" --log "$WORK/sax.log" -- \
        "$SAX_PARSE" "$(nproc)" "$WORK/html-files.txt" \
        || die "sax_parse failed: see $WORK/sax.log"

    step "Index, round $run of $INDEX_RUNS: Gazette on the extracted text (.txt)"
    rm -rf "$WORK/gz-text-index"
    measure "$RESULTS/index-gazette-text.run$run.json" --log "$WORK/gazette-text.log" -- \
        "$GAZETTE" index "$WORK/text-corpus" --index "$WORK/gz-text-index" "${GZ_INDEX_FLAGS[@]}" \
        || die "gazette index (text) failed: see $WORK/gazette-text.log"

    # Recognition's cost on text alone, where no HTML parse dilutes it (issue 17: indexing with and without
    # entities against Tantivy).
    if "$GAZETTE" index --help 2>/dev/null | grep -q -- '--no-entities'; then
        step "Index, round $run of $INDEX_RUNS: Gazette on the extracted text (.txt), --no-entities"
        rm -rf "$WORK/gz-text-noent-index"
        measure "$RESULTS/index-gazette-text-noent.run$run.json" --log "$WORK/gazette-text-noent.log" -- \
            "$GAZETTE" index "$WORK/text-corpus" --index "$WORK/gz-text-noent-index" "${GZ_INDEX_FLAGS[@]}" --no-entities \
            || die "gazette index --no-entities (text) failed: see $WORK/gazette-text-noent.log"
    fi

    step "Index, round $run of $INDEX_RUNS: Tantivy ($TANTIVY_THREADS threads, ${TANTIVY_HEAP_MB} MB heap)"
    measure "$RESULTS/index-tantivy.run$run.json" --log "$WORK/tantivy.log" -- \
        "$VENV/bin/python" "$BENCH_DIR/tantivy_bench.py" index "$EXTRACTED" "$WORK/tantivy-index" \
        "$RESULTS/tantivy-stats.run$run.json" "$TANTIVY_THREADS" "$TANTIVY_HEAP_MB" \
        || die "Tantivy indexing failed: see $WORK/tantivy.log"

    step "Index, round $run of $INDEX_RUNS: Lucene ($LUCENE_THREADS threads, ${LUCENE_RAM_MB} MB RAM buffer)"
    measure "$RESULTS/index-lucene.run$run.json" --log "$WORK/lucene.log" -- \
        "${LUCENE[@]}" index "$EXTRACTED" "$WORK/lucene-index" "$RESULTS/lucene-stats.run$run.json" \
        "$LUCENE_THREADS" "$LUCENE_RAM_MB" \
        || die "Lucene indexing failed: see $WORK/lucene.log"

    step "Index, round $run of $INDEX_RUNS: SQLite FTS5"
    measure "$RESULTS/index-fts5.run$run.json" --log "$WORK/fts5.log" -- \
        "$VENV/bin/python" "$BENCH_DIR/fts5_bench.py" index "$EXTRACTED" "$WORK/fts5.db" \
        "$RESULTS/fts5-stats.run$run.json" \
        || die "FTS5 indexing failed: see $WORK/fts5.log"
done
"$PYTHON" "$BENCH_DIR/measure.py" --median "$RESULTS" gazette-html gazette-text tantivy lucene fts5
if ls "$RESULTS"/index-gazette-html-noent.run*.json > /dev/null 2>&1; then
    "$PYTHON" "$BENCH_DIR/measure.py" --median "$RESULTS" gazette-html-noent
fi
if ls "$RESULTS"/index-gazette-text-noent.run*.json > /dev/null 2>&1; then
    "$PYTHON" "$BENCH_DIR/measure.py" --median "$RESULTS" gazette-text-noent
fi
"$PYTHON" "$BENCH_DIR/measure.py" --median "$RESULTS" sax

# ---------------------------------------------------------------------------------------------------------------
step "Queries: warm, in-process"
"$PYTHON" "$BENCH_DIR/gazette_bench.py" query "$GAZETTE" "$WORK/queries.txt" "$WORK/gz-index" \
    "$RESULTS/query-gazette-html.json" || die "Gazette queries (HTML index) failed"
"$PYTHON" "$BENCH_DIR/gazette_bench.py" query "$GAZETTE" "$WORK/queries.txt" "$WORK/gz-text-index" \
    "$RESULTS/query-gazette-text.json" || die "Gazette queries (text index) failed"
"$VENV/bin/python" "$BENCH_DIR/tantivy_bench.py" query "$WORK/queries.txt" "$WORK/tantivy-index" \
    "$RESULTS/query-tantivy.json" || die "Tantivy queries failed"
"${LUCENE[@]}" query "$WORK/queries.txt" "$WORK/lucene-index" "$RESULTS/query-lucene.json" \
    || die "Lucene queries failed"
"$VENV/bin/python" "$BENCH_DIR/fts5_bench.py" query "$WORK/queries.txt" "$WORK/fts5.db" "$RESULTS/query-fts5.json" \
    || die "FTS5 queries failed"
step "Match counts: FTS5 over the same text cut at Gazette's word boundaries (untimed)"
"$VENV/bin/python" "$BENCH_DIR/fts5_bench.py" aligned "$EXTRACTED" "$WORK/fts5-aligned.db" "$WORK/queries.txt" \
    "$RESULTS/counts-fts5-aligned.json" || die "FTS5 (Gazette's word boundaries) failed"

step "One-shot CLI query ($ONESHOT_RUNS fresh processes per engine)"
if ! command -v hyperfine >/dev/null 2>&1; then
    echo "installing hyperfine (apt)" >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hyperfine >/dev/null 2>&1 \
        || echo "hyperfine not installable: timing with perf_counter instead" >&2
fi
# Process start for comparison (issue 17: a one-shot search within 2x of it): a static Swift hello world.
HELLO="$WORK/hello"
swiftc -O -static-stdlib -Xlinker -no-pie "$BENCH_DIR/hello/main.swift" -o "$HELLO" \
    || die "swiftc bench/hello/main.swift failed"
# The same program linked as gazette is (libstdc++ from its static archive too, scripts/release-flags.sh): what
# start costs once the dynamic loader has next to nothing to do.
HELLO_LINKED="$WORK/hello-linked"
bash "$REPO_DIR/scripts/release-flags.sh" >/dev/null
rm -f "$HELLO_LINKED"
if [ -f "$REPO_DIR/.build-link/libstdc++.a" ]; then
    swiftc -O -static-stdlib -Xlinker -no-pie -L "$REPO_DIR/.build-link" "$BENCH_DIR/hello/main.swift" -o "$HELLO_LINKED" \
        || die "swiftc bench/hello/main.swift (linked as gazette) failed"
fi
BENCH_HELLO_BIN="$HELLO" BENCH_HELLO_LINKED_BIN="$HELLO_LINKED" "$VENV/bin/python" "$BENCH_DIR/oneshot.py" "$RESULTS" "$GAZETTE" "$WORK/gz-index" "$VENV/bin/python" \
    "$WORK/tantivy-index" "$WORK/fts5.db" "$ONESHOT_RUNS" "$JAVA" "$LUCENE_CP:$LUCENE_CLASSES" "$WORK/lucene-index"

# ---------------------------------------------------------------------------------------------------------------
step "Report"
BENCH_GAZETTE_GIVEN="${GAZETTE_BIN:+1}" BENCH_LOADAVG_START="$LOADAVG_START" BENCH_PACKAGES_DESC="$packages_desc" BENCH_EXTRACTOR="$EXTRACTOR" BENCH_SMALL="${BENCH_SMALL:-0}" \
BENCH_SWIFT_VERSION="$SWIFT_VERSION" BENCH_TANTIVY_THREADS="$TANTIVY_THREADS" \
BENCH_TANTIVY_HEAP_MB="$TANTIVY_HEAP_MB" BENCH_LUCENE_THREADS="$LUCENE_THREADS" BENCH_LUCENE_RAM_MB="$LUCENE_RAM_MB" \
BENCH_LUCENE_DEB="$LUCENE_DEB" BENCH_INDEX_RUNS="$INDEX_RUNS" BENCH_WORK_DIR="$WORK" GAZETTE_BIN="$GAZETTE" \
    "$PYTHON" "$BENCH_DIR/report.py" "$RESULTS" "$REPO_DIR/BENCHMARKS.md"
echo "bench: done in $((SECONDS - START_SECONDS)) s" >&2
}

main "$@"
