"""Gazette's and spaCy small's F1 against human gold annotations in CoNLL or WNUT column format.

    eval/.venv/bin/python eval/gold.py GOLD_FILE [--gazette BIN] [--json] [--errors N] [--scheme conll|wnut]
                                       [--no-spacy] [--floor TYPE=F1,...]

GOLD_FILE has one token per line, the entity tag in the last column (IOB1 or BIO2), a blank line between
sentences; `-DOCSTART-` lines, when there are any, start documents (CoNLL-2003), else each sentence is a
document (WNUT tweets). The text of each document is rebuilt from its tokens (one sentence per line, spaces
between tokens except before closing punctuation and clitics: "Japan 's" -> "Japan's"), written to
eval/work/gold-docs/<name>/, annotated by both recognisers, and scored with exact spans and types.

Type mapping (gold -> Gazette; types not listed are ignored, and so are Gazette's and spaCy's entities of
other types, such as NORP or DATE):
  CoNLL-2003: PER -> PERSON, ORG -> ORG, LOC -> PLACE; MISC ignored (it mixes nationalities, events, works).
  WNUT-16/17: person -> PERSON; company, sportsteam, corporation -> ORG; geo-loc, facility, location -> PLACE;
              musicartist, product, movie, tvshow, other, creative-work, group ignored.
"""

import argparse
import json
import os
import shutil
import sys

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, EVAL_DIR)
from common import (COMBINED, NAME_TYPES, WORK_DIR, Spacy, default_gazette, describe, die,  # noqa: E402
                    disagreements, format_table, info, run_gazette, score)

