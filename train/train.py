"""Trains Gazette's learned entity recogniser: an averaged perceptron over hashed token features, greedy left
to right with the two previous tags as features, on spaCy small's silver labels of work/docs.jsonl.

    bash train/fetch.sh
    train/.venv/bin/python train/train.py [--epochs 6] [--rows-log2 18] [--bits 8] [--out train/work/model]

Writes OUT/entities.weights (README.md, "Weights file"), OUT/entities.json (feature spec, hashing constants,
training statistics) and OUT/silver-dev.json (the held-out silver split's ids). Deterministic: fixed document
order, a fixed-seed shuffle per epoch, integer weights; two runs give byte-identical files.
"""

import argparse
import hashlib
import json
import os
import random
import sys
import time

import numpy as np

import gztok
import model
import rules as rules_mod
from silver import DEFAULT_SOURCES, Teacher, char_to_byte, projected

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))


def info(msg):
    print(f"train: {msg}", file=sys.stderr, flush=True)


def is_dev(doc_id):
    """The held-out silver split: 1 document in 20, by a hash of its id."""
    return hashlib.sha256(doc_id.encode()).digest()[0] % 20 == 0


def prepare(docs, teacher, lex, mask, allow_partial=False, rules=None, rstats=None, lexical=True):
    """Tokenises, projects the silver labels, computes static feature buckets. Returns [(id, Doc, gold tag
    indices, {i: buckets})] and projection statistics. rules: a rules.Rules for stacking (its output per
    document is projected onto the tokens, rstats counting the alignment), or None."""
    out, stats = [], {"kept": 0, "dropped": 0, "tokens": 0, "candidates": 0, "entity_tokens": 0,
                      "entity_tokens_not_candidate": 0, "entities_lost_to_gating": 0, "documents": 0,
                      "unlabelled_documents": 0, "dropped_examples": []}
    if rules is not None:
        rule_ents = dict(zip((d["id"] for d in docs), rules.annotate([d["text"] for d in docs])))
    for d in docs:
        ents = teacher.cached(d["text"])
        if ents is None:
            if not allow_partial:
                raise SystemExit(f"train: no spaCy labels for {d['id']}: run train/silver.py first")
            stats["unlabelled_documents"] += 1
            continue
        b = d["text"].encode("utf-8")
        toks = gztok.tokens(b, gztok.plain_blocks(b), lex)
        c2b = char_to_byte(d["text"])
        tags, kept, dropped, ex = projected(b, toks, ents, c2b)
        rp = rules_mod.project(b, toks, rule_ents[d["id"]], c2b, rstats) if rules is not None else None
        doc = model.Doc(b, toks, lex, rp, lexical)
        gold = [model.TAG_INDEX[t] for t in tags]
        lost_entity = False
        for i, g in enumerate(gold):
            if g:
                stats["entity_tokens"] += 1
                if not doc.cand[i]:
                    stats["entity_tokens_not_candidate"] += 1
                    lost_entity = True
        # Tokens the model never sees are O; an entity with such a token is counted once per document here.
        stats["entities_lost_to_gating"] += 1 if lost_entity else 0
        static, lexmask = {}, {}
        for i in range(len(toks)):
            if doc.cand[i]:
                feats = doc.static_features(i)
                static[i] = np.array([model.bucket(t, v, mask) for t, v in feats], dtype=np.int64)
                lexmask[i] = np.array([t in model.LEXICAL_TEMPLATES for t, _ in feats], dtype=bool)
        stats["kept"] += kept
        stats["dropped"] += dropped
        stats["tokens"] += len(toks)
        stats["candidates"] += len(static)
        stats["documents"] += 1
        if len(stats["dropped_examples"]) < 30:
            stats["dropped_examples"] += ex[:2]
        out.append((d["id"], doc, gold, static, lexmask))
    return out, stats


