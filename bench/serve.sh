#!/usr/bin/env bash
# make bench-serve: `gazette serve` under load (wrk) on the index `make bench` built (bench/work/gz-index).
#
# For the search page (/search) and the API (/api/search), a phrase and a term query, at 1, 8 and 64
# connections, and for /api/facets a term query: requests per second, p50 and p99 latency, errors. Beside them,
# the same queries' in-process time from `gazette search --batch` (the issue's target: the API's p50 within
# 1.5x of it). Then a soak at 64 connections, the server's resident memory sampled as it runs. Results go to
# bench/work/serve.json and the "Serving" section of BENCHMARKS.md (between its markers, which make bench keeps).
#
# Environment: GAZETTE_BIN (default: the release build), SERVE_SECONDS per run (10), SERVE_SOAK_SECONDS (60).
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
WORK="$BENCH_DIR/work"
INDEX="$WORK/gz-index"
GAZETTE="${GAZETTE_BIN:-$REPO/.build/release/gazette}"
SECONDS_PER_RUN="${SERVE_SECONDS:-10}"
SOAK="${SERVE_SOAK_SECONDS:-60}"
die() { printf 'bench-serve: error: %s\n' "$*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*" >&2; }

[ -d "$INDEX" ] || die "no index at $INDEX: run 'make bench' first (it builds the corpus and the index)"
[ -x "$GAZETTE" ] || die "no gazette binary at $GAZETTE"
if ! command -v wrk >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    step "installing wrk (apt)"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null \
        || die "wrk is not installable (apt-get install wrk)"
fi

PHRASE='"struct qstr"'
if [ -f "$WORK/results/oneshot.json" ]; then
    PHRASE="\"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["phrase"])' "$WORK/results/oneshot.json")\""
fi
TERM_QUERY=kernel

step "starting gazette serve on $INDEX"
OUT="$WORK/serve.out"
"$GAZETTE" serve --index "$INDEX" --port 0 >"$OUT" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    grep -q 'http://' "$OUT" 2>/dev/null && break
    sleep 0.1
done
URL="$(grep -o 'http://[^ ]*' "$OUT" | head -n 1)"
URL="${URL%/}"
[ -n "$URL" ] || die "the server did not start: $(cat "$OUT")"
echo "serving at $URL (pid $SERVER)" >&2

encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER/status"; }

RESULTS="$WORK/serve-runs.txt"
: >"$RESULTS"
run() {  # name connections path
    local threads=$(( $2 < 2 ? 1 : 2 ))
    local out
    out="$(wrk -t"$threads" -c"$2" -d"${SECONDS_PER_RUN}s" --latency "$URL$3" 2>&1)" || die "wrk failed: $out"
    printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$out" | tr '\n' '\037')" >>"$RESULTS"
    echo "$1 c=$2: $(printf '%s' "$out" | grep -E 'Requests/sec' | tr -s ' ')" >&2
}

RSS_START="$(rss)"
step "wrk, ${SECONDS_PER_RUN} s a run"
for connections in 1 8 64; do
    run "page phrase" "$connections" "/search?q=$(encode "$PHRASE")"
    run "page term" "$connections" "/search?q=$TERM_QUERY"
    run "api phrase" "$connections" "/api/search?q=$(encode "$PHRASE")"
    run "api term" "$connections" "/api/search?q=$TERM_QUERY"
    run "api facets" "$connections" "/api/facets?q=$TERM_QUERY"
done
RSS_AFTER_RUNS="$(rss)"

step "soak: ${SOAK} s at 64 connections on /api/search, memory sampled every 10 s"
SAMPLES="$(rss)"
wrk -t2 -c64 -d"${SOAK}s" --latency "$URL/api/search?q=$TERM_QUERY" >"$WORK/serve-soak.txt" 2>&1 &
WRK=$!
for _ in $(seq 1 $(( SOAK / 10 ))); do
    sleep 10
    SAMPLES="$SAMPLES $(rss)"
done
wait "$WRK" || true
SAMPLES="$SAMPLES $(rss)"

step "in-process time of the same queries (gazette search --batch)"
BATCH="$WORK/serve-batch.txt"
: >"$BATCH"
for _ in $(seq 1 20); do printf '%s\n%s\n' "$PHRASE" "$TERM_QUERY" >>"$BATCH"; done
"$GAZETTE" search --batch "$BATCH" --index "$INDEX" >"$WORK/serve-batch.ndjson"

python3 "$BENCH_DIR/serve_report.py" "$RESULTS" "$WORK/serve-soak.txt" "$WORK/serve-batch.ndjson" \
    "$PHRASE" "$TERM_QUERY" "$RSS_START" "$RSS_AFTER_RUNS" "$SAMPLES" "$SECONDS_PER_RUN" "$SOAK" \
    "$WORK/serve.json" "$REPO/BENCHMARKS.md"
