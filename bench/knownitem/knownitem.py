"""Known-item evaluation of Gazette's ranking on a real corpus (stdlib only).

    python3 bench/knownitem/knownitem.py queries EXTRACTED.ndjson OUT_DIR [--docs N]
    python3 bench/knownitem/knownitem.py evaluate GAZETTE_BIN INDEX_DIR QUERIES.tsv OUT.json [--label L] [-- ARGS…]
    python3 bench/knownitem/knownitem.py latency GAZETTE_BIN INDEX_DIR QUERIES.txt OUT.json [--label L]
    python3 bench/knownitem/knownitem.py report BENCHMARKS.md RESULT.json [MORE.json ...]

A known-item query is written by someone who remembers one document and wants it back; the metric is where that
one document ranks. For each sampled document two queries are made, both as bare words (implicit AND, no quotes,
lowercased so no word reads as an operator):

- `title`: the document's title without the site suffix shared by a whole package (" — The Linux Kernel
  documentation", " — Python 3.11.2 documentation") and without a leading section number ("54.4."); at most 12
  words. Only documents whose stripped title is unique in the corpus are sampled, so the target is well defined.
- `sentence`: 3–5 distinctive words of one sentence of the document's body, in the sentence's order: plain ASCII
  words, no stopwords, in at least 2 and at most 5% of the documents ("rare-ish": a word found in one document
  only would make the query trivial, a common one says nothing).

Documents are drawn with random.Random(SEED) from those that qualify; two disjoint sets are written: `dev`
(used while tuning the ranking) and `test` (held out: the figures reported). Each set is a TSV of
kind, target path, query, and a plain query file for `gazette search --batch`.

`evaluate` runs `gazette search --batch QUERIES --index INDEX --limit 10` (one process) and reports, per query
kind, MRR (reciprocal rank of the target, 0 when it is not in the top 10), success@1 and success@10, plus the
batch's own latencies (took_us) and the queries that matched nothing or failed.

`latency` runs the benchmark's query set (bench/work/queries.txt) three times and reports p50/p95 per query kind.

`report` writes the section between `<!-- ranking:start -->` and `<!-- ranking:end -->` of BENCHMARKS.md (added
at the end when the markers are missing) from any number of `evaluate` and `latency` results, plus
bench/knownitem/NOTES.md when it exists; the rest of the file is left as it is.
"""

import json
import os
import random
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from common import OPERATOR_WORDS, QUERY_WORD_RE, STOPWORDS, TOKEN_RE, die, info, percentile, read_docs  # noqa: E402

START_MARKER = "<!-- ranking:start -->"
END_MARKER = "<!-- ranking:end -->"
KINDS = ("title", "sentence")
SEED = 20260501
TITLE_MAX_WORDS = 12
RARE_FRACTION = 0.05
SITE_SUFFIX_RE = re.compile(r"\s+[—–|]\s+[^—–|]*\bdocumentation\s*$", re.IGNORECASE)
SECTION_NUMBER_RE = re.compile(r"^\s*(?:\d+\.)+\d*\s+")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?;:])\s+")


def plain(token):
    """The lowercased word if it is a plain ASCII word fit for a query, else None (as bench/queries.py)."""
    if not token.isascii():
        return None
    word = token.lower()
    if word in OPERATOR_WORDS or not QUERY_WORD_RE.fullmatch(word):
        return None
    return word


def title_words(title):
    """Words of a title as a user would type them: lowercased tokens, site suffix and section number dropped."""
    if not title:
        return []
    text = SITE_SUFFIX_RE.sub("", title)
    text = SECTION_NUMBER_RE.sub("", text)
    # Lowercased: Gazette's operators are upper case only, so no title word can read as AND/OR/NOT.
    return [token.lower() for token in TOKEN_RE.findall(text)][:TITLE_MAX_WORDS]


