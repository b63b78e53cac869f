"""Writes what a Swift port must reproduce exactly, for a handful of texts: tokens (term, span, position, gap,
shape bits, word flags), shape classes, gazetteer marks, candidates, every feature (template, value, bucket),
the predicted tags and the entity spans, with the trained weights. For a stacked model (entities.json "stack")
also the rule-based recogniser's entities (byte spans, from rules.py) and each token's rule tag and rule span
length, the input of templates 33-42.

    train/.venv/bin/python train/export_fixtures.py [--model train/work/model] [FILE...]

Output: MODEL/fixtures.json. With no FILE, a built-in set of tricky sentences.
"""

import argparse
import json
import os

import numpy as np

import gztok
import model
import rules as rules_mod
from silver import char_to_byte

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))

TEXTS = [
    "Foreign Minister Sergei Lavrov’s talks with the U.S. delegation in Geneva ended on Monday.\n\n"
    "\"We are ready,\" Lavrov said. Qantas and National Australia Bank (NAB) shares rose 3.5% to $1,200.",
    "Mr. O'Reilly don't work at CONFIG_PCI_MSI or O_RDONLY. İstanbul, Zürich and São Paulo; naïve café.\n\n"
    "Michael Bloomberg met Yasser Arafat near Tora Bora — the Taliban's base — in al-Qaeda's Afghanistan.",
    "日本語のテキスト and Ελληνικά and Русский текст with Hangul 한국어 and a soft\u00adhyphen.\n\n"
    "Dr. J. R. R. Tolkien wrote for Oxford University Press & Co. in the United Kingdom.",
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(WORK, "model"))
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    texts = TEXTS + [open(p, encoding="utf-8").read() for p in args.files]
    W, rows, _ = model.read_weights(os.path.join(args.model, "entities.weights"))
    with open(os.path.join(args.model, "entities.json")) as f:
        spec = json.load(f)
    stack, lexical = spec.get("stack", False), spec.get("lexical", True)
    rules = rules_mod.Rules() if stack else None
    rule_ents = rules.annotate(texts) if stack else [None] * len(texts)
    mask = rows - 1
    lex = gztok.Lexicon()
    out = []
    for text, rents in zip(texts, rule_ents):
        b = text.encode("utf-8")
        blocks = gztok.plain_blocks(b)
        toks = gztok.tokens(b, blocks, lex)
        rp = rules_mod.project(b, toks, rents, char_to_byte(text)) if stack else None
        doc = model.Doc(b, toks, lex, rp, lexical)
        static, feats = {}, {}
        for i in range(len(toks)):
            if doc.cand[i]:
                fs = doc.static_features(i)
                static[i] = np.array([model.bucket(t, v, mask) for t, v in fs], dtype=np.int64)
                feats[i] = [[t, f"{v:016x}", int(model.bucket(t, v, mask))] for t, v in fs]
        tags = model.decode(doc, static, W, mask)
        out.append({
            "text": text, "blocks": blocks,
            "tokens": [{"term": t.term.decode("utf-8", "replace"), "start": t.start, "end": t.end,
                        "position": t.pos, "hash": f"{t.hash:016x}", "gap": gztok.GAP_NAMES[t.gap],
                        "shape": t.shape, "flags": f"{t.flags:09x}", "shape_class": doc.sc[i],
                        "gazetteer": doc.gaz[i], "candidate": doc.cand[i], "static_features": feats.get(i),
                        **({"rule_tag": doc.rtag[i], "rule_length": doc.rlen[i]} if stack else {}),
                        "tag": model.TAGS[tags[i]]} for i, t in enumerate(toks)],
            "entities": [[*model.byte_span(doc, f, l), k] for f, l, k in model.spans(doc, tags)],
            **({"rule_entities_bytes": [[c2b[s], c2b[e], k] for c2b in [char_to_byte(text)] for s, e, k in rents]}
               if stack else {}),
        })
    path = os.path.join(args.model, "fixtures.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
    print(f"export_fixtures: {len(out)} texts -> {path}")


if __name__ == "__main__":
    main()
