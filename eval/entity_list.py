"""How right the corpus's entity list is: what `gazette entities` shows after indexing a whole corpus, against a
reference's names, per type.

    eval/.venv/bin/python eval/entity_list.py [--gazette BIN] [--wrong N] [--corpus NAME ...]

The other evaluations score the recogniser one document at a time (`gazette annotate`); this one scores what
a reader of an index sees, after the commit's corpus-wide resolution (types from evidence across documents,
lone surnames joined to full names, names left untyped). Each corpus is indexed into a temporary folder and its
PERSON, ORG and PLACE entities listed with `gazette entities --json`.

Scoring, per type T, names normalised (whitespace collapsed, a possessive "'s" dropped, case kept):
  precision  the share of Gazette's T entities whose name or one of its aliases the reference types T somewhere
             in the corpus: of the list a reader sees, how much is right. "weighted" counts each entity once per
             document that mentions it.
  recall     the share of the reference's distinct T names that are the name or an alias of a Gazette T entity.
The reference is human gold for CoNLL-2003 (valid: the set the rules are tuned on; test: held out) and spaCy
en_core_web_sm for the held-out Lee news, Wikipedia and Usenet corpora (eval/HELDOUT.md): agreement, not truth.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EVAL_DIR)
from common import NAME_TYPES, WORK_DIR, Spacy, default_gazette, die, format_table, info, list_text_files  # noqa: E402
import gold  # noqa: E402

CORPORA = {
    # name: (source, reference, role)
    "conll-valid": (os.path.join(WORK_DIR, "data", "conll2003", "valid.txt"), "gold", "tuning"),
    "conll-test": (os.path.join(WORK_DIR, "data", "conll2003", "test.txt"), "gold", "held out"),
    "lee": (os.path.join(WORK_DIR, "corpora", "lee"), "spacy", "held out"),
    "wiki": (os.path.join(WORK_DIR, "corpora", "wiki"), "spacy", "held out"),
    "newsgroup": (os.path.join(WORK_DIR, "corpora", "newsgroup"), "spacy", "held out"),
}

POSSESSIVE = re.compile(r"['’]s?$")


def normalize(name):
    return POSSESSIVE.sub("", " ".join(name.split()))


def gold_folder(path, scratch):
    """Writes the gold documents of a CoNLL file into scratch; returns (folder, {type: {names}})."""
    docs = gold.read_columns(path)
    mapping = gold.MAPPINGS[gold.guess_scheme(docs)]
    folder = os.path.join(scratch, "docs")
    os.makedirs(folder)
    names = {t: set() for t in NAME_TYPES}
    for i, doc in enumerate(docs, 1):
        text, ents = gold.rebuild(doc, mapping)
        with open(os.path.join(folder, f"{i:04d}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        for _, _, kind, surface in ents:
            names[kind].add(normalize(surface))
    return folder, names


def spacy_names(folder, nlp):
    names = {t: set() for t in NAME_TYPES}
    files = list_text_files(folder)
    texts = [open(f, encoding="utf-8").read() for f in files]
    for ents in nlp.annotate(texts):
        for _, _, kind, surface in ents:
            if kind in names:
                names[kind].add(normalize(surface))
    return names


def gazette_entities(binary, folder, index):
    subprocess.run([binary, "index", folder, "--index", index], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = subprocess.run([binary, "entities", "--index", index, "--json", "--limit", "1000000"]
                         + [a for t in NAME_TYPES for a in ("--type", t.lower())],
                         check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)["entities"]


def evaluate(binary, folder, reference, wrong):
    entities = gazette_entities(binary, folder, os.path.join(os.path.dirname(folder), "index"))
    result, errors = {}, {}
    for kind in NAME_TYPES:
        mine = [e for e in entities if e["type"] == kind]
        ref = reference[kind]
        right = [e for e in mine if any(normalize(n) in ref for n in [e["entity"]] + e.get("aliases", []))]
        found = set()
        for e in mine:
            found.update(normalize(n) for n in [e["entity"]] + e.get("aliases", []))
        docs = sum(e["documents"] for e in mine)
        result[kind] = {
            "entities": len(mine), "precision": round(len(right) / len(mine), 3) if mine else 0.0,
            "weighted": round(sum(e["documents"] for e in right) / docs, 3) if docs else 0.0,
            "reference": len(ref), "recall": round(len(ref & found) / len(ref), 3) if ref else 0.0,
        }
        if wrong:
            ok = {id(e) for e in right}
            errors[kind] = [(e["entity"], e["documents"]) for e in mine if id(e) not in ok][:wrong]
    return result, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gazette", default=default_gazette())
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="default: all")
    parser.add_argument("--wrong", type=int, default=0, help="list the N most-named entities the reference does not type so")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    nlp = None
    rows, results = [], {}
    for name in args.corpus or list(CORPORA):
        source, reference_kind, role = CORPORA[name]
        if not os.path.exists(source):
            die(f"{source} is missing: run `bash eval/fetch.sh` first")
        with tempfile.TemporaryDirectory(prefix="gazette-entity-list-") as scratch:
            if reference_kind == "gold":
                folder, reference = gold_folder(source, scratch)
            else:
                nlp = nlp or Spacy()
                folder, reference = source, spacy_names(source, nlp)
                link = os.path.join(scratch, "docs")
                os.symlink(os.path.abspath(source), link)
                folder = link
            info(f"{name}: indexing {folder}")
            result, errors = evaluate(args.gazette, folder, reference, args.wrong)
        results[name] = result
        for kind in NAME_TYPES:
            r = result[kind]
            rows.append([f"{name} ({role}, {reference_kind})", kind, r["entities"], f"{r['precision']:.3f}",
                         f"{r['weighted']:.3f}", r["reference"], f"{r['recall']:.3f}"])
        for kind, items in errors.items():
            if items:
                print(f"{name} {kind} not so in the reference: " + "; ".join(f"{n} ({d})" for n, d in items))
    print(format_table(rows, ["corpus", "type", "entities", "precision", "weighted", "reference", "recall"]))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
