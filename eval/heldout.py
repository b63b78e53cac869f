"""The held-out entity evaluation in one table (`make eval-entities-heldout`; run eval/fetch.sh first).

    eval/.venv/bin/python eval/heldout.py [--gazette BIN] [--json FILE] [--disagreements N]

Agreement with spaCy small (eval/agreement.py) on text nobody here wrote or tuned on — the Lee ABC news
corpus, the gensim Wikipedia sample and the 20 Newsgroups sample (post bodies; and whole posts, header lines
included, as the issue's first measurement had them) — and F1 against human gold
(eval/gold.py) on the CoNLL-2003 English test set, for Gazette and for spaCy small. Exact spans; F1 per type,
P/R/F1 for PERSON+ORG+PLACE. Corpora that eval/fetch.sh has not made are skipped with a note.
--json FILE also writes every figure there (default eval/work/heldout.json).
"""

import argparse
import json
import os
import sys
import time

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EVAL_DIR)
import agreement  # noqa: E402
import gold  # noqa: E402
from common import COMBINED, WORK_DIR, Spacy, default_gazette, format_table, info  # noqa: E402

AGREEMENT_CORPORA = [("Lee ABC news", "corpora/lee"), ("Wikipedia sample", "corpora/wiki"),
                     ("Usenet sample", "corpora/newsgroup"), ("Usenet, headers kept", "corpora/newsgroup-headers")]
GOLD_SETS = [("CoNLL-2003 test", "data/conll2003/test.txt")]


def cells(m):
    return [f"{m['PERSON']['f1']:.3f}", f"{m['ORG']['f1']:.3f}", f"{m['PLACE']['f1']:.3f}",
            f"{m['NORP']['f1']:.3f}" if "NORP" in m else "", f"{m[COMBINED]['p']:.3f}", f"{m[COMBINED]['r']:.3f}",
            f"{m[COMBINED]['f1']:.3f}"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gazette", default=default_gazette())
    parser.add_argument("--json", default=os.path.join(WORK_DIR, "heldout.json"), metavar="FILE")
    parser.add_argument("--disagreements", type=int, default=0, metavar="N",
                        help="also list the N most frequent disagreements on each corpus and errors on each gold set")
    args = parser.parse_args()

    started = time.perf_counter()
    nlp = Spacy()
    results = {"gazette": os.path.abspath(args.gazette), "spacy": nlp.tag, "agreement": {}, "gold": {}}
    rows, notes = [], []
    for name, rel in AGREEMENT_CORPORA:
        path = os.path.join(WORK_DIR, rel)
        if not os.path.isdir(path):
            notes.append(f"{name}: skipped, no {path} (run eval/fetch.sh)")
            continue
        info(name)
        r = agreement.evaluate(agreement.corpus_files(path), args.gazette, nlp, args.disagreements)
        results["agreement"][name] = r
        rows.append([f"{name} ({r['documents']} docs, {r['bytes'] / 1000:.0f} kB)", "agreement with spaCy sm"]
                    + cells(r["types"]))
    for name, rel in GOLD_SETS:
        path = os.path.join(WORK_DIR, rel)
        if not os.path.isfile(path):
            notes.append(f"{name}: skipped, no {path} (run eval/fetch.sh)")
            continue
        info(name)
        r = gold.evaluate(path, args.gazette, nlp, None, args.disagreements)
        results["gold"][name] = r
        label = f"{name} ({r['documents']} docs, {r['gazette'][COMBINED]['reference']} entities)"
        rows.append([label, "gold: gazette"] + cells(r["gazette"]))
        rows.append(["", "gold: spaCy sm"] + cells(r["spacy_small"]))

    print("Held-out entity evaluation: exact spans; F1 per type, then P/R/F1 of PERSON+ORG+PLACE")
    print(f"gazette: {args.gazette}; reference/comparison: {nlp.tag}")
    print(format_table(rows, ["corpus", "against", "PERSON", "ORG", "PLACE", "NORP", "P", "R", "F1"]))
    gsec = sum(r["gazette_seconds"] for r in results["agreement"].values()) + \
        sum(r["gazette_seconds"] for r in results["gold"].values())
    gbytes = sum(r["bytes"] for r in results["agreement"].values()) + sum(r["bytes"] for r in results["gold"].values())
    line = f"gazette annotate: {gbytes / 1e6:.2f} MB in {gsec:.1f} s"
    if nlp.chars:
        line += f"; spaCy (ner only, uncached): {nlp.chars / 1e6:.2f} M characters in {nlp.seconds:.0f} s"
    line += f"; spaCy cache hits: {nlp.cached}; total {time.perf_counter() - started:.0f} s"
    print(line)
    for note in notes:
        print(note)
    if args.disagreements:
        for name, r in results["agreement"].items():
            print(f"\n{name}: most frequent disagreements with spaCy")
            for d in r["disagreements"]:
                print(f"  {d['count']:4d}×  {d['text']}")
        for name, r in results["gold"].items():
            print(f"\n{name}: most frequent errors of gazette against gold")
            for d in r["errors"]:
                print(f"  {d['count']:4d}×  {d['text']}")
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
