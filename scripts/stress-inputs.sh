#!/usr/bin/env bash
# Hostile input at full size, on a release build: 200 MB text and HTML files, a file over the 256 MB read limit,
# a file that is one 50 MB word, HTML nested a million levels deep, and a folder of 100,000 files. Each must
# index with exit status 0, find what it should, and stay within a peak RSS bound; the script prints wall time,
# CPU time and peak RSS (from /usr/bin/time -v) for each case. The smaller versions run in `make test`
# (Tests/GazetteCLITests/LargeInputTests.swift).
#
#   scripts/stress-inputs.sh        (`make stress-inputs`; GAZETTE_BIN=path to test another binary)
#
# Each case has its own peak-RSS bound, about 1.4 times what it measured when it was set (release build,
# 2 cores): a 200 MB file must not cost much more than 2.5 (text) or 4 (HTML) times its size.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${GAZETTE_BIN:-.build/release/gazette}
[ -x "$BIN" ] || { echo "stress-inputs: $BIN not built (make build)"; exit 2; }
[ -x /usr/bin/time ] || { echo "stress-inputs: needs /usr/bin/time (the 'time' package; make stress-inputs installs it)"; exit 2; }
WORK=$(mktemp -d /tmp/gazette-stress-inputs.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
failures=0
report=()

fail() {
  echo "stress-inputs: $*"
  failures=$((failures + 1))
}

# prose BYTES SEED [html]: paragraphs of 80 words from a 5,000-word vocabulary, some capitalised (work for the
# entity recogniser), each ending in "Geneva."; as <p> elements with "html".
prose() {
  awk -v bytes="$1" -v seed="$2" -v html="${3:-}" 'BEGIN {
    srand(seed)
    for (i = 0; i < 5000; i++) {
      w = ""; n = 3 + int(rand() * 7)
      for (j = 0; j < n; j++) w = w sprintf("%c", 97 + int(rand() * 26))
      if (i % 50 == 0) w = toupper(substr(w, 1, 1)) substr(w, 2)
      v[i] = w
    }
    total = 0
    while (total < bytes) {
      line = ""
      for (k = 0; k < 80; k++) line = line v[int(rand() * 5000)] " "
      line = line "Geneva."
      if (html != "") { print "<p>" line "</p>"; total += length(line) + 8 }
      else { print line; print ""; total += length(line) + 2 }
    }
  }'
}

# measure NAME MAX_RSS_MB ARGS...: runs the binary under /usr/bin/time -v; keeps stdout/stderr in
# $WORK/NAME.{out,err}.
measure() {
  local name=$1 max_rss_mb=$2
  shift 2
  local status=0
  /usr/bin/time -v -o "$WORK/$name.time" "$BIN" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" || status=$?
  local wall rss user sys
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/$name.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$name.time")
  user=$(sed -n 's/.*User time (seconds): //p' "$WORK/$name.time")
  sys=$(sed -n 's/.*System time (seconds): //p' "$WORK/$name.time")
  report+=("$(printf '%-22s %10s %9s s %9s s %8d MB %8d MB' "$name" "$wall" "$user" "$sys" $((rss / 1024)) "$max_rss_mb")")
  [ "$status" = 0 ] || fail "$name: exit status $status: $(head -3 "$WORK/$name.err")"
  [ $((rss / 1024)) -le "$max_rss_mb" ] || fail "$name: peak RSS $((rss / 1024)) MB over its bound of $max_rss_mb MB"
}

# expect_count INDEX QUERY N
expect_count() {
  local found
  found=$("$BIN" search "$2" --count --index "$1" 2>/dev/null || true)
  [ "$found" = "$3" ] || fail "search '$2' in $1: $found documents, expected $3"
}

echo "stress-inputs: generating inputs in $WORK"
mkdir -p "$WORK/text" "$WORK/html" "$WORK/over" "$WORK/word" "$WORK/deep" "$WORK/many"
{ echo "Big text"; echo; prose $((200 << 20)) 1; echo "endtextmarker"; } > "$WORK/text/big.txt"
{ echo "<html><head><title>Big page</title></head><body>"; prose $((200 << 20)) 2 html
  echo "<p>endhtmlmarker</p></body></html>"; } > "$WORK/html/big.html"
{ echo "Over the limit"; echo; echo "startovermarker"; prose $((300 << 20)) 3; echo "endovermarker"; } > "$WORK/over/over.txt"
{ printf 'Title\n\nbefore '; head -c $((50 << 20)) /dev/zero | tr '\0' 'x'; printf ' afterwordmarker\n'; } > "$WORK/word/word.txt"
awk 'BEGIN { printf "<html><body><p>before</p>"; for (i = 0; i < 1000000; i++) printf "<div>";
  printf "deepmarker"; for (i = 0; i < 1000000; i++) printf "</div>"; print "<p>after</p></body></html>" }' > "$WORK/deep/deep.html"
(cd "$WORK/many" && awk 'BEGIN { for (i = 0; i < 100000; i++) {
  f = sprintf("f%06d.txt", i); printf "Title %d\n\nword%d common text of the file\n", i, i > f; close(f) } }')

measure text-200MB 750 index "$WORK/text" --index "$WORK/text.idx"
expect_count "$WORK/text.idx" endtextmarker 1
measure search-in-200MB 800 search endtextmarker --index "$WORK/text.idx"

measure html-200MB 1150 index "$WORK/html" --index "$WORK/html.idx"
expect_count "$WORK/html.idx" endhtmlmarker 1

measure text-300MB-over-limit 950 index "$WORK/over" --index "$WORK/over.idx"
grep -q "only the first 256 MB are read" "$WORK/text-300MB-over-limit.err" || fail "no warning for the file over 256 MB"
expect_count "$WORK/over.idx" startovermarker 1
expect_count "$WORK/over.idx" endovermarker 0

measure one-50MB-word 250 index "$WORK/word" --index "$WORK/word.idx"
expect_count "$WORK/word.idx" afterwordmarker 1

measure html-1M-levels-deep 150 index "$WORK/deep" --index "$WORK/deep.idx"
expect_count "$WORK/deep.idx" deepmarker 1

measure files-100000 200 index "$WORK/many" --index "$WORK/many.idx"
measure files-100000-again 200 index "$WORK/many" --index "$WORK/many.idx"
grep -q "0 added, 0 updated, 0 deleted, 100000 unchanged" "$WORK/files-100000-again.out" \
  || fail "second run over 100,000 files: $(cat "$WORK/files-100000-again.out")"
expect_count "$WORK/many.idx" word77777 1

echo
printf '%-22s %10s %11s %11s %11s %11s\n' case wall user sys "peak RSS" bound
printf '%s\n' "${report[@]}"
if [ "$failures" -gt 0 ]; then
  echo "stress-inputs: $failures failure(s)"
  exit 1
fi
echo "stress-inputs: all cases passed"
