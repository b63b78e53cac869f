#!/usr/bin/env bash
# Crash-safety stress: run `gazette index` on a changing corpus and SIGKILL it at random moments (while it
# parses, flushes segments, commits or merges). After every kill the index must verify and must answer a
# query with the result of either the previous commit or the new one — never anything else.
#
#   scripts/stress-kill.sh [ROUNDS]      (default 40; `make stress`)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-40}
BIN=${GAZETTE_BIN:-.build/release/gazette}
[ -x "$BIN" ] || { echo "stress: $BIN not built (make build)"; exit 2; }
WORK=$(mktemp -d /tmp/gazette-stress.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
CORPUS=$WORK/corpus
INDEX=$WORK/index
mkdir -p "$CORPUS"
cp -r corpus/. "$CORPUS/"
# Bulk it up so that a run lasts long enough to be killed in every phase.
for i in $(seq 1 60); do
  for f in corpus/*/*.txt; do
    sed "s/the/the$i/g" "$f" > "$CORPUS/copy-$i-$(basename "$f")"
  done
done
"$BIN" index "$CORPUS" --index "$INDEX" --quiet
# Matching documents for a query (search exits 1 when nothing matches, which is an answer here).
total() {
  local out
  out=$("$BIN" search "$1" --index "$INDEX" --json --limit 0 2>/dev/null || true)
  echo "$out" | sed -n 's/.*"total": \([0-9]*\).*/\1/p'
}
kills=0
for round in $(seq 1 "$ROUNDS"); do
  # Change the corpus: add a file with a marker word, delete one, touch one.
  marker="stressmarker$round"
  echo "Stress round $round mentions $marker and the ceasefire." > "$CORPUS/new-$round.txt"
  victim=$(ls "$CORPUS" | grep '^copy-' | shuf -n 1 || true)
  [ -n "$victim" ] && rm -f "$CORPUS/$victim"
  before=$(total ceasefire)
  # Every other round rebuilds everything (--full), so kills also land in big flushes, merges and sweeps.
  mode=""
  [ $((round % 2)) = 0 ] && mode="--full"
  "$BIN" index "$CORPUS" --index "$INDEX" --quiet $mode &
  pid=$!
  sleep "0.$(printf '%03d' $(( RANDOM % 400 )))"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null || true
  if ! "$BIN" verify --index "$INDEX" > "$WORK/verify.log" 2>&1; then
    echo "stress: round $round: index does not verify after a kill"; cat "$WORK/verify.log"; exit 1
  fi
  after=$(total ceasefire)
  has_marker=$(total "$marker")
  if [ "$has_marker" = "0" ]; then
    [ "$after" = "$before" ] || { echo "stress: round $round: old commit but 'ceasefire' count $before -> $after"; exit 1; }
  else
    [ "$has_marker" = "1" ] || { echo "stress: round $round: marker found $has_marker times"; exit 1; }
  fi
  # Finish the round cleanly so the next one starts from a known commit.
  "$BIN" index "$CORPUS" --index "$INDEX" --quiet
  [ "$(total "$marker")" = "1" ] || { echo "stress: round $round: marker missing after a clean run"; exit 1; }
done
"$BIN" verify --index "$INDEX"
echo "stress: $ROUNDS rounds, $kills kills, index verified and consistent after each"
