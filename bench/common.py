"""Shared helpers for the Gazette benchmark (stdlib only; imported by every bench/*.py script).

Conventions:
- MB means 10^6 bytes everywhere (corpus, extracted text, index sizes, RSS).
- The extracted text of a document is its title plus its blocks (UTF-8 byte ranges into "text"), as printed by
  `gazette extract` (or the Python stand-in in fake_extract.py). Every engine indexes exactly these strings.
- A query line is in Gazette syntax: `"a b c"` (phrase), `word` (term) or `a b` (all words must match).
"""

import json
import os
import re
import sys
import time

MB = 1_000_000

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
WORK_DIR = os.environ.get("BENCH_WORK", os.path.join(BENCH_DIR, "work"))
RESULTS_DIR = os.path.join(WORK_DIR, "results")

# Close to Gazette's tokenizer for the words the queries use: runs of letters and digits, with an apostrophe
# between two of them kept inside the word. Queries only use words that are plain ASCII letters, for which
# Gazette, Tantivy's default tokenizer and FTS5's unicode61 all agree.
TOKEN_RE = re.compile(r"[^\W_]+(?:['\u2019\u02bc][^\W_]+)*")
QUERY_WORD_RE = re.compile(r"[a-z]{2,24}")

# Words that the query languages treat as operators (Gazette: AND/OR/NOT in capitals; FTS5: AND/OR/NOT/NEAR)
# are never used as query words, in any case, so that no engine can read them as operators.
OPERATOR_WORDS = frozenset({"and", "or", "not", "near"})

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves may must might shall us use used using
""".split())


def die(message):
    print(f"bench: error: {message}", file=sys.stderr)
    sys.exit(1)


def info(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def read_docs(ndjson_path):
    """Yields (path, title or None, [block strings]) for each line of an extracted-text NDJSON file."""
    with open(ndjson_path, "r", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                die(f"{ndjson_path}:{number}: not JSON ({error})")
            text = obj.get("text") or ""
            ranges = obj.get("blocks") or []
            if text.isascii():  # byte offsets are character offsets: slice the string itself
                blocks = [text[start:end] for start, end in ranges if end > start]
            else:
                raw = text.encode("utf-8")
                blocks = []
                for start, end in ranges:
                    start = max(0, min(start, len(raw)))
                    end = max(start, min(end, len(raw)))
                    if end > start:
                        blocks.append(raw[start:end].decode("utf-8", errors="replace"))
            title = obj.get("title")
            yield obj.get("path") or f"doc-{number}", (title if title else None), blocks


class Timed:
    """Wraps an iterator and adds up the time spent producing its items (seconds, in .seconds)."""

    def __init__(self, iterable):
        self.iterator = iter(iterable)
        self.seconds = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        start = time.perf_counter()
        try:
            return next(self.iterator)
        finally:
            self.seconds += time.perf_counter() - start


def query_kind(line):
    """'phrase', 'term' or 'and' for a query line in Gazette syntax."""
    line = line.strip()
    if line.startswith('"'):
        return "phrase"
    return "term" if len(line.split()) == 1 else "and"


def query_words(line):
    return line.strip().strip('"').split()


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def load_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


# Timed passes over the query set after the warm-up; each query's time is its median over them. One pass left
# single-query spikes of this shared VM in the p95s: the same code on two equal indexes differed by 1.7×.
TIMED_PASSES = int(os.environ.get("BENCH_QUERY_PASSES", "5"))


def median_times(passes, keys):
    """Per query, the median of each timing in `keys` over `passes` (lists of result dicts, one per pass, in the
    same query order); everything else from the first pass."""
    merged = []
    for runs in zip(*passes):
        row = dict(runs[0])
        for key in keys:
            values = sorted(r[key] for r in runs if r.get(key) is not None)
            if values:
                row[key] = values[len(values) // 2]
        merged.append(row)
    return merged


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list of numbers; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))  # ceil(n * p / 100)
    return ordered[int(rank) - 1]
