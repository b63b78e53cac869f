"""Turns bench/work/results/*.json into a table on stdout and BENCHMARKS.md at the repository root.

    python3 bench/report.py RESULTS_DIR BENCHMARKS.md

Reads these environment variables set by run.sh: BENCH_PACKAGES_DESC, BENCH_EXTRACTOR, BENCH_SMALL,
GAZETTE_BIN, BENCH_SWIFT_VERSION, BENCH_TANTIVY_THREADS, BENCH_TANTIVY_HEAP_MB, BENCH_LUCENE_THREADS,
BENCH_LUCENE_RAM_MB, BENCH_LUCENE_DEB, BENCH_WORK_DIR.
Also writes RESULTS_DIR/../disagreements.txt: queries whose match counts differ between engines.
"""

import collections
import datetime
import os
import platform
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MB, REPO_DIR, dir_size, load_json, percentile  # noqa: E402

KINDS = ("phrase", "term", "and")
HISTORY_HEADING = "## History"
RANKING_START = "<!-- ranking:start -->"
RANKING_END = "<!-- ranking:end -->"
MEMORY_START = "<!-- memory:start -->"
MEMORY_END = "<!-- memory:end -->"
# The entity-recognition speed log (measured by hand, see the section itself) is kept as written.
SERVE_START = "<!-- serve:start -->"
SERVE_END = "<!-- serve:end -->"
ENTITIES_START = "<!-- entities:start -->"
ENTITIES_END = "<!-- entities:end -->"
# Accent folding and stemming (make check-folding and the measurements it describes).
FOLDING_START = "<!-- folding:start -->"
FOLDING_END = "<!-- folding:end -->"
# Where a one-shot search's instructions and page faults go (measured by hand, see the section itself).
STARTUP_START = "<!-- startup:start -->"
STARTUP_END = "<!-- startup:end -->"
# Core matching measured by hand (callgrind and interleaved batches, see the section itself), kept as written.
MATCHING_START = "<!-- matching:start -->"
MATCHING_END = "<!-- matching:end -->"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "ram": ram, "kernel": platform.release(),
            "python": platform.python_version()}