def train(data, rows, epochs, seed, lexical_dropout=0):
    """lexical_dropout: percentage of candidate tokens (drawn per epoch from random.Random(seed + epoch) after
    the shuffle) trained without their word-identity features (model.LEXICAL_TEMPLATES), so that the weights
    of the other features, the rules' among them, are learned as if the word were unknown. Training only:
    inference uses every feature."""
    W = np.zeros((rows, model.NTAGS), dtype=np.int64)
    U = np.zeros((rows, model.NTAGS), dtype=np.int64)  # sum of c * delta, for averaging
    c = 1
    mask = rows - 1
    order = list(range(len(data)))
    for epoch in range(epochs):
        rng = random.Random(seed + epoch)
        rng.shuffle(order)
        errors = seen = 0
        started = time.perf_counter()
        for di in order:
            _, doc, gold, static, lexical = data[di]
            p1 = p2 = 0
            for i in range(len(doc.toks)):
                if not doc.cand[i]:
                    pred = 0
                else:
                    dyn = model.dynamic_buckets(doc, i, p1, p2, mask)
                    if lexical_dropout and rng.randrange(100) < lexical_dropout:
                        del dyn[2]  # tag-1+w0
                        b = np.concatenate((static[i][~lexical[i]], np.array(dyn, dtype=np.int64)))
                    else:
                        b = np.concatenate((static[i], np.array(dyn, dtype=np.int64)))
                    scores = W[b].sum(axis=0)
                    scores = np.where(model.ALLOWED[p1], scores, model.NEG)
                    if doc.toks[i].gap == gztok.G_BLOCK:
                        scores = np.where(model.ALLOWED[0], scores, model.NEG)
                    pred = int(np.argmax(scores))
                    g = gold[i]
                    if pred != g:
                        np.add.at(W[:, g], b, 1)
                        np.add.at(W[:, pred], b, -1)
                        np.add.at(U[:, g], b, c)
                        np.add.at(U[:, pred], b, -c)
                        errors += 1
                    seen += 1
                    c += 1
                p2, p1 = p1, pred
        info(f"epoch {epoch + 1}/{epochs}: {errors} errors in {seen} candidate tokens "
             f"({errors / max(seen, 1):.4f}), {time.perf_counter() - started:.0f} s")
    avg = W.astype(np.float64) - U.astype(np.float64) / c
    return avg


