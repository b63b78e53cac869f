"""Tantivy (PyPI `tantivy`) side of the benchmark; runs in bench/.venv.

    python bench/tantivy_bench.py index EXTRACTED.ndjson INDEX_DIR STATS.json THREADS HEAP_MB
    python bench/tantivy_bench.py query QUERIES.txt INDEX_DIR OUT.json
    python bench/tantivy_bench.py oneshot INDEX_DIR 'a b c'      (one phrase query: import + open + search)

Schema: path (stored, raw string), title (text, stored), body (text, stored; each block is one value of the
field, so positions restart one apart at each block and no phrase matches across two blocks — as in Gazette).
Text fields use Tantivy's default tokenizer chain (split on non-alphanumerics, drop tokens over 40 bytes,
lowercase) plus its ASCII folding filter, registered as "fold", since Gazette folds accents; they record
positions. The index step's time includes starting Python and reading the NDJSON.
"""

import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TIMED_PASSES, Timed, dir_size, median_times, query_kind, query_words, read_docs, read_queries, write_json  # noqa: E402

import tantivy  # noqa: E402

FIELDS = ("title", "body")


def make_schema():
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("path", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("title", stored=True, tokenizer_name="fold", index_option="position")
    builder.add_text_field("body", stored=True, tokenizer_name="fold", index_option="position")
    return builder.build()


def register_folding(idx):
    """The default tokenizer chain with ASCII folding (`cafe` finds `café`), as Gazette and FTS5 fold."""
    analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                .filter(tantivy.Filter.remove_long(40))
                .filter(tantivy.Filter.lowercase())
                .filter(tantivy.Filter.ascii_fold())
                .build())
    idx.register_tokenizer("fold", analyzer)


def index(ndjson, index_dir, stats_path, threads, heap_mb):
    if os.path.exists(index_dir):
        shutil.rmtree(index_dir)
    os.makedirs(index_dir)
    schema = make_schema()
    idx = tantivy.Index(schema, path=index_dir)
    register_folding(idx)
    writer = idx.writer(heap_size=int(heap_mb) * 1_000_000, num_threads=int(threads))
    docs = 0
    reading = Timed(read_docs(ndjson))
    for path, title, blocks in reading:
        # One Python call per document (a list makes a multi-valued field: one value per block).
        writer.add_document(tantivy.Document(path=path, title=[title] if title else [], body=blocks))
        docs += 1
    writer.commit()
    writer.wait_merging_threads()
    idx.reload()
    searcher = idx.searcher()
    write_json(stats_path, {"docs": docs, "num_docs": searcher.num_docs, "segments": searcher.num_segments,
                            "index_bytes": dir_size(index_dir), "threads": int(threads), "heap_mb": int(heap_mb),
                            "read_s": reading.seconds,
                            "tantivy_version": tantivy_version()})


def tantivy_version():
    try:
        from importlib.metadata import version
        return version("tantivy")
    except Exception:  # noqa: BLE001
        return "?"


def either_field(schema, make):
    """title:x OR body:x for a per-field query builder `make(field)`."""
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, make(field)) for field in FIELDS])


def build_query(schema, line):
    kind = query_kind(line)
    words = query_words(line)
    if kind == "phrase":
        return either_field(schema, lambda f: tantivy.Query.phrase_query(schema, f, words))
    if kind == "term":
        return either_field(schema, lambda f: tantivy.Query.term_query(schema, f, words[0]))
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Must, either_field(schema, lambda f, w=w: tantivy.Query.term_query(schema, f, w)))
        for w in words])


def run_query(searcher, schema, line):
    """Top 10 with the count of matching documents, then each hit's stored document (path) and a body snippet.
    Returns (count, [perf_counter after the search, after loading the documents, after the snippets])."""
    query = build_query(schema, line)
    result = searcher.search(query, 10, count=True)
    searched = time.perf_counter()
    docs = [searcher.doc(address) for _, address in result.hits]
    for doc in docs:
        doc.get_first("path")
    loaded = time.perf_counter()
    generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
    for doc in docs:
        generator.snippet_from_doc(doc).to_html()
    return result.count, (searched, loaded, time.perf_counter())


def query(queries_path, index_dir, out):
    idx = tantivy.Index.open(index_dir)
    register_folding(idx)
    idx.reload()
    schema = idx.schema
    searcher = idx.searcher()
    lines = read_queries(queries_path)
    for line in lines:  # warm-up pass: page cache, term dictionaries, allocator
        run_query(searcher, schema, line)
    passes = []
    for _ in range(TIMED_PASSES):
        results = []
        for line in lines:
            start = time.perf_counter()
            count, (searched, loaded, done) = run_query(searcher, schema, line)
            results.append({"query": line, "kind": query_kind(line), "total": count,
                            "us_search": (searched - start) * 1e6, "us_docs": (loaded - start) * 1e6,
                            "us": (done - start) * 1e6})
        passes.append(results)
    write_json(out, {"engine": "tantivy", "timed_passes": TIMED_PASSES,
                     "queries": median_times(passes, ("us_search", "us_docs", "us"))})


def oneshot(index_dir, phrase):
    idx = tantivy.Index.open(index_dir)
    register_folding(idx)
    schema = idx.schema
    searcher = idx.searcher()
    line = '"' + phrase + '"'
    query = build_query(schema, line)
    result = searcher.search(query, 10, count=True)
    generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
    for _, address in result.hits:
        doc = searcher.doc(address)
        print(doc.get_first("path"), generator.snippet_from_doc(doc).fragment()[:60].replace("\n", " "))
    print(result.count)


def main(argv):
    if argv[:1] == ["index"] and len(argv) == 6:
        index(*argv[1:])
    elif argv[:1] == ["query"] and len(argv) == 4:
        query(*argv[1:])
    elif argv[:1] == ["oneshot"] and len(argv) == 3:
        oneshot(*argv[1:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
