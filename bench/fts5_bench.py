"""SQLite FTS5 (Python's sqlite3) side of the benchmark.

    python3 bench/fts5_bench.py index EXTRACTED.ndjson DB STATS.json
    python3 bench/fts5_bench.py query QUERIES.txt DB OUT.json
    python3 bench/fts5_bench.py oneshot DB 'a b c'             (one phrase query: import + open + search)
    python3 bench/fts5_bench.py aligned EXTRACTED.ndjson DB QUERIES.txt OUT.json

`aligned` builds a second database, untimed, only to count matches: the same text cut at Gazette's word
boundaries (token_rules.segmented: an apostrophe inside a word kept, a final 's dropped, one token per Han or
Kana character) under `unicode61 remove_diacritics 2 tokenchars "'"`, so that FTS5 folds case and accents and
matches phrases itself, but over Gazette's words. Comparing its counts with Gazette's tests folding and matching;
comparing the first database's tests the tokenizers too.

Table: fts5(path UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2'), all rows in one
transaction, then the 'optimize' command (one b-tree). FTS5 has no position gap between paragraphs, so the
body is the blocks joined by a separator token (BLOCK_SEPARATOR) that no query uses: a phrase then never
matches across two blocks, as in Gazette and Tantivy. It costs one extra token per block in the index.
"""

import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import token_rules  # noqa: E402
from common import TIMED_PASSES, Timed, median_times, query_kind, query_words, read_docs, read_queries, write_json  # noqa: E402

BLOCK_SEPARATOR = "\n\u00b6zqblockzq\u00b6\n"
TOP10 = ("SELECT path, title, snippet(docs, -1, '[', ']', '\u2026', 24) FROM docs WHERE docs MATCH ? "
         "ORDER BY rank LIMIT 10")
COUNT = "SELECT count(*) FROM docs WHERE docs MATCH ?"


def match_expression(line):
    """FTS5 MATCH syntax for a Gazette query line: every word quoted; juxtaposition is AND in FTS5."""
    words = query_words(line)
    if query_kind(line) == "phrase":
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)


def fresh_database(db, tokenize):
    """A new database at `db` (any old one and its journals removed) with the table `docs`."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    connection = sqlite3.connect(db)
    connection.execute(f"CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body, tokenize={tokenize})")
    return connection


def index(ndjson, db, stats_path):
    connection = fresh_database(db, "'unicode61 remove_diacritics 2'")
    docs = blocks_total = 0
    with connection:  # one transaction
        reading = Timed(read_docs(ndjson))

        def rows():
            nonlocal docs, blocks_total
            for path, title, blocks in reading:
                docs += 1
                blocks_total += len(blocks)
                yield path, title, BLOCK_SEPARATOR.join(blocks)
        connection.executemany("INSERT INTO docs(path, title, body) VALUES (?, ?, ?)", rows())
    with connection:
        connection.execute("INSERT INTO docs(docs) VALUES('optimize')")
    connection.close()
    write_json(stats_path, {"docs": docs, "blocks": blocks_total, "index_bytes": os.path.getsize(db),
                            "read_s": reading.seconds,
                            "sqlite_version": sqlite3.sqlite_version})


def query(queries_path, db, out):
    connection = sqlite3.connect(db)
    lines = read_queries(queries_path)
    for line in lines:  # warm-up pass
        expression = match_expression(line)
        connection.execute(TOP10, (expression,)).fetchall()
        connection.execute(COUNT, (expression,)).fetchone()
    passes = []
    for _ in range(TIMED_PASSES):
        results = []
        for line in lines:
            expression = match_expression(line)
            start = time.perf_counter()
            connection.execute(TOP10, (expression,)).fetchall()
            top = time.perf_counter()
            (count,) = connection.execute(COUNT, (expression,)).fetchone()
            counted = time.perf_counter()
            results.append({"query": line, "kind": query_kind(line), "total": count,
                            "us": (top - start) * 1e6, "us_count": (counted - top) * 1e6})
        passes.append(results)
    write_json(out, {"engine": "fts5", "timed_passes": TIMED_PASSES,
                     "queries": median_times(passes, ("us", "us_count"))})


def aligned(ndjson, db, queries_path, out):
    connection = fresh_database(db, "\"unicode61 remove_diacritics 2 tokenchars ''''\"")
    with connection:
        connection.executemany("INSERT INTO docs(path, title, body) VALUES (?, ?, ?)", (
            (path, token_rules.segmented(title),
             BLOCK_SEPARATOR.join(token_rules.segmented(block) for block in blocks))
            for path, title, blocks in read_docs(ndjson)))
    results = []
    for line in read_queries(queries_path):
        (count,) = connection.execute(COUNT, (match_expression(line),)).fetchone()
        results.append({"query": line, "kind": query_kind(line), "total": count})
    connection.close()
    write_json(out, {"engine": "fts5-aligned", "queries": results})


def oneshot(db, phrase):
    connection = sqlite3.connect(db)
    expression = match_expression('"' + phrase + '"')
    for path, _, snippet in connection.execute(TOP10, (expression,)):
        print(path, snippet[:60].replace("\n", " "))


def main(argv):
    if argv[:1] == ["index"] and len(argv) == 4:
        index(*argv[1:])
    elif argv[:1] == ["query"] and len(argv) == 4:
        query(*argv[1:])
    elif argv[:1] == ["aligned"] and len(argv) == 5:
        aligned(*argv[1:])
    elif argv[:1] == ["oneshot"] and len(argv) == 3:
        oneshot(*argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
