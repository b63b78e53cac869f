"""Agreement of Gazette's entities with spaCy's small English model on a corpus, exact spans.

    eval/.venv/bin/python eval/agreement.py CORPUS... [--gazette BIN] [--json] [--disagreements N]

CORPUS is a folder of .txt/.md files (one document each), a single such file, or a .cor file (one document per
line; split into eval/work/split/<name>/ first). spaCy is the reference: precision is the share of Gazette's
entities that spaCy has with the same span and type, recall the share of spaCy's that Gazette has. Types:
PERSON, ORG, PLACE (spaCy GPE + LOC + FAC), NORP, and PERSON+ORG+PLACE together.

--disagreements N lists the N most frequent kinds of disagreement: the clusters of overlapping entities that
do not match exactly, with gazette's side and spaCy's side, e.g. '"Qantas": gazette PERSON, spaCy ORG  x42'.
spaCy's other labels (EVENT, PRODUCT, WORK_OF_ART...) appear there under their own names but are never scored.
"""

import argparse
import json
import os
import sys

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EVAL_DIR)
from common import (AGREEMENT_TYPES, COMBINED, WORK_DIR, Spacy, default_gazette, describe, die,  # noqa: E402
                    disagreements, format_table, info, list_text_files, run_gazette, score)


def corpus_files(path):
    """The document files of a corpus argument (see the module doc)."""
    if os.path.isdir(path):
        files = list_text_files(path)
    elif path.endswith(".cor"):
        name = os.path.splitext(os.path.basename(path))[0]
        folder = os.path.join(WORK_DIR, "split", name)
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            raw = f.read()
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError:  # lee.cor is Latin-1
            with open(path, encoding="latin-1") as f:
                raw = f.read()
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        os.makedirs(folder, exist_ok=True)
        files = []
        for i, line in enumerate(lines, 1):
            file = os.path.join(folder, f"{name}-{i:04d}.txt")
            if not os.path.exists(file) or open(file, encoding="utf-8").read() != line + "\n":
                with open(file, "w", encoding="utf-8") as f:
                    f.write(line + "\n")
            files.append(file)
    elif os.path.isfile(path):
        files = [path]
    else:
        die(f"no corpus at {path}")
    if not files:
        die(f"no .txt/.md files in {path}")
    return files


def evaluate(files, gazette, spacy_model, top=0):
    """Runs both recognisers over the files; returns the result as a dict (see --json)."""
    gdocs, gseconds = run_gazette(gazette, files)
    paths = sorted(gdocs)
    texts = [gdocs[p][0] for p in paths]
    before, seconds_before = spacy_model.chars, spacy_model.seconds
    sdocs = dict(zip(paths, spacy_model.annotate(texts)))
    predicted = {p: gdocs[p][1] for p in paths}
    chars = sum(len(t) for t in texts)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    result = {
        "documents": len(paths), "characters": chars, "bytes": nbytes,
        "gazette_seconds": round(gseconds, 3),
        "spacy_seconds": round(spacy_model.seconds - seconds_before, 3),
        "spacy_uncached_characters": spacy_model.chars - before,
        "spacy": spacy_model.tag,
        "types": score(predicted, sdocs, AGREEMENT_TYPES),
    }
    if top:
        result["disagreements"] = [{"count": n, "gazette": [list(x) for x in kind[0]],
                                    "spacy": [list(x) for x in kind[1]], "text": describe(kind)}
                                   for kind, n in disagreements(predicted, sdocs)[:top]]
    return result


def print_result(name, result):
    print(f"{name}: {result['documents']} documents, {result['bytes'] / 1000:.0f} kB; agreement with "
          f"{result['spacy']} (reference), exact spans")
    rows = []
    for t in list(AGREEMENT_TYPES) + [COMBINED]:
        m = result["types"][t]
        rows.append([t, m["reference"], m["predicted"], f"{m['p']:.3f}", f"{m['r']:.3f}", f"{m['f1']:.3f}"])
    print(format_table(rows, ["type", "spaCy", "gazette", "P", "R", "F1"]))
    mbs = result["bytes"] / 1e6 / result["gazette_seconds"] if result["gazette_seconds"] else 0
    line = f"gazette annotate: {result['gazette_seconds']:.2f} s ({mbs:.2f} MB/s, one process, load included)"
    if result["spacy_uncached_characters"]:
        line += f"; spaCy (uncached part): {result['spacy_seconds']:.1f} s"
    print(line)
    if result.get("disagreements"):
        print(f"\nmost frequent disagreements:")
        for d in result["disagreements"]:
            print(f"  {d['count']:4d}×  {d['text']}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="folder of .txt/.md files, a file, or a .cor file")
    parser.add_argument("--gazette", default=default_gazette(), help="gazette binary (default: $GAZETTE_BIN or "
                        ".build/release/gazette)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--disagreements", type=int, default=0, metavar="N", help="list the N most frequent "
                        "kinds of disagreement")
    parser.add_argument("--together", action="store_true", help="score all the arguments as one corpus")
    args = parser.parse_args()

    nlp = Spacy()
    groups = ([("+".join(os.path.basename(os.path.normpath(c)) for c in args.corpus),
                [f for c in args.corpus for f in corpus_files(c)])] if args.together else
              [(os.path.basename(os.path.normpath(c)), corpus_files(c)) for c in args.corpus])
    results = {}
    for name, files in groups:
        info(f"{name}: {len(files)} documents")
        results[name] = evaluate(files, args.gazette, nlp, args.disagreements)
        if not args.json:
            print_result(name, results[name])
    if args.json:
        json.dump(results, sys.stdout, indent=1, ensure_ascii=False)
        print()


if __name__ == "__main__":
    main()
