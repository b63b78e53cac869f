#!/usr/bin/env bash
# Schemathesis (PyPI) against a running `gazette serve`: every operation of /api/openapi.json with inputs generated
# from the schema, valid and invalid, checked for undocumented status codes, responses that do not match their
# schema, server errors, and methods other than GET answered with anything but 405. The check that every
# schema-valid request is accepted is left out: `q` is a query in Gazette's language, which a JSON schema cannot
# describe, and a string the grammar refuses ("\u0018", an unclosed quote) rightly gets a 400 with its column.
# The index is the sample corpus, built into a temporary folder; the venv is kept in bench/.venv-serve.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
VENV=bench/.venv-serve
SCHEMATHESIS_VERSION=4.32.5
EXAMPLES=${EXAMPLES:-40}

"$SWIFT" build --product gazette
BIN=$("$SWIFT" build --show-bin-path)/gazette
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
"$BIN" index corpus --index "$work/index" --quiet
"$BIN" serve --index "$work/index" --port 0 > "$work/out" 2> "$work/err" &
pid=$!
url=
for _ in $(seq 200); do
    url=$(sed -n 's/^gazette: serving .* at \(http:[^ ]*\)$/\1/p' "$work/out" | head -1)
    [ -n "$url" ] && break
    sleep 0.05
done
[ -n "$url" ] || { echo "gazette serve did not start: $(cat "$work/err")" >&2; exit 1; }
echo "schemathesis $SCHEMATHESIS_VERSION against ${url}api/openapi.json"
"$VENV/bin/schemathesis" run "${url}api/openapi.json" --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$EXAMPLES" \
    --suppress-health-check all --no-color
