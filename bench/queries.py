"""Draws the benchmark's query set from the extracted text, reproducibly (random.Random(42)).

    python3 bench/queries.py EXTRACTED.ndjson OUT.txt N_PHRASE N_TERM N_AND

- phrase: 2–4 consecutive words of one block (or of the title), every word plain ASCII letters (2–24 of them),
  lowercased, not all stopwords; drawn at uniformly random places in the text, so frequent and rare phrases
  both occur as often as the text has them.
- term: one word, a third each from the most frequent 300 words (by document frequency), from words in
  20 or more documents, and from words in 2–19 documents.
- and: two different words (not stopwords) drawn from random places in the same document.
No query word is an operator of any engine (and, or, not, near). One query per line, Gazette syntax:
`"a b c"`, `word`, `a b`.
"""

import bisect
import collections
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import OPERATOR_WORDS, QUERY_WORD_RE, STOPWORDS, TOKEN_RE, info, read_docs  # noqa: E402


def plain(token):
    """The lowercased word if it is a plain ASCII word fit for a query, else None."""
    if not token.isascii():
        return None
    word = token.lower()
    if word in OPERATOR_WORDS or not QUERY_WORD_RE.fullmatch(word):
        return None
    return word


def main(argv):
    if len(argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    ndjson, out = argv[0], argv[1]
    n_phrase, n_term, n_and = map(int, argv[2:])
    rng = random.Random(42)

    # Documents in path order (whatever order the extractor printed them in), each as its list of blocks
    # with the title as the first block.
    docs = sorted(((path, ([title] if title else []) + blocks) for path, title, blocks in read_docs(ndjson)),
                  key=lambda d: d[0])
    df = collections.Counter()
    sizes = []
    for _, blocks in docs:
        words = set()
        size = 0
        for block in blocks:
            size += len(block)
            for token in TOKEN_RE.findall(block):
                word = plain(token)
                if word:
                    words.add(word)
        df.update(words)
        sizes.append(size)
    cumulative = []
    total = 0
    for size in sizes:
        total += size
        cumulative.append(total)
    if total == 0:
        info("no text to draw queries from")
        return 1

    def random_block():
        """A block at a uniformly random character of the text: (doc index, block)."""
        at = rng.randrange(total)
        index = bisect.bisect_right(cumulative, at)
        blocks = docs[index][1]
        offset = at - (cumulative[index] - sizes[index])
        for block in blocks:
            if offset < len(block):
                return index, block
            offset -= len(block)
        return index, blocks[-1]

    queries = []
    seen = set()

    def add(line):
        if line in seen:
            return False
        seen.add(line)
        queries.append(line)
        return True

    # Phrases: lengths 2, 3, 4 in the ratio 2:1:1.
    made, attempts = 0, 0
    while made < n_phrase and attempts < n_phrase * 2000:
        attempts += 1
        _, block = random_block()
        tokens = TOKEN_RE.findall(block)
        length = rng.choice((2, 2, 3, 4))
        if len(tokens) < length:
            continue
        start = rng.randrange(len(tokens) - length + 1)
        words = [plain(t) for t in tokens[start:start + length]]
        if None in words or all(w in STOPWORDS for w in words):
            continue
        if add('"' + " ".join(words) + '"'):
            made += 1
    if made < n_phrase:
        info(f"only {made} phrase queries found (asked for {n_phrase})")

    # Single terms from three document-frequency bands.
    by_df = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))
    top = [w for w, _ in by_df[:300]]
    mid = [w for w, n in by_df[300:] if n >= 20]
    low = [w for w, n in by_df if 2 <= n < 20]
    for band, count in ((top, n_term // 3), (mid, n_term // 3), (low, n_term - 2 * (n_term // 3))):
        for word in rng.sample(band, min(count, len(band))):
            add(word)

    # AND of two words from the same document.
    made, attempts = 0, 0
    while made < n_and and attempts < n_and * 2000:
        attempts += 1
        index, block = random_block()
        first = [w for w in map(plain, TOKEN_RE.findall(block)) if w and w not in STOPWORDS]
        other_block = rng.choice(docs[index][1])
        second = [w for w in map(plain, TOKEN_RE.findall(other_block)) if w and w not in STOPWORDS]
        if not first or not second:
            continue
        a, b = rng.choice(first), rng.choice(second)
        if a == b:
            continue
        if add(f"{a} {b}"):
            made += 1

    with open(out, "w", encoding="utf-8") as f:
        for line in queries:
            f.write(line + "\n")
    kinds = collections.Counter("phrase" if q.startswith('"') else ("term" if " " not in q else "and")
                                for q in queries)
    info(f"queries: {len(queries)} ({kinds['phrase']} phrase, {kinds['term']} term, {kinds['and']} and) "
         f"from {len(docs)} documents, {len(df)} distinct query-able words -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