def make_queries(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ndjson, out_dir = argv[0], argv[1]
    per_set = 300
    if "--docs" in argv:
        per_set = int(argv[argv.index("--docs") + 1])
    docs = sorted(read_docs(ndjson), key=lambda d: d[0])
    if not docs:
        die(f"no documents in {ndjson}")
    n = len(docs)

    df = {}
    doc_words = []
    for _, title, blocks in docs:
        words = set()
        for block in ([title] if title else []) + blocks:
            for token in TOKEN_RE.findall(block):
                word = plain(token)
                if word:
                    words.add(word)
        for word in words:
            df[word] = df.get(word, 0) + 1
        doc_words.append(words)
    rare_max = max(2, int(n * RARE_FRACTION))

    titles = {}
    for _, title, _ in docs:
        key = tuple(title_words(title))
        titles[key] = titles.get(key, 0) + 1

    rng = random.Random(SEED)
    order = list(range(n))
    rng.shuffle(order)

    def distinctive(word):
        return word not in STOPWORDS and 2 <= df.get(word, 0) <= rare_max

    def sentence_query(blocks):
        """3–5 distinctive words of one sentence of a random long block, or None."""
        long_blocks = [b for b in blocks if len(TOKEN_RE.findall(b)) >= 12]
        rng.shuffle(long_blocks)
        for block in long_blocks[:20]:
            sentences = [s for s in SENTENCE_SPLIT_RE.split(block) if len(TOKEN_RE.findall(s)) >= 8]
            rng.shuffle(sentences)
            for sentence in sentences:
                seen = []
                for token in TOKEN_RE.findall(sentence):
                    word = plain(token)
                    if word and distinctive(word) and word not in seen:
                        seen.append(word)
                if len(seen) < 3:
                    continue
                k = min(rng.choice((3, 4, 5)), len(seen))
                chosen = set(rng.sample(range(len(seen)), k))
                return [w for i, w in enumerate(seen) if i in chosen]
        return None

    sets = {"dev": [], "test": []}
    for i in order:
        if len(sets["dev"]) >= per_set and len(sets["test"]) >= per_set:
            break
        path, title, blocks = docs[i]
        words = title_words(title)
        if not words or titles[tuple(words)] != 1 or all(w in STOPWORDS for w in words):
            continue
        sentence = sentence_query(blocks)
        if sentence is None:
            continue
        # Alternate between the sets so both draw from the whole shuffled order.
        name = "dev" if len(sets["dev"]) <= len(sets["test"]) and len(sets["dev"]) < per_set else "test"
        if len(sets[name]) >= per_set:
            name = "test" if name == "dev" else "dev"
        sets[name].append((path, " ".join(words), " ".join(sentence)))

    os.makedirs(out_dir, exist_ok=True)
    for name, rows in sets.items():
        tsv = os.path.join(out_dir, f"{name}.tsv")
        with open(tsv, "w", encoding="utf-8") as f:
            f.write("# kind\ttarget\tquery\n")
            for path, title_query, sentence_query_text in rows:
                f.write(f"title\t{path}\t{title_query}\n")
                f.write(f"sentence\t{path}\t{sentence_query_text}\n")
        info(f"known-item queries: {name}: {len(rows)} documents, {2 * len(rows)} queries -> {tsv}")
    info(f"from {n} documents; distinctive words: 2 to {rare_max} documents")
    return 0


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            kind, target, query = line.rstrip("\n").split("\t")
            rows.append((kind, target, query))
    return rows


def run_batch(binary, queries_path, index_dir, limit=10, extra=()):
    command = [binary, "search", "--batch", queries_path, "--index", index_dir, "--limit", str(limit), *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        die(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr.strip()[:2000]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def evaluate(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    binary, index_dir, tsv, out = argv[:4]
    label = argv[argv.index("--label") + 1] if "--label" in argv else os.path.basename(out)
    rows = read_tsv(tsv)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    queries_path = out + ".queries.txt"
    with open(queries_path, "w", encoding="utf-8") as f:
        for _, _, query in rows:
            f.write(query + "\n")
    run_batch(binary, queries_path, index_dir, extra=extra)  # warm-up: page cache and allocator
    started = time.perf_counter()
    objects = run_batch(binary, queries_path, index_dir, extra=extra)
    wall = time.perf_counter() - started
    if len(objects) != len(rows):
        die(f"gazette search --batch printed {len(objects)} objects for {len(rows)} queries")
    per_kind = {kind: {"n": 0, "rr": 0.0, "s1": 0, "s10": 0, "unmatched": 0, "errors": 0, "us": []} for kind in KINDS}
    details = []
    for (kind, target, query), obj in zip(rows, objects):
        if obj.get("query") != query:
            die(f"batch output out of step: {obj.get('query')!r} for {query!r}")
        stats = per_kind[kind]
        stats["n"] += 1
        if "error" in obj:
            stats["errors"] += 1
            details.append({"kind": kind, "target": target, "query": query, "rank": None, "error": obj["error"]})
            continue
        stats["us"].append(obj.get("took_us", 0))
        paths = [hit["path"] for hit in obj.get("hits", [])]
        rank = paths.index(target) + 1 if target in paths else None
        if obj.get("total", 0) == 0:
            stats["unmatched"] += 1
        if rank is not None:
            stats["rr"] += 1.0 / rank
            stats["s1"] += rank == 1
            stats["s10"] += 1
        details.append({"kind": kind, "target": target, "query": query, "rank": rank, "total": obj.get("total")})
    summary = {"label": label, "binary": binary, "arguments": extra, "queries": tsv, "wall_s": wall, "kinds": {}}
    for kind, stats in per_kind.items():
        n = max(stats["n"], 1)
        summary["kinds"][kind] = {
            "n": stats["n"], "mrr": stats["rr"] / n, "success_at_1": stats["s1"] / n, "success_at_10": stats["s10"] / n,
            "unmatched": stats["unmatched"], "errors": stats["errors"],
            "p50_us": percentile(stats["us"], 50), "p95_us": percentile(stats["us"], 95),
        }
    summary["details"] = details
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    for kind, k in summary["kinds"].items():
        info(f"{label}: {kind}: n={k['n']} MRR {k['mrr']:.3f}  S@1 {k['success_at_1']:.3f}  "
             f"S@10 {k['success_at_10']:.3f}  unmatched {k['unmatched']}  errors {k['errors']}  "
             f"p50 {k['p50_us']} µs  p95 {k['p95_us']} µs")
    return 0


def latency(argv):
    """Warm `search --batch` latency of the benchmark's query set (bench/work/queries.txt), per query kind."""
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    from common import query_kind, read_queries  # noqa: E402
    binary, index_dir, queries_path, out = argv[:4]
    label = argv[argv.index("--label") + 1] if "--label" in argv else os.path.basename(out)
    lines = read_queries(queries_path)
    rounds = int(os.environ.get("KNOWNITEM_LATENCY_ROUNDS", "3"))
    run_batch(binary, queries_path, index_dir)  # warm-up
    samples = {}
    for _ in range(rounds):
        objects = run_batch(binary, queries_path, index_dir)
        if len(objects) != len(lines):
            die(f"gazette search --batch printed {len(objects)} objects for {len(lines)} queries")
        for line, obj in zip(lines, objects):
            samples.setdefault(line, []).append(obj.get("took_us", 0))
    per_kind = {}
    for line, values in samples.items():
        # The median of the rounds per query, then percentiles over queries: one busy moment of the machine
        # does not move the figure.
        per_kind.setdefault(query_kind(line), []).append(sorted(values)[len(values) // 2])
    summary = {"label": label, "binary": binary, "queries": queries_path, "rounds": rounds,
               "kinds": {k: {"n": len(v), "p50_us": percentile(v, 50), "p95_us": percentile(v, 95),
                             "mean_us": sum(v) / len(v)} for k, v in per_kind.items()}}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1)
    for kind, k in sorted(summary["kinds"].items()):
        info(f"{label}: {kind}: n={k['n']} p50 {k['p50_us']} µs  p95 {k['p95_us']} µs  mean {k['mean_us']:.0f} µs")
    return 0


def report(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_path, result_paths = argv[0], argv[1:]
    ranking, latency = [], []
    for path in result_paths:
        with open(path, encoding="utf-8") as f:
            result = json.load(f)
        (latency if "rounds" in result else ranking).append(result)
    lines = [START_MARKER, "## Ranking (known-item)", ""]
    lines.append(
        "Generated by `make eval-ranking` (bench/knownitem/run.sh, knownitem.py); this section is kept by "
        "bench/report.py. Corpus: the Debian documentation corpus of `make bench` (bench/work/corpus), indexed by "
        "each binary. For each sampled document, two queries of bare words (implicit AND): its title (the site "
        "suffix and a leading section number dropped; only documents whose title is unique are sampled), and "
        "3–5 distinctive words (in 2 to 5% of the documents) of one of its sentences. `dev` (300 documents) was "
        "used while tuning the ranking; `test` (300 other documents) is held out. MRR counts the target's "
        "reciprocal rank in the top 10 (0 below it); success@k: the target in the top k.")
    lines.append("")
    lines.append("| set | queries | run | MRR | success@1 | success@10 |")
    lines.append("|---|---|---|---:|---:|---:|")
    order = {"test": 0, "dev": 1}
    def set_of(result):
        return os.path.splitext(os.path.basename(result["queries"]))[0]
    for set_name in sorted({set_of(r) for r in ranking}, key=lambda n: (order.get(n, 9), n)):
        for kind in KINDS:
            for result in (r for r in ranking if set_of(r) == set_name):
                k = result["kinds"].get(kind)
                if not k:
                    continue
                held = " (held out)" if set_name == "test" else ""
                lines.append(
                    f"| {set_name}{held} | {kind} ({k['n']}) | {result['label']} | {k['mrr']:.3f} | "
                    f"{k['success_at_1']:.3f} | {k['success_at_10']:.3f} |")
    lines.append("")
    if latency:
        kinds = sorted({kind for r in latency for kind in r["kinds"]})
        lines.append(
            "Latency of `gazette search --batch --limit 10` (top 10 with snippets and the total) on the benchmark's "
            "query set (bench/work/queries.txt), warm, per query the median of "
            f"{latency[0]['rounds']} rounds, then p50 / p95 over the queries (µs); both binaries on the same index "
            "and machine, one after the other:")
        lines.append("")
        lines.append("| run | " + " | ".join(f"{kind} ({latency[0]['kinds'].get(kind, {}).get('n', 0)})" for kind in kinds) + " |")
        lines.append("|---|" + "---:|" * len(kinds))
        for result in latency:
            cells = []
            for kind in kinds:
                k = result["kinds"].get(kind)
                cells.append(f"{k['p50_us']:,} / {k['p95_us']:,}" if k else "—")
            lines.append(f"| {result['label']} | " + " | ".join(cells) + " |")
        lines.append("")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            lines.append(f.read().strip())
        lines.append("")
    lines.append(END_MARKER)
    section = "\n".join(lines)

    old = ""
    if os.path.exists(out_path):
        with open(out_path, encoding="utf-8") as f:
            old = f.read()
    if START_MARKER in old and END_MARKER in old:
        head, rest = old.split(START_MARKER, 1)
        tail = rest.split(END_MARKER, 1)[1]
        new = head + section + tail
    elif "\n## History" in old:
        # Before the History that bench/report.py keeps at the end.
        head, tail = old.split("\n## History", 1)
        new = head.rstrip("\n") + "\n\n" + section + "\n\n## History" + tail
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + section + "\n"
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(new)
    info(f"wrote the ranking section of {out_path}")
    return 0


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "queries":
        return make_queries(rest)
    if command == "evaluate":
        return evaluate(rest)
    if command == "latency":
        return latency(rest)
    if command == "report":
        return report(rest)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
