#!/usr/bin/env bash
# Browser tests of `gazette serve` (scripts/browser_tests.py): Debian's chromium and chromium-driver, installed here
# when missing, driven by Selenium from PyPI (venv in bench/.venv-serve), on the sample corpus. Screenshots go to
# bench/work/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
VENV=bench/.venv-serve
SELENIUM_VERSION=4.51.0
SHOTS=bench/work/browser

if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
    if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c "import selenium" 2> /dev/null || "$VENV/bin/pip" install -q "selenium==$SELENIUM_VERSION"

"$SWIFT" build --product gazette
BIN=$("$SWIFT" build --show-bin-path)/gazette
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$BIN" index corpus --index "$work/index" --quiet
mkdir -p "$SHOTS"
"$VENV/bin/python" scripts/browser_tests.py "$BIN" "$work/index" "$SHOTS"
