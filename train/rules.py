"""The rule-based recogniser's output as model input (stacking): `gazette annotate --json` over each text,
cached on disk by SHA-256 of the text, and its spans projected onto Gazette's tokens (gztok).

    train/.venv/bin/python train/rules.py [--sources S] [--binary /tmp/gz-rules]   # fills the cache

The binary is GAZETTE_RULES (default /tmp/gz-rules: a copy of .build/release/gazette, so that a rebuild of the
tree does not change the features under a running experiment). The cache is
work/rules-cache/<sha256 of the binary, 12 hex>/<sha256[:2]>/<sha256>.json, each [[start, end, type], ...]
in Unicode scalar offsets of the text (as annotate prints them). Texts are written as .txt files (plain-text
extraction, so that gazette's blocks are gztok.plain_blocks') and annotated 256 files per process.

Per token the projection gives a rule tag (README.md, "Stacking"):
    rtag = rtype << 2 | first | last << 1
rtype: 0 none, 1 PERSON, 2 ORG, 3 PLACE, 4 NORP, 5 any other type (DATE, MONEY, ...); first = 1 on the first
token of the rule's span, last = 1 on its last token (a one-token span has both). A rule span covers the
tokens that overlap it; it is aligned when it starts at its first token's start and ends at its last token's
end, or before that token's possessive ('s, ’s, ʼs), or one "." after it (Gazette's span conventions).
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile

from silver import TextCache

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))
BINARY = os.environ.get("GAZETTE_RULES", "/tmp/gz-rules")
RTYPE = {"PERSON": 1, "ORG": 2, "PLACE": 3, "NORP": 4}
RTYPE_OTHER = 5
RTYPE_NAMES = ["none", "PERSON", "ORG", "PLACE", "NORP", "other"]
CHUNK = 256


class Rules(TextCache):
    def __init__(self, binary=BINARY):
        if not os.access(binary, os.X_OK):
            raise SystemExit(f"rules: no gazette binary at {binary} (cp .build/release/gazette /tmp/gz-rules, "
                             "or GAZETTE_RULES=path)")
        self.binary = binary
        with open(binary, "rb") as f:
            self.binary_sha = hashlib.sha256(f.read()).hexdigest()
        self.cache = os.path.join(WORK, "rules-cache", self.binary_sha[:12])
        self.seconds = 0.0
        self.annotated = 0
        self.text_mismatches = 0

    def annotate(self, texts):
        """[(start, end, type)] per text (Unicode scalar offsets), from the cache or from the binary."""
        import time
        out = [self.cached(t) for t in texts]
        todo = {}
        for i, r in enumerate(out):
            if r is None:
                todo.setdefault(hashlib.sha256(texts[i].encode("utf-8")).hexdigest(), []).append(i)
        if not todo:
            return out
        started = time.perf_counter()
        digests = sorted(todo)
        with tempfile.TemporaryDirectory(prefix="gz-rules-", dir=WORK) as tmp:
            for k in range(0, len(digests), CHUNK):
                files = {}
                for d in digests[k:k + CHUNK]:
                    p = os.path.join(tmp, d + ".txt")
                    with open(p, "w", encoding="utf-8", newline="") as f:
                        f.write(texts[todo[d][0]])
                    files[p] = d
                res = subprocess.run([self.binary, "annotate", "--json", *files], check=True,
                                     stdout=subprocess.PIPE).stdout
                for line in res.decode("utf-8").splitlines():
                    if not line.strip():
                        continue
                    obj = json.loads(line)
                    d = files.pop(obj["path"])
                    text = texts[todo[d][0]]
                    if obj["text"] != text:
                        self.text_mismatches += 1
                        raise SystemExit(f"rules: gazette's text of {d} is not the text given: offsets would "
                                         "not line up")
                    ents = [(e["start"], e["end"], e["type"]) for e in obj["entities"]]
                    cp = self._path(text)
                    os.makedirs(os.path.dirname(cp), exist_ok=True)
                    with open(cp + ".tmp", "w", encoding="utf-8") as f:
                        json.dump(ents, f)
                    os.replace(cp + ".tmp", cp)
                    for i in todo[d]:
                        out[i] = ents
                    self.annotated += 1
                    os.remove(os.path.join(tmp, d + ".txt"))
                if files:
                    raise SystemExit(f"rules: gazette printed nothing for {len(files)} file(s)")
        self.seconds += time.perf_counter() - started
        return out


class Projection:
    """Counts of how the rules' PERSON/ORG/PLACE/NORP spans met the token boundaries (other types, e.g.
    PERCENT "80%" whose "%" is no token, are projected onto the tokens they overlap and not counted)."""

    def __init__(self):
        self.spans = self.aligned = self.misaligned = self.no_token = 0
        self.examples = []

    def as_dict(self):
        return {"spans": self.spans, "aligned": self.aligned, "misaligned": self.misaligned,
                "no_token": self.no_token, "misaligned_examples": self.examples[:20]}


def project(text_bytes, toks, ents, c2b, stats=None):
    """Per token (rtag, span length in tokens); see the module doc. ents: [(start, end, type)] in scalar
    offsets; c2b: silver.char_to_byte(text)."""
    import bisect
    n = len(toks)
    rtag = [0] * n
    rlen = [0] * n
    starts = [t.start for t in toks]
    for s, e, kind in ents:
        bs, be = c2b[s], c2b[e]
        # Tokens overlapping [bs, be).
        i = bisect.bisect_right(starts, bs) - 1
        if i < 0 or toks[i].end <= bs:
            i += 1
        j = i
        while j + 1 < n and toks[j + 1].start < be:
            j += 1
        name = kind in RTYPE
        if stats is not None and name:
            stats.spans += 1
        if i >= n or toks[i].start >= be:
            if stats is not None and name:
                stats.no_token += 1
            continue
        if stats is not None and name:
            last = toks[j]
            tb = text_bytes[last.start:last.end]
            ok_end = be == last.end or (be == last.end + 1 and text_bytes[last.end:be] == b".") or \
                (tb.endswith((b"'s", b"'S")) and be == last.end - 2) or \
                (tb.endswith(("\u2019s".encode(), "\u2019S".encode())) and be == last.end - 4) or \
                (tb.endswith(("\u02bcs".encode(), "\u02bcS".encode())) and be == last.end - 3)
            if toks[i].start == bs and ok_end:
                stats.aligned += 1
            else:
                stats.misaligned += 1
                if len(stats.examples) < 20:
                    stats.examples.append([kind, text_bytes[bs:be].decode("utf-8", "replace"),
                                           text_bytes[toks[i].start:toks[j].end].decode("utf-8", "replace")])
        rt = RTYPE.get(kind, RTYPE_OTHER)
        for k in range(i, j + 1):
            if rtag[k]:  # overlapping rule spans: the first wins
                continue
            rtag[k] = rt << 2 | (1 if k == i else 0) | (2 if k == j else 0)
            rlen[k] = j - i + 1
    return rtag, rlen


def main():
    import argparse
    from silver import DEFAULT_SOURCES
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default=DEFAULT_SOURCES, help="comma-separated sources, or 'all'")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()
    with open(os.path.join(WORK, "docs.jsonl"), encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    if args.sources != "all":
        wanted = set(args.sources.split(","))
        docs = [d for d in docs if d["source"] in wanted]
    r = Rules(args.binary)
    out = r.annotate([d["text"] for d in docs])
    types = {}
    for ents in out:
        for _, _, k in ents:
            types[k] = types.get(k, 0) + 1
    print(f"rules: {len(docs)} documents ({r.annotated} annotated now, {r.seconds:.1f} s); entity types {types}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
