#!/usr/bin/env bash
# Builds the package and its tests with a sanitizer in a scratch folder of its own, then runs the whole suite
# under it. The CLI tests spawn the sanitized `gazette` too (GAZETTE_BIN), so its paths are checked as well.
#
#   scripts/sanitize.sh address    AddressSanitizer + LeakSanitizer, in .build-asan   (make sanitize-address)
#   scripts/sanitize.sh thread     ThreadSanitizer, in .build-tsan                    (make sanitize-thread)
#
# Reports go to files (log_path) rather than to stderr: a report from a `gazette` child whose exit status or
# stderr a test does not look at would otherwise go unseen. Any report file fails the run, whatever the tests
# said. Leaks proven to be the toolchain's own are suppressed in sanitizers/lsan.supp, each with its reason.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
KIND=${1:-}
case "$KIND" in
  address) SCRATCH=.build-asan; RUNTIME=__asan_init ;;
  thread)  SCRATCH=.build-tsan; RUNTIME=__tsan_init ;;
  *) echo "usage: scripts/sanitize.sh address|thread" >&2; exit 2 ;;
esac
REPORTS=$(mktemp -d /tmp/gazette-sanitize.XXXXXX)
trap 'rm -rf "$REPORTS"' EXIT

start=$(date +%s)
# gold warns ~400 times that it cannot export the ASan runtime's local __asan_report_* symbols: noise.
$SWIFT build --build-tests --sanitize="$KIND" --scratch-path "$SCRATCH" 2>&1 | grep -v "Cannot export local symbol"
built=$(date +%s)

export GAZETTE_BIN="$PWD/$SCRATCH/debug/gazette"
# A test run against an uninstrumented binary would pass without having checked the CLI.
if [ "$(nm "$GAZETTE_BIN" 2>/dev/null | grep -c " $RUNTIME\$")" = 0 ]; then
  echo "sanitize: $GAZETTE_BIN is not built with the $KIND sanitizer" >&2
  exit 1
fi
# Tests that run long CLI workloads may read this to scale them down (sanitized code runs 2-10x slower).
export GAZETTE_SANITIZER="$KIND"
export ASAN_OPTIONS="detect_leaks=1:log_path=$REPORTS/asan"
export LSAN_OPTIONS="suppressions=$PWD/sanitizers/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="log_path=$REPORTS/tsan:halt_on_error=0:second_deadlock_stack=1"

status=0
$SWIFT test --skip-build --sanitize="$KIND" --scratch-path "$SCRATCH" || status=$?
end=$(date +%s)

reports=$(find "$REPORTS" -type f -size +0 | sort)
if [ -n "$reports" ]; then
  for report in $reports; do
    echo "==== $(basename "$report") (the number is the reporting process's pid)"
    cat "$report"
  done
  echo "sanitize: $KIND sanitizer reported problems in $(echo "$reports" | wc -l) process(es); see above" >&2
  [ "$status" = 0 ] && status=1
fi
echo "sanitize $KIND: build $((built - start)) s, tests $((end - built)) s, exit status $status"
exit "$status"
