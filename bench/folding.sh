#!/usr/bin/env bash
# Accent-folding check: Gazette's match counts against SQLite FTS5 (unicode61 remove_diacritics 2) on a held-out
# multilingual corpus, the Debian package debian-handbook (HTML in ~25 languages).
#
#   bash bench/folding.sh [GAZETTE_BIN]        (default ./.build/release/gazette; nothing is built here)
#
# Downloads and unpacks the package once (bench/work/debs, bench/work/extract; git-ignored), then runs
# bench/folding_check.py, which prints a Markdown table and writes bench/work/folding-check.md and
# bench/work/folding-disagreements.txt.
#
# Environment: FOLDING_PER_CLASS (queries per class and language, default 40), FOLDING_MAX_PAGES (pages per
# language, a seeded sample above it; default 150, i.e. every page of the handbook), PYTHON (default python3).
set -Eeuo pipefail

main() {

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK="$BENCH_DIR/work"
PKG=debian-handbook
PYTHON="${PYTHON:-python3}"
GAZETTE="${1:-$REPO_DIR/.build/release/gazette}"
START_SECONDS=$SECONDS

die() { printf 'folding: error: %s\n' "$*" >&2; exit 1; }
trap 'printf "folding: failed at bench/folding.sh line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

[ -x "$GAZETTE" ] || die "no gazette binary at $GAZETTE (make build, or pass one: bash bench/folding.sh PATH)"
GAZETTE="$(cd "$(dirname "$GAZETTE")" && pwd)/$(basename "$GAZETTE")"
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (set PYTHON=...)"
"$PYTHON" -c 'import sqlite3; c = sqlite3.connect(":memory:"); c.execute("CREATE VIRTUAL TABLE t USING fts5(x)")' \
    2>/dev/null || die "$PYTHON's sqlite3 has no FTS5"
command -v dpkg-deb >/dev/null || die "dpkg-deb not found (a Debian or Ubuntu machine is needed for the corpus)"
mkdir -p "$WORK/debs" "$WORK/extract"

# The corpus: the .deb (cached in work/debs), unpacked once per version (work/extract/debian-handbook).
deb="$(ls "$WORK/debs/${PKG}"_*.deb 2>/dev/null | head -n 1 || true)"
if [ -z "$deb" ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    if ! apt-cache show "$PKG" >/dev/null 2>&1; then
        echo "apt-get update (package lists do not know $PKG yet)" >&2
        $SUDO apt-get update -qq || die "apt-get update failed: no network to the Debian mirror? The corpus needs it once."
    fi
    apt-cache show "$PKG" >/dev/null 2>&1 || die "Debian has no package $PKG here (apt-cache show $PKG)"
    echo "apt-get download $PKG" >&2
    (cd "$WORK/debs" && apt-get download -q "$PKG" 2>&1 | grep -v 'couldn.t be accessed by user ._apt.' >&2) || true
    deb="$(ls "$WORK/debs/${PKG}"_*.deb 2>/dev/null | head -n 1 || true)"
    [ -n "$deb" ] || die "apt-get download $PKG failed (no network to the Debian mirror?); it is cached in $WORK/debs afterwards"
fi
version="$(dpkg-deb -f "$deb" Version)"
if [ ! -f "$WORK/extract/$PKG/.done" ] || [ "$(cat "$WORK/extract/$PKG/.done")" != "$version" ]; then
    echo "dpkg-deb -x $(basename "$deb")" >&2
    rm -rf "$WORK/extract/$PKG"
    mkdir -p "$WORK/extract/$PKG"
    dpkg-deb -x "$deb" "$WORK/extract/$PKG" || die "dpkg-deb -x $deb failed"
    echo "$version" > "$WORK/extract/$PKG/.done"
fi
HTML="$WORK/extract/$PKG/usr/share/doc/$PKG/html"
[ -d "$HTML" ] || die "no $HTML in $(basename "$deb")"

"$PYTHON" "$BENCH_DIR/folding_check.py" "$HTML" "$GAZETTE" --package "$PKG $version" \
    --per-class "${FOLDING_PER_CLASS:-40}" --max-pages "${FOLDING_MAX_PAGES:-150}"
echo "folding: done in $((SECONDS - START_SECONDS)) s" >&2
}

main "$@"