MAPPINGS = {
    "conll": {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"},
    "wnut": {"person": "PERSON", "company": "ORG", "sportsteam": "ORG", "corporation": "ORG",
             "geo-loc": "PLACE", "facility": "PLACE", "location": "PLACE"},
}

NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "%", ")", "]", "}", "'s", "'S", "'", "n't", "'re", "'ve", "'ll",
                   "'d", "'m", "...", "''"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#"}


def read_columns(path):
    """Returns [document], a document being [sentence], a sentence [(token, tag)]."""
    docs, doc, sentence, saw_docstart = [], [], [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if not cols:
                if sentence:
                    doc.append(sentence)
                    sentence = []
                continue
            if cols[0] == "-DOCSTART-":
                saw_docstart = True
                if sentence:
                    doc.append(sentence)
                    sentence = []
                if doc:
                    docs.append(doc)
                doc = []
                continue
            sentence.append((cols[0], cols[-1]))
    if sentence:
        doc.append(sentence)
    if doc:
        docs.append(doc)
    if not saw_docstart:  # tweets: one document each
        docs = [[s] for d in docs for s in d]
    return docs


def entities(tags):
    """[(first token, end token, type)] from IOB1 or BIO2 tags."""
    out, start, kind = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, t = tag.partition("-")
        if start is not None and (prefix in ("O", "B") or t != kind):
            out.append((start, i, kind))
            start = kind = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, t
    return out


def rebuild(doc, mapping):
    """Text of a document and its gold entities [(start, end, type, surface)] (Gazette's types only)."""
    text, gold, quote_open = "", [], False
    for sentence in doc:
        if text:
            text += "\n"
        offsets, glue = [], True  # glue: no space before the next token
        for token, _ in sentence:
            closing = token in NO_SPACE_BEFORE or (token == '"' and quote_open)
            if not glue and not closing:
                text += " "
            offsets.append((len(text), len(text) + len(token)))
            text += token
            glue = token in NO_SPACE_AFTER or (token == '"' and not quote_open)
            if token == '"':
                quote_open = not quote_open
        for first, end, kind in entities([tag for _, tag in sentence]):
            if kind in mapping:
                s, e = offsets[first][0], offsets[end - 1][1]
                gold.append((s, e, mapping[kind], text[s:e]))
    return text + "\n", gold


def guess_scheme(docs):
    kinds = {tag.partition("-")[2] for d in docs for s in d for _, tag in s} - {""}
    return "conll" if kinds & {"PER", "LOC", "MISC"} else "wnut"


def evaluate(path, gazette, spacy_model, scheme=None, errors=0):
    docs = read_columns(path)
    if not docs:
        die(f"no sentences in {path}")
    scheme = scheme or guess_scheme(docs)
    mapping = MAPPINGS[scheme]
    name = os.path.splitext(os.path.basename(path))[0]
    folder = os.path.join(WORK_DIR, "gold-docs", f"{os.path.basename(os.path.dirname(path))}-{name}")
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    gold, files = {}, []
    width = len(str(len(docs)))
    for i, doc in enumerate(docs, 1):
        text, ents = rebuild(doc, mapping)
        file = os.path.abspath(os.path.join(folder, f"{i:0{width}d}.txt"))
        with open(file, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        files.append(file)
        gold[file] = ents
    gdocs, gseconds = run_gazette(gazette, files)
    for file in files:
        if gdocs[file][0] != open(file, encoding="utf-8").read():
            die(f"gazette's text of {file} is not the file's text: offsets would not line up")
    texts = [gdocs[f][0] for f in files]
    predicted = {f: gdocs[f][1] for f in files}
    result = {
        "gold": os.path.abspath(path), "scheme": scheme, "mapping": mapping, "documents": len(files),
        "tokens": sum(len(s) for d in docs for s in d), "bytes": sum(len(t.encode("utf-8")) for t in texts),
        "gazette_seconds": round(gseconds, 3),
        "gazette": score(predicted, gold, NAME_TYPES),
    }
    if spacy_model is not None:
        seconds_before = spacy_model.seconds
        sdocs = dict(zip(files, spacy_model.annotate(texts)))
        result["spacy_seconds"] = round(spacy_model.seconds - seconds_before, 3)
        result["spacy"] = spacy_model.tag
        result["spacy_small"] = score(sdocs, gold, NAME_TYPES)
    if errors:
        result["errors"] = [{"count": n, "text": describe(kind, "gold")}
                            for kind, n in disagreements(predicted, gold, NAME_TYPES)[:errors]]
    return result


def print_result(name, result):
    print(f"{name}: {result['documents']} documents, {result['tokens']} tokens, gold "
          f"{result['gazette'][COMBINED]['reference']} PERSON/ORG/PLACE entities ({result['scheme']} mapping); "
          f"exact spans")
    rows = []
    with_spacy = "spacy_small" in result
    for t in list(NAME_TYPES) + [COMBINED]:
        g = result["gazette"][t]
        row = [t, g["reference"], f"{g['p']:.3f}", f"{g['r']:.3f}", f"{g['f1']:.3f}"]
        if with_spacy:
            s = result["spacy_small"][t]
            row += [f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f1']:.3f}"]
        rows.append(row)
    header = ["type", "gold", "gazette P", "R", "F1"] + (["spaCy sm P", "R", "F1"] if with_spacy else [])
    print(format_table(rows, header))
    if result.get("errors"):
        print("\nmost frequent errors of gazette:")
        for d in result["errors"]:
            print(f"  {d['count']:4d}×  {d['text']}")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+", help="a gold file in CoNLL or WNUT column format")
    parser.add_argument("--gazette", default=default_gazette(), help="gazette binary (default: $GAZETTE_BIN or "
                        ".build/release/gazette)")
    parser.add_argument("--scheme", choices=sorted(MAPPINGS), help="tag set (default: guessed from the tags)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list gazette's N most frequent "
                        "kinds of error")
    parser.add_argument("--no-spacy", action="store_true", help="score gazette alone (no spaCy needed)")
    parser.add_argument("--floor", default="", metavar="TYPE=F1,...", help="exit 1 when gazette's F1 of a type "
                        f"(PERSON, ORG, PLACE or {COMBINED}) is under its floor, e.g. PERSON=0.56,ORG=0.29")
    args = parser.parse_args()
    floors = {}
    for item in filter(None, args.floor.split(",")):
        kind, _, value = item.partition("=")
        if kind not in list(NAME_TYPES) + [COMBINED]:
            die(f"--floor: unknown type {kind!r}")
        try:
            floors[kind] = float(value)
        except ValueError:
            die(f"--floor: {item!r} is not TYPE=F1")
    nlp = None if args.no_spacy else Spacy()
    results = {}
    failures = []
    for path in args.gold:
        name = f"{os.path.basename(os.path.dirname(os.path.abspath(path)))}/{os.path.basename(path)}"
        info(f"{name}")
        results[name] = evaluate(path, args.gazette, nlp, args.scheme, args.errors)
        if not args.json:
            print_result(name, results[name])
        for kind, floor in floors.items():
            f1 = results[name]["gazette"][kind]["f1"]
            if f1 < floor:
                failures.append(f"{name}: {kind} F1 {f1:.3f} is under its floor {floor:.3f}")
    if args.json:
        json.dump(results, sys.stdout, indent=1, ensure_ascii=False)
        print()
    if floors:
        # The plain closing line CI reads: each floor is one check.
        checks = len(floors) * len(args.gold)
        for failure in failures:
            print(f"FAIL {failure}")
        print(f"gold floors: {checks - len(failures)} passed, {len(failures)} failed")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