def quantise(avg, bits):
    qmax = 127 if bits == 8 else 32767
    m = float(np.abs(avg).max()) or 1.0
    scale = qmax / m
    Q = np.clip(np.rint(avg * scale), -qmax, qmax).astype(np.int64)
    return Q, scale


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--rows-log2", type=int, default=17)
    ap.add_argument("--bits", type=int, choices=(8, 16), default=16)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--out", default=os.path.join(WORK, "model"))
    ap.add_argument("--sources", default=DEFAULT_SOURCES,
                    help="comma-separated sources of work/docs.jsonl to train on")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N documents (quick runs)")
    ap.add_argument("--allow-partial", action="store_true", help="skip documents spaCy has not labelled yet")
    ap.add_argument("--lexical-dropout", type=int, default=0, metavar="PERCENT",
                    help="train this share of candidate tokens without their word-identity features")
    ap.add_argument("--no-lexical", action="store_true",
                    help="a model without the word-identity templates (model.LEXICAL_TEMPLATES, tag-1+w0)")
    ap.add_argument("--stack", action="store_true",
                    help="stacking: the rule-based recogniser's output as features (rules.py, templates 33-42)")
    args = ap.parse_args()
    rows = 1 << args.rows_log2
    mask = rows - 1
    with open(os.path.join(WORK, "docs.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    wanted = set(args.sources.split(","))
    docs = [d for d in docs if d["source"] in wanted]
    if args.limit:
        docs = docs[:args.limit]
    lex = gztok.Lexicon()
    teacher = Teacher()
    started = time.perf_counter()
    train_docs = [d for d in docs if not is_dev(d["id"])]
    dev_docs = [d for d in docs if is_dev(d["id"])]
    rules = rules_mod.Rules() if args.stack else None
    rstats = rules_mod.Projection()
    data, stats = prepare(train_docs, teacher, lex, mask, args.allow_partial, rules, rstats, not args.no_lexical)
    if rules is not None:
        info(f"rules ({rules.binary}, sha256 {rules.binary_sha[:12]}): {rstats.as_dict()}")
    info(f"{stats['documents']} training documents, {stats['tokens']:,} tokens, {stats['candidates']:,} candidates "
         f"({stats['candidates'] / max(stats['tokens'], 1):.3f}); spaCy entities kept {stats['kept']:,}, dropped "
         f"{stats['dropped']:,} (boundaries off Gazette's tokens); entity tokens outside the candidates "
         f"{stats['entity_tokens_not_candidate']:,} of {stats['entity_tokens']:,} "
         f"({time.perf_counter() - started:.0f} s)")
    avg = train(data, rows, args.epochs, args.seed, args.lexical_dropout)
    Q, scale = quantise(avg, args.bits)
    os.makedirs(args.out, exist_ok=True)
    wpath = os.path.join(args.out, "entities.weights")
    model.write_weights(wpath, Q, rows, scale, args.bits)
    sha = hashlib.sha256(open(wpath, "rb").read()).hexdigest()
    spec = {
        "format": "GZNERW01", "weights": "entities.weights", "weights_sha256": sha,
        "rows": rows, "tags": model.TAGS, "bytes_per_weight": args.bits // 8, "scale": scale,
        "hash": {"term": "TermHash.hash: FNV-1a 64 (offset 0xcbf29ce484222325, prime 0x100000001b3) over the "
                         "folded term's UTF-8, then mix (splitmix64 finaliser, 0 -> 1)",
                 "combine": "combine(h, v) = mix((h * 0x9e3779b97f4a7c15) ^ v) (TermHash.combine)",
                 "bucket": "combine(template, value) & (rows - 1)"},
        "templates": {name: k + 1 for k, name in enumerate(model.TEMPLATE_NAMES
                                                           + (model.STACK_TEMPLATE_NAMES if args.stack else []))},
        "stack": bool(args.stack),
        "lexical": not args.no_lexical,
        "rules": ({"binary": rules.binary, "binary_sha256": rules.binary_sha, "projection": rstats.as_dict(),
                   "rtag": "rtype << 2 | first | last << 1; rtype " + ", ".join(
                       f"{k} {n}" for k, n in enumerate(rules_mod.RTYPE_NAMES)),
                   "outside": model.R_OUTSIDE} if rules is not None else None),
        "outside_value": model.OUTSIDE,
        "shape_classes": ["lower", "Cap", "ALLCAPS", "miXed", "Initial", "digits", "alnum", "other", "none"],
        "flag_features": {n: gztok.F[n].bit_length() - 1 for n in model.FLAG_FEATURES},
        "gaps": gztok.GAP_NAMES,
        "training": {"sources": sorted(wanted), "epochs": args.epochs, "seed": args.seed,
                     "lexical_dropout_percent": args.lexical_dropout, "documents": stats["documents"],
                     "tokens": stats["tokens"], "candidates": stats["candidates"],
                     "spacy_entities_kept": stats["kept"], "spacy_entities_dropped": stats["dropped"],
                     "entity_tokens": stats["entity_tokens"],
                     "entity_tokens_not_candidate": stats["entity_tokens_not_candidate"],
                     "dropped_examples": stats["dropped_examples"], "teacher": teacher.tag,
                     "docs_jsonl_sha256": hashlib.sha256(
                         open(os.path.join(WORK, "docs.jsonl"), "rb").read()).hexdigest(),
                     "nonzero_weights": int(np.count_nonzero(Q))},
    }
    with open(os.path.join(args.out, "entities.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(args.out, "silver-dev.json"), "w", encoding="utf-8") as f:
        json.dump(sorted(d["id"] for d in dev_docs), f)
    info(f"wrote {wpath} ({os.path.getsize(wpath):,} bytes, sha256 {sha}); "
         f"{int(np.count_nonzero(Q)):,} non-zero weights; {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
