#!/usr/bin/env bash
# `make fuzz`: builds every fuzz target (Fuzz/build.sh), replays its regression inputs, then fuzzes it for
# FUZZ_SECONDS (default 60; 0 replays the seeds only) from its committed seeds plus the corpus earlier runs grew in .build-fuzz/corpus.
# Prints, per target, the executions run and the crashes found (a crash, a hang past the per-input timeout, a
# memory blow-up past the RSS limit or a broken invariant all count). Exit status 1 when any target found one.
# Usage: FUZZ_SECONDS=N Fuzz/run.sh [target...]
set -uo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(html text tokenizer query index)
SCRATCH=.build-fuzz
RSS_LIMIT_MB=${FUZZ_RSS_MB:-2048}
# A single input may take this long (seconds) before it counts as a hang.
TIMEOUT=${FUZZ_TIMEOUT:-10}

# Largest input per target: a few real pages; a few plain-text articles; a paragraph; a long query; the largest
# file of the sample index (its document store, ~27 KB) plus the selector byte.
max_len() {
    case $1 in
        html) echo 65536 ;;
        text) echo 32768 ;;
        tokenizer) echo 8192 ;;
        query) echo 2048 ;;
        index) echo 40000 ;;
    esac
}

Fuzz/build.sh "${TARGETS[@]}" || exit 2

# The Swift runtime's backtracer would attach to a crashing target and hang libFuzzer's own crash handling.
export SWIFT_BACKTRACE=enable=no
# Every run's sample indexes go here, and are removed after.
export TMPDIR="$PWD/$SCRATCH/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT
failed=0
summary=()
for target in "${TARGETS[@]}"; do
    binary="$SCRATCH/bin/fuzz-$target"
    corpus="$SCRATCH/corpus/$target"
    artifacts="$SCRATCH/artifacts/$target"
    log="$SCRATCH/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    options=(-timeout="$TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" -artifact_prefix="$artifacts/" -print_final_stats=1)
    dict=Fuzz/dictionaries/$target.dict
    [ "$target" = text ] && dict=Fuzz/dictionaries/html.dict
    [ -f "$dict" ] && options+=(-dict="$dict")

    # Every input that once crashed must now pass. Named one by one, they run whole, whatever -max_len says.
    if [ -d "Fuzz/regressions/$target" ] && [ -n "$(ls -A "Fuzz/regressions/$target")" ]; then
        if ! "$binary" "${options[@]}" "Fuzz/regressions/$target"/* >"$log.regressions" 2>&1; then
            echo "fuzz-$target: a regression input crashes again (see $log.regressions)"
            failed=1
        fi
    fi

    # FUZZ_SECONDS=0 (CI, `make fuzz-check`): every seed once, no fuzzing, so that the run is deterministic and
    # still shows that the targets build, their fixtures work and no seed or regression input crashes.
    if [ "$SECONDS_PER_TARGET" -eq 0 ]; then
        seeds=(Fuzz/seeds/"$target"/*)
        if ! "$binary" "${options[@]}" "${seeds[@]}" >"$log" 2>&1; then
            echo "fuzz-$target: a seed input crashes (see $log)"
            failed=1
        fi
        summary+=("$(printf '%-10s %5d seeds replayed' "$target" "${#seeds[@]}")")
        continue
    fi

    before=$(ls "$artifacts" | wc -l)
    echo "fuzzing $target for ${SECONDS_PER_TARGET}s (log: $log)"
    # The index target writes the files of its sample index into the corpus as seeds, in the current format.
    GAZETTE_FUZZ_SEEDS="$corpus" "$binary" "${options[@]}" -max_len="$(max_len "$target")" \
        -max_total_time="$SECONDS_PER_TARGET" \
        "$corpus" "Fuzz/seeds/$target" >"$log" 2>&1
    status=$?
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    new=$(( $(ls "$artifacts" | wc -l) - before ))
    if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
        failed=1
        grep -m1 -E "^==[0-9]+==ERROR|Fatal error|fuzz invariant broken|ALARM|out-of-memory|deadly signal" "$log" | sed 's/^/    /'
        ls -t "$artifacts" | head -n "$(( new > 0 ? new : 1 ))" | sed "s|^|    artifact: $artifacts/|"
    fi
    summary+=("$(printf '%-10s %12s executions %4d crashes' "$target" "${executions:-?}" "$new")")
done

echo
if [ "$SECONDS_PER_TARGET" -eq 0 ]; then echo "fuzz check (seeds and regressions replayed, no fuzzing):"
else echo "fuzz summary (${SECONDS_PER_TARGET}s per target):"; fi
printf '  %s\n' "${summary[@]}"
exit $failed