def git(*args):
    try:
        return subprocess.run(["git", "-C", REPO_DIR, *args], capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def fmt(value, digits=1, suffix=""):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{suffix}"
    return f"{value:,}{suffix}"


def latency_stats(query_result, field="us"):
    """{kind: (p50, p95)} in microseconds, over queries that produced a figure."""
    out = {}
    if not query_result:
        return out
    for kind in KINDS:
        values = [q[field] for q in query_result["queries"] if q["kind"] == kind and q.get(field) is not None]
        out[kind] = (percentile(values, 50), percentile(values, 95)) if values else (None, None)
    return out


def totals(query_result):
    if not query_result:
        return None
    return {q["query"]: q.get("total") for q in query_result["queries"]}


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results_dir, out_path = argv
    work_dir = os.environ.get("BENCH_WORK_DIR", os.path.dirname(results_dir))
    r = lambda name: load_json(os.path.join(results_dir, name))  # noqa: E731
    corpus, text = r("corpus.json"), r("text.json")
    if not corpus or not text:
        print("bench: error: no corpus/text results to report", file=sys.stderr)
        return 1
    text_mb = text["text_mb"]
    m = machine()
    now = datetime.datetime.now().astimezone()
    commit = git("rev-parse", "--short", "HEAD") or "?"
    dirty = " (+ uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    small = os.environ.get("BENCH_SMALL") == "1"
    extractor = os.environ.get("BENCH_EXTRACTOR", "gazette extract")
    stand_in = extractor != "gazette extract"
    oneshot = r("oneshot.json") or {"ms": {}}

    engines = [
        # key, label, index measurement, engine stats, index path, query results
        ("gz-html", "Gazette (HTML)", r("index-gazette-html.json"), None,
         os.path.join(work_dir, "gz-index"), r("query-gazette-html.json")),
        ("gz-text", "Gazette (text)", r("index-gazette-text.json"), None,
         os.path.join(work_dir, "gz-text-index"), r("query-gazette-text.json")),
        ("tantivy", "Tantivy", r("index-tantivy.json"), r("tantivy-stats.json"),
         os.path.join(work_dir, "tantivy-index"), r("query-tantivy.json")),
        ("lucene", "Lucene", r("index-lucene.json"), r("lucene-stats.json"),
         os.path.join(work_dir, "lucene-index"), r("query-lucene.json")),
        ("fts5", "SQLite FTS5", r("index-fts5.json"), r("fts5-stats.json"),
         os.path.join(work_dir, "fts5.db"), r("query-fts5.json")),
    ]
    columns = []
    for key, label, measured, stats, path, queries in engines:
        size = None
        if os.path.isdir(path):
            size = dir_size(path)
        elif os.path.isfile(path):
            size = os.path.getsize(path)
        ok = measured is not None and measured.get("exit") == 0
        wall = measured["wall_s"] if ok else None
        threads = {"tantivy": f"{os.environ.get('BENCH_TANTIVY_THREADS', '2')} (num_threads)",
                   "lucene": f"{os.environ.get('BENCH_LUCENE_THREADS', '2')} (index threads)",
                   "fts5": "1", "gz-html": "own choice", "gz-text": "own choice"}[key]
        columns.append({
            "key": key, "label": label, "ok": ok, "threads": threads, "wall": wall,
            "runs": (measured or {}).get("runs_wall_s") if ok else None,
            "mbps": text_mb / wall if wall else None,
            "cpu": measured.get("cpu_utilisation") if ok else None,
            "rss": measured.get("max_rss_mb") if ok else None,
            "size_mb": size / MB if size is not None and ok else None,
            "ratio": size / MB / text_mb if size is not None and ok and text_mb else None,
            "lat": latency_stats(queries), "queries": queries,
            "mode": (queries or {}).get("mode", "in-process"),
            "oneshot": oneshot["ms"].get({"gz-html": "gazette", "gz-text": None}.get(key, key)),
        })
    col = {c["key"]: c for c in columns}

    read_s = {"tantivy": (r("tantivy-stats.json") or {}).get("read_s"),
              "lucene": (r("lucene-stats.json") or {}).get("read_s"),
              "fts5": (r("fts5-stats.json") or {}).get("read_s")}
    rows = [("Threads", lambda c: c["threads"]),
            ("Indexing wall time (s), median run", lambda c: fmt(c["wall"], 2)),
            ("· every run (s)", lambda c: ", ".join(f"{w:.2f}" for w in c["runs"]) if c["runs"] else "—"),
            ("· of which reading the NDJSON in Python (Lucene: in Java) (s)",
             lambda c: fmt(read_s.get(c["key"]), 2) if c["key"] in read_s else "—"),
            ("Throughput (MB extracted text / s)", lambda c: fmt(c["mbps"], 1)),
            ("CPU use (user+sys / wall)", lambda c: fmt(c["cpu"], 2)),
            ("Peak RSS (MB)", lambda c: fmt(c["rss"], 0)),
            ("Index size (MB)", lambda c: fmt(c["size_mb"], 1)),
            ("Index size / extracted text", lambda c: fmt(c["ratio"], 2))]
    for kind in KINDS:
        rows.append((f"{kind} query p50 / p95 (µs)",
                     lambda c, k=kind: f"{fmt(c['lat'].get(k, (None,))[0], 0)} / "
                                       f"{fmt(c['lat'].get(k, (None, None))[1], 0)}" if c["lat"] else "—"))
    rows.append(("One-shot CLI phrase query, median wall (ms)", lambda c: fmt(c["oneshot"], 1)))

    table = ["| | " + " | ".join(c["label"] for c in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for name, cell in rows:
        table.append(f"| {name} | " + " | ".join(cell(c) for c in columns) + " |")

    # Secondary latencies: Tantivy and Lucene without snippets, FTS5's separate count(*).
    extra = []
    tv_search = latency_stats(col["tantivy"]["queries"], "us_search")
    fts_count = latency_stats(col["fts5"]["queries"], "us_count")
    tv_docs = latency_stats(col["tantivy"]["queries"], "us_docs")
    lu_search = latency_stats(col["lucene"]["queries"], "us_search")
    lu_docs = latency_stats(col["lucene"]["queries"], "us_docs")
    for key, label in (("gz-text", "Gazette (text)"), ("gz-html", "Gazette (HTML)")):
        core = latency_stats(col[key]["queries"], "us_search") if col.get(key) else None
        if core:
            extra.append(f"| {label}: search (top 10 + count) only | " + " | ".join(
                f"{fmt(core[k][0], 0)} / {fmt(core[k][1], 0)}" for k in KINDS) + " |")
    if tv_search:
        extra.append("| Tantivy: search (top 10 + count) only | " + " | ".join(
            f"{fmt(tv_search[k][0], 0)} / {fmt(tv_search[k][1], 0)}" for k in KINDS) + " |")
    if lu_search:
        extra.append("| Lucene: search (top 10 + count) only | " + " | ".join(
            f"{fmt(lu_search[k][0], 0)} / {fmt(lu_search[k][1], 0)}" for k in KINDS) + " |")
    if tv_docs:
        extra.append("| Tantivy: search + the 10 stored documents into Python, no snippets | " + " | ".join(
            f"{fmt(tv_docs[k][0], 0)} / {fmt(tv_docs[k][1], 0)}" for k in KINDS) + " |")
    if lu_docs:
        extra.append("| Lucene: search + the 10 stored documents, no snippets | " + " | ".join(
            f"{fmt(lu_docs[k][0], 0)} / {fmt(lu_docs[k][1], 0)}" for k in KINDS) + " |")
    if fts_count:
        extra.append("| FTS5 `SELECT count(*)` alone | " + " | ".join(
            f"{fmt(fts_count[k][0], 0)} / {fmt(fts_count[k][1], 0)}" for k in KINDS) + " |")

    # Match-count agreement.
    t = {c["key"]: totals(c["queries"]) for c in columns}
    pairs = [("gz-text", "tantivy"), ("gz-text", "lucene"), ("gz-text", "fts5"), ("gz-html", "tantivy"),
             ("gz-html", "lucene"), ("gz-html", "fts5"), ("tantivy", "lucene"), ("tantivy", "fts5"),
             ("lucene", "fts5")]
    query_kinds = {}
    for c in columns:
        for q in (c["queries"] or {}).get("queries", []):
            query_kinds[q["query"]] = q["kind"]
    agreement = ["| | " + " | ".join(f"{k} ({sum(1 for v in query_kinds.values() if v == k)})" for k in KINDS)
                 + " | all |", "|---|" + "---:|" * (len(KINDS) + 1)]
    for a, b in pairs:
        if not t[a] or not t[b]:
            continue
        same = collections.Counter()
        for query, kind in query_kinds.items():
            if t[a].get(query) is not None and t[a].get(query) == t[b].get(query):
                same[kind] += 1
        agreement.append(f"| {col[a]['label']} = {col[b]['label']} | "
                         + " | ".join(str(same[k]) for k in KINDS) + f" | {sum(same.values())} |")
    # FTS5 again, over the text cut at Gazette's word boundaries: what remains is folding and matching.
    aligned = totals(r("counts-fts5-aligned.json"))
    if aligned and t["gz-text"]:
        same = collections.Counter(kind for query, kind in query_kinds.items()
                                   if t["gz-text"].get(query) is not None
                                   and t["gz-text"].get(query) == aligned.get(query))
        agreement.append(f"| {col['gz-text']['label']} = SQLite FTS5 on Gazette's word boundaries | "
                         + " | ".join(str(same[k]) for k in KINDS) + f" | {sum(same.values())} |")
    disagreements_path = os.path.join(work_dir, "disagreements.txt")
    with open(disagreements_path, "w", encoding="utf-8") as f:
        f.write("# kind\tgazette-text\tgazette-html\ttantivy\tlucene\tfts5\tquery\n")
        for query, kind in query_kinds.items():
            counts = [(t[k] or {}).get(query) for k in ("gz-text", "gz-html", "tantivy", "lucene", "fts5")]
            if len({c for c in counts if c is not None}) > 1 or None in counts:
                f.write(f"{kind}\t" + "\t".join("—" if c is None else str(c) for c in counts) + f"\t{query}\n")

    # Matches per query (Tantivy's counts), so the reader knows how heavy the queries are.
    heaviness = []
    if t["tantivy"]:
        for kind in KINDS:
            values = [v for q, v in t["tantivy"].items() if query_kinds.get(q) == kind and v is not None]
            if values:
                heaviness.append(f"{kind}: median {percentile(values, 50):,}, p95 {percentile(values, 95):,}, "
                                 f"max {max(values):,}, zero {sum(1 for v in values if v == 0)}")

    # Where Gazette's bytes go.
    gz_files = collections.Counter()
    gz_dir = os.path.join(work_dir, "gz-text-index")
    if os.path.isdir(gz_dir):
        for name in os.listdir(gz_dir):
            ext = os.path.splitext(name)[1] or name
            gz_files[ext] += os.path.getsize(os.path.join(gz_dir, name))

    packages = os.environ.get("BENCH_PACKAGES_DESC", ", ".join(corpus["packages"]))
    notes = []
    if stand_in:
        notes.append(f"**Extracted text came from a stand-in ({extractor}), not `gazette extract`**: the peers' "
                     "text differs slightly from what Gazette indexes from HTML; treat match counts accordingly.")
    for c in columns:
        if c["key"].startswith("gz") and c["queries"] and c["mode"] != "batch":
            notes.append("Gazette: `gazette search` has no `--batch`; its query latencies are whole-process "
                         "wall times of one process per query, not in-process figures.")
            break
    if small:
        notes.append("BENCH_SMALL=1: one documentation package and fewer queries — a quick run, not the benchmark.")
    for c in columns:
        if c["queries"] is None or not c["ok"]:
            notes.append(f"{c['label']}: no {'index' if not c['ok'] else 'query'} results in this run.")

    tv_stats, fts_stats = r("tantivy-stats.json") or {}, r("fts5-stats.json") or {}
    lu_stats = r("lucene-stats.json") or {}
    lines = []
    lines.append("# Benchmarks")
    lines.append("")
    lines.append("Generated by `make bench` (bench/run.sh); do not edit by hand — the History section at the end is "
                 "kept and extended by each run.")
    lines.append("")
    lines.append(f"- **Date**: {now:%Y-%m-%d %H:%M %Z}; commit `{commit}`{dirty}")
    load_start = os.environ.get("BENCH_LOADAVG_START", "?")
    try:
        with open("/proc/loadavg") as f:
            load_end = " ".join(f.read().split()[:3])
    except OSError:
        load_end = "?"
    lines.append(f"- **Machine**: {m['cores']} cores, {m['cpu']}, {m['ram']} RAM, Linux {m['kernel']}; load average "
                 f"(1, 5, 15 min) {load_start} at the start, {load_end} at the end — other work on the machine "
                 "shows in every figure")
    given = os.environ.get("BENCH_GAZETTE_GIVEN") == "1"
    binary = (f"gazette from GAZETTE_BIN={os.environ.get('GAZETTE_BIN')} (not necessarily built from this commit)"
              if given else "gazette built by `swift build` with scripts/release-flags.sh's flags (release, static Swift runtime and libstdc++)")
    lines.append(f"- **Software**: {binary}; {os.environ.get('BENCH_SWIFT_VERSION', 'Swift ?')}; Python {m['python']}; "
                 f"tantivy (PyPI) {tv_stats.get('tantivy_version', '?')}; Lucene {lu_stats.get('lucene_version', '?')} "
                 f"(Debian liblucene8-java {os.environ.get('BENCH_LUCENE_DEB', '?')}) on "
                 f"{lu_stats.get('java_vm', 'Java')} {lu_stats.get('java_version', '?')}; "
                 f"SQLite {fts_stats.get('sqlite_version', '?')}")
    lines.append(f"- **Corpus**: Debian documentation packages {packages}: {corpus['files']:,} HTML files, "
                 f"{corpus['html_mb']:.1f} MB of HTML → {text['docs']:,} documents, {text['blocks']:,} blocks, "
                 f"**{text_mb:.1f} MB of extracted text** (titles + blocks, by {extractor}). MB = 10⁶ bytes.")
    nq = collections.Counter(query_kinds.values())
    lines.append(f"- **Queries**: {nq['phrase']} phrase (2–4 words), {nq['term']} single-term, {nq['and']} two-term "
                 "AND, drawn from the extracted text with `random.Random(42)` (bench/queries.py); the same set for "
                 "every engine; top 10 with the total number of matching documents.")
    lines.append("")
    for note in notes:
        lines.append(f"> {note}")
        lines.append("")
    lines.append("| | " + " | ".join(c["label"] for c in columns) + " |")
    lines.extend(table[1:])
    lines.append("")
    # Lucene against Tantivy, the other library with a comparable design (segments, BM25, stored documents).
    lu, tv = col["lucene"], col["tantivy"]
    ratios = []
    for name, a, b in [("indexing time", lu["wall"], tv["wall"]), ("index size", lu["size_mb"], tv["size_mb"])] + [
            (f"{kind} p50", lu["lat"].get(kind, (None,))[0] if lu["lat"] else None,
             tv["lat"].get(kind, (None,))[0] if tv["lat"] else None) for kind in KINDS] + [
            ("one-shot", lu["oneshot"], tv["oneshot"])]:
        if a and b:
            ratios.append(f"{name} {a / b:.2f}×")
    if ratios:
        lines.append("Lucene / Tantivy: " + ", ".join(ratios) + " (below 1: Lucene takes less).")
        lines.append("")
    # Core matching (top 10 + count, no stored document read) against Tantivy's search alone: issue 17's
    # target is at most 1.0× at p50 and p95.
    core = latency_stats(col["gz-text"]["queries"], "us_search")
    tv_core = latency_stats(tv["queries"], "us_search")
    core_ratios = []
    for kind in KINDS:
        (g50, g95), (t50, t95) = core.get(kind, (None, None)), tv_core.get(kind, (None, None))
        if g50 and g95 and t50 and t95:
            core_ratios.append(f"{kind} {g50 / t50:.2f}× / {g95 / t95:.2f}×")
    if core_ratios:
        lines.append("Core matching, Gazette (text) / Tantivy, search (top 10 + count) only, p50 / p95: "
                     + ", ".join(core_ratios) + " (issue 17's target: at most 1.0×; rows in the latency table "
                     "below).")
        lines.append("")
    start = oneshot.get("start")
    if start:
        lines.append(f"Process start: the one-shot phrase query takes {fmt(start['search'], 1)} ms, "
                     f"**{start['search_over_hello']:.2f}×** a static Swift hello world built with the same compiler "
                     f"({fmt(start['hello'], 1)} ms; issue 17's target: at most 2×); `gazette --version` takes "
                     f"{fmt(start['version'], 1)} ms")
        if start.get("hello_linked"):
            lines[-1] += (f"; the same hello world linked as gazette is, libstdc++ from its static archive too "
                          f"(scripts/release-flags.sh), starts in {fmt(start['hello_linked'], 1)} ms, and the search "
                          f"takes {start['search_over_hello_linked']:.2f}× that")
        lines[-1] += (f" (medians of three turns of {oneshot.get('runs')} runs each, the commands taking turns).")
        lines.append("")
    if col["gz-html"]["wall"]:
        lines.append(f"Gazette (HTML) reads {corpus['html_mb']:.1f} MB of HTML: "
                     f"{corpus['html_mb'] / col['gz-html']['wall']:.1f} MB of HTML per second.")
        lines.append("")
        noent = r("index-gazette-html-noent.json")
        if noent and noent.get("wall_s"):
            added = (col["gz-html"]["wall"] / noent["wall_s"] - 1) * 100
            lines.append(f"Entity recognition: Gazette (HTML) with `--no-entities` takes {noent['wall_s']:.2f} s "
                         f"(median run); recognising entities adds {added:.0f} % to indexing time.")
            lines.append("")
        text_noent = r("index-gazette-text-noent.json")
        if text_noent and text_noent.get("wall_s") and col["gz-text"]["wall"]:
            added = (col["gz-text"]["wall"] / text_noent["wall_s"] - 1) * 100
            noent_dir = os.path.join(work_dir, "gz-text-noent-index")
            noent_mb = f", an index of {dir_size(noent_dir) / MB:.1f} MB" if os.path.isdir(noent_dir) else ""
            line = (f"On the extracted text, Gazette with `--no-entities` takes {text_noent['wall_s']:.2f} s (median run)"
                    f"{noent_mb}; recognising entities adds {added:.0f} % to indexing time")
            if col["tantivy"]["wall"]:
                line += (f". Throughput against Tantivy: {col['tantivy']['wall'] / col['gz-text']['wall']:.2f}× with "
                         f"entities, {col['tantivy']['wall'] / text_noent['wall_s']:.2f}× without (issue 17's targets: "
                         f"at least 1.5× and 2×)")
            lines.append(line + ".")
            lines.append("")
        sax = r("index-sax.json")
        if sax and sax.get("wall_s") and col["gz-text"]["wall"]:
            floor = sax["wall_s"] + col["gz-text"]["wall"]
            lines.append(f"HTML: libxml2's SAX parse of the same files alone (bench/sax/sax_parse.c, nothing done in "
                         f"its callbacks, one thread per core) takes {sax['wall_s']:.2f} s (median run); with "
                         f"Gazette (text) indexing the extracted text that is {floor:.2f} s, and Gazette (HTML) "
                         f"takes {col['gz-html']['wall'] / floor:.2f}× that (issue 17's target: at most 1.5×).")
            lines.append("")
    lines.append("How each figure is made:")
    lines.append(f"- *Indexing*: {os.environ.get('BENCH_INDEX_RUNS', '1')} run(s) per engine, the engines taking "
                 "turns; the table shows the run with the median wall time. Each run is one fresh process from an "
                 "empty index, wall time by `time.perf_counter` "
                 "around it, peak RSS and CPU time from `wait4` for that process alone (bench/measure.py). "
                 "Throughput is always *extracted-text MB* / wall seconds, also for Gazette (HTML), whose time "
                 "includes reading and parsing the HTML. Gazette (text) indexes the same extracted text written "
                 "as one .txt file per document (title, blank line, blocks separated by blank lines).")
    lines.append(f"- *Tantivy*: `IndexWriter(heap {os.environ.get('BENCH_TANTIVY_HEAP_MB', '256')} MB, num_threads="
                 f"{os.environ.get('BENCH_TANTIVY_THREADS', '2')})`, default tokenizer chain plus ASCII folding (as Gazette "
                 "and FTS5 fold accents), fields path (raw, stored), "
                 "title and body (text, stored, with positions; one body value per block so no phrase spans two "
                 f"blocks); {tv_stats.get('segments', '?')} segment(s) after commit and merges. Its time includes "
                 "starting Python and decoding the NDJSON in the same process.")
    lines.append(f"- *Lucene*: {lu_stats.get('lucene_version', '?')} from Debian's liblucene8-java, driven by "
                 "bench/lucene/LuceneBench.java on the default JVM settings; one `IndexWriter` (RAM buffer "
                 f"{os.environ.get('BENCH_LUCENE_RAM_MB', '256')} MB, default merge policy and "
                 "ConcurrentMergeScheduler) fed by "
                 f"{os.environ.get('BENCH_LUCENE_THREADS', '2')} indexing threads while the main thread decodes the "
                 "NDJSON (its own small JSON reader); analyzer StandardTokenizer + LowerCaseFilter + "
                 "ASCIIFoldingFilter (folding as the others do); fields path (StringField, stored), title and body "
                 "(TextField, stored, with positions; one body value per block, with a position gap so no phrase "
                 "spans two blocks); commit and close (which waits for merges), no forceMerge, as Tantivy; "
                 f"{lu_stats.get('segments', '?')} segment(s). Its time includes starting the JVM and decoding the "
                 "NDJSON in the same process.")
    lines.append("- *SQLite FTS5*: `fts5(path UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')`, "
                 "one transaction, then `optimize`; size is the database file. Blocks are joined with a separator "
                 "token so that phrases do not span blocks (one extra token per block).")
    timed_passes = ((r("query-tantivy.json") or {}).get("timed_passes")) or 1
    lines.append("- *Query latency* is warm and in-process, after one warm-up pass over all queries (Lucene: more, "
                 f"see below), each query's time the median of {timed_passes} timed pass(es) over the query set "
                 "(`BENCH_QUERY_PASSES`; one pass left this shared VM's spikes in the p95s): Gazette's "
                 "`took_us` from `gazette search --batch` (top 10 with snippets and total); Tantivy: "
                 "`perf_counter` around building the query, `searcher.search(q, 10, count=True)`, loading the 10 "
                 "documents and a body snippet each (title OR body per word); FTS5: `SELECT path, title, "
                 "snippet(…) … ORDER BY rank LIMIT 10`, with the `count(*)` timed apart (below). "
                 "Gazette and Tantivy produce the count in the same call. Lucene: the same queries as Tantivy "
                 "(`PhraseQuery`/`TermQuery` per field in a `BooleanQuery`), `System.nanoTime` around building the "
                 "query, a `TopScoreDocCollector` for the top 10 with the exact count (no early termination), "
                 "loading the 10 stored documents and a body snippet each from the `UnifiedHighlighter` (the body "
                 f"re-analysed whole, as Tantivy does); after {(col['lucene']['queries'] or {}).get('warmup_passes', '?')} "
                 f"warm-up passes ({fmt((col['lucene']['queries'] or {}).get('warmup_s'), 0)} s; at least 3 and 30 s), "
                 "since the JIT compiles only what has run often; no query cache.")
    if oneshot.get("phrase"):
        lines.append(f"- *One-shot*: a fresh process per query, median of {oneshot.get('runs')} runs "
                     f"({oneshot.get('tool')}), phrase `\"{oneshot['phrase']}\"` (median match count among the "
                     "phrase queries). Tantivy and FTS5: a Python process that imports, opens and searches "
                     f"(Tantivy {fmt(oneshot['ms'].get('tantivy'), 1)} ms, FTS5 {fmt(oneshot['ms'].get('fts5'), 1)} "
                     f"ms); Lucene: a fresh JVM that starts, opens and searches ({fmt(oneshot['ms'].get('lucene'), 1)} "
                     "ms) — context, not a like-for-like CLI.")
    questions = oneshot.get("entity_questions")
    if questions:
        ms = questions["ms"]
        lines.append(f"- *Questions about every entity*, one-shot, median of {oneshot.get('runs')} runs each: "
                     f"`search {questions['word']}` (the most frequent word) {fmt(ms.get('search'), 1)} ms, with "
                     f"`--facets` over all its matches {fmt(ms.get('facets'), 1)} ms "
                     f"(**{questions['facets_ratio']:.2f}×**; target ≤ 3×); on the entity in most documents, "
                     f"{questions.get('entity')!r}: `related` {fmt(ms.get('related'), 1)} ms (target < 100 ms), "
                     f"`mentions` {fmt(ms.get('mentions'), 1)} ms; `entities` {fmt(ms.get('entities'), 1)} ms.")
    typo = oneshot.get("typo")
    if typo:
        ms = typo["ms"]
        lines.append(f"- *Typo queries*, one-shot with `--count`, median of {oneshot.get('runs')} runs each: "
                     f"`{typo['typo']}~1` {fmt(ms.get('~1'), 1)} ms, `{typo['typo']}~2` {fmt(ms.get('~2'), 1)} ms "
                     f"(target ≤ 20 ms), against `{typo['word']}` {fmt(ms.get('plain'), 1)} ms (the most frequent "
                     "word of six letters or more; the typo swaps its third and fourth letters).")
    lines.append("")
    if extra:
        lines.append("Other latencies, p50 / p95 (µs). Tantivy's figure in the table includes what its Python "
                     "binding costs: each hit's whole stored document is converted into Python objects and back "
                     "for the snippet (the pages are large); the rows below split it up. Lucene's are split the "
                     "same way (its highlighter reads the body again from the stored fields and re-analyses it):")
        lines.append("")
        lines.append("| | " + " | ".join(KINDS) + " |")
        lines.append("|---|" + "---:|" * len(KINDS))
        lines.extend(extra)
        lines.append("")
    if heaviness:
        lines.append("Matching documents per query (Tantivy): " + "; ".join(heaviness) + ".")
        lines.append("")
    lines.append("## Match-count agreement")
    lines.append("")
    lines.append("Queries (per type) for which both engines report the same number of matching documents. "
                 "Known differences are tokenization, not bugs: Gazette keeps `don't`, `they're`, `b'raymond` as one "
                 "word and drops a final `'s` (Tantivy and FTS5 split at apostrophes); it cuts CJK text into one "
                 "token per ideograph, so `LKML提交` holds `lkml` (Tantivy and FTS5 see one word); it applies full "
                 "case folding (`ﬁfo` is `fifo`). Gazette (HTML) can also differ from Gazette (text) where "
                 "extraction does. Lucene's StandardTokenizer follows Unicode word boundaries (UAX #29): like "
                 "Gazette it keeps `don't` as one word and cuts CJK text per ideograph, but it also keeps `kernel's` "
                 "whole, and, unlike every other engine here, `os.path`, `pix_fmt` and `3.14`, so that `path` or "
                 "`fmt` alone does not find them. The last row gives FTS5 the same text cut where Gazette cuts "
                 "words (`bench/token_rules.py`, written from the documented rules, not from Gazette's code; "
                 "`unicode61 remove_diacritics 2 tokenchars \"'\"`): FTS5 still folds case and accents and "
                 "matches phrases itself, so that row tests Gazette's folding and matching alone. "
                 "Each disagreement is listed in `bench/work/disagreements.txt`.")
    lines.append("")
    lines.extend(agreement)
    lines.append("")
    if gz_files:
        lines.append("Gazette (text) index by file type: " + ", ".join(
            f"`{ext}` {size / MB:.1f} MB" for ext, size in sorted(gz_files.items(), key=lambda kv: -kv[1])) + ".")
        lines.append("")
    lines.append("Reproduce: `make bench` (full: three packages, ~20 min on 2 cores) or `BENCH_SMALL=1 make bench`.")
    lines.append("")

    # History: keep what previous runs wrote, add this run.
    history = []
    previous = ""
    if os.path.exists(out_path):
        with open(out_path, encoding="utf-8") as f:
            old = f.read()
        previous = old
        if HISTORY_HEADING in old:
            history = [line for line in old.split(HISTORY_HEADING, 1)[1].splitlines() if line.startswith("- ")]
    ph = lambda k: fmt(col[k]["lat"].get("phrase", (None,))[0], 0) if col[k]["lat"] else "—"  # noqa: E731
    summary = (f"- {now:%Y-%m-%d %H:%M} `{commit}`{'*' if dirty else ''}"
               f"{' SMALL' if small else ''}{' STAND-IN-TEXT' if stand_in else ''}"
               f"{' GAZETTE_BIN' if given else ''}: "
               f"{text_mb:.1f} MB text; index s gz-html {fmt(col['gz-html']['wall'], 2)}, "
               f"gz-text {fmt(col['gz-text']['wall'], 2)}, tantivy {fmt(col['tantivy']['wall'], 2)}, "
               f"lucene {fmt(col['lucene']['wall'], 2)}, "
               f"fts5 {fmt(col['fts5']['wall'], 2)}; size MB gz {fmt(col['gz-text']['size_mb'], 1)}, "
               f"tantivy {fmt(col['tantivy']['size_mb'], 1)}, lucene {fmt(col['lucene']['size_mb'], 1)}, "
               f"fts5 {fmt(col['fts5']['size_mb'], 1)}; "
               f"phrase p50 µs gz {ph('gz-text')}, tantivy {ph('tantivy')}, lucene {ph('lucene')}, fts5 {ph('fts5')}; "
               f"one-shot gz {fmt(oneshot['ms'].get('gazette'), 1)} ms, lucene {fmt(oneshot['ms'].get('lucene'), 1)} ms")
    history.append(summary)
    # Sections written elsewhere, kept as they are: known-item ranking (make eval-ranking, bench/knownitem/),
    # memory (make bench-memory), serving (make bench-serve), and the hand-measured entity recognition, accent
    # folding, one-shot start-up and core matching logs.
    for start, end in ((RANKING_START, RANKING_END), (MEMORY_START, MEMORY_END), (SERVE_START, SERVE_END),
                       (ENTITIES_START, ENTITIES_END), (FOLDING_START, FOLDING_END), (STARTUP_START, STARTUP_END),
                       (MATCHING_START, MATCHING_END)):
        if start in previous and end in previous:
            block = previous.split(start, 1)[1].split(end, 1)[0]
            lines.append(start + block + end)
            lines.append("")
    lines.append(HISTORY_HEADING)
    lines.append("")
    lines.append("One line per run (`*` after the commit: uncommitted changes; SMALL: BENCH_SMALL=1; "
                 "STAND-IN-TEXT: extracted text not from `gazette extract`; GAZETTE_BIN: a binary given by the "
                 "caller rather than built from the commit).")
    lines.append("")
    lines.extend(history)
    lines.append("")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

    # Terminal output: the essentials.
    print()
    print(f"Corpus: {corpus['files']:,} HTML files, {corpus['html_mb']:.1f} MB HTML, {text_mb:.1f} MB extracted text "
          f"({extractor}); {sum(nq.values())} queries")
    for note in notes:
        print("NOTE: " + re.sub(r"\*\*|`", "", note))
    print()
    width = max(len(name) for name, _ in rows) + 2
    print("".ljust(width) + "".join(c["label"].rjust(19) for c in columns))
    for name, cell in rows:
        print(name.ljust(width) + "".join(cell(c).rjust(19) for c in columns))
    print()
    print("Match-count agreement (queries with equal totals):")
    for line in agreement[2:]:
        print("  " + line.strip("| ").replace(" | ", "   "))
    print()
    print(f"Written: {out_path}; disagreements: {disagreements_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
