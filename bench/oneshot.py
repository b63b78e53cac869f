"""One-shot query wall time: one fresh process per query, as a person at a shell would run it.

    python3 bench/oneshot.py RESULTS_DIR GAZETTE_BIN GZ_INDEX VENV_PYTHON TANTIVY_DIR FTS5_DB RUNS \
        [JAVA LUCENE_CLASSPATH LUCENE_DIR]

The phrase is the phrase query whose Tantivy match count is the median of all phrase queries (so neither a
trivially empty nor a huge one). Uses hyperfine (-N, 3 warm-up runs) when installed, else time.perf_counter
around subprocess.run. Reports the median of RUNS runs per engine in RESULTS_DIR/oneshot.json. Lucene (when its
three arguments are given) is a fresh JVM per query running bench/lucene/LuceneBench.java's oneshot mode.

Also the start of a process that does nothing, for scale (issue 17: a one-shot search within 2x of it): a static
Swift hello world (BENCH_HELLO_BIN, built by run.sh) and `gazette --version`, beside the same one-shot search.

Also Gazette's questions about every entity, one-shot (issue 15's targets): the most frequent word of the corpus
searched plainly and with `--facets` (all of its matches counted), and `related`, `mentions` and `entities` on
the entity named in most documents. And typo queries (issue 16's target for `~2`): the most frequent word of at
least six letters with its third and fourth letters swapped, as `word~1` and `word~2`, counted (`--count`), which
walks the whole term dictionary.
"""

import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import BENCH_DIR, die, info, load_json, query_words, write_json  # noqa: E402


def pick_phrase(results_dir):
    tantivy = load_json(os.path.join(results_dir, "query-tantivy.json"))
    if not tantivy:
        die("no Tantivy query results to pick the one-shot phrase from")
    phrases = sorted((q["total"], q["query"]) for q in tantivy["queries"] if q["kind"] == "phrase")
    if not phrases:
        die("no phrase queries")
    total, line = phrases[len(phrases) // 2]
    return " ".join(query_words(line)), total


def time_command(command, runs):
    """Median wall ms of `command` (a list), and the tool used."""
    hyperfine = shutil.which("hyperfine")
    if hyperfine:
        quoted = " ".join(shell_quote(part) for part in command)
        with tempfile.TemporaryDirectory() as tmp:
            export = os.path.join(tmp, "out.json")
            done = subprocess.run([hyperfine, "-N", "-i", "--style", "none", "--warmup", "3", "--runs", str(runs),
                                   "--export-json", export, quoted], capture_output=True, text=True)
            if done.returncode == 0:
                with open(export) as f:
                    result = json.load(f)["results"][0]
                return result["median"] * 1000, "hyperfine"
            info(f"hyperfine failed ({done.stderr.strip()[:300]}); timing with perf_counter")
    for _ in range(3):
        subprocess.run(command, capture_output=True)
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls) * 1000, "perf_counter"


def shell_quote(part):
    if part and all(c.isalnum() or c in "-_./=:" for c in part):
        return part
    return "'" + part.replace("'", "'\"'\"'") + "'"


def main(argv):
    if len(argv) not in (7, 10):
        print(__doc__, file=sys.stderr)
        return 2
    results_dir, gazette, gz_index, venv_python, tantivy_dir, fts5_db, runs = argv[:7]
    runs = int(runs)
    phrase, tantivy_total = pick_phrase(results_dir)
    info(f"one-shot phrase: \"{phrase}\" ({tantivy_total} documents in Tantivy), {runs} runs each")
    commands = {
        "gazette": [gazette, "search", f'"{phrase}"', "--index", gz_index, "--limit", "10", "--color", "never"],
        "tantivy": [venv_python, os.path.join(BENCH_DIR, "tantivy_bench.py"), "oneshot", tantivy_dir, phrase],
        "fts5": [sys.executable, os.path.join(BENCH_DIR, "fts5_bench.py"), "oneshot", fts5_db, phrase],
    }
    if len(argv) == 10:
        java, lucene_classpath, lucene_dir = argv[7:]
        commands["lucene"] = [java, "-cp", lucene_classpath, "LuceneBench", "oneshot", lucene_dir, phrase]
    out = {"phrase": phrase, "runs": runs, "ms": {}, "tool": None}
    for engine, command in commands.items():
        check = subprocess.run(command, capture_output=True, text=True)
        if check.returncode not in (0, 1):
            info(f"one-shot {engine} failed ({check.returncode}): {check.stderr.strip()[:500]}")
            continue
        ms, tool = time_command(command, runs)
        out["ms"][engine] = ms
        out["tool"] = tool
        info(f"one-shot {engine}: {ms:.1f} ms median ({tool})")
    out["commands"] = {k: " ".join(shell_quote(p) for p in v) for k, v in commands.items()}
    out["start"] = process_start(gazette, commands["gazette"], runs)
    out["entity_questions"] = entity_questions(gazette, gz_index, results_dir, runs)
    out["typo"] = typo_queries(gazette, gz_index, runs)
    write_json(os.path.join(results_dir, "oneshot.json"), out)
    return 0


def process_start(gazette, search, runs):
    """Gazette's one-shot search beside the start of a process that does nothing: a static Swift hello world
    (BENCH_HELLO_BIN, built by run.sh with the same compiler and static standard library), the same linked as
    gazette is (BENCH_HELLO_LINKED_BIN) and `gazette --version`, taking turns three times so that a drift of the
    machine's speed touches all of them."""
    hello = os.environ.get("BENCH_HELLO_BIN")
    if not hello or not os.access(hello, os.X_OK):
        info("no hello-world binary (BENCH_HELLO_BIN): process start not measured")
        return None
    commands = {"hello": [hello], "version": [gazette, "--version"], "search": search}
    # The same hello world linked as gazette is (libstdc++ static too, scripts/release-flags.sh), when run.sh could.
    linked = os.environ.get("BENCH_HELLO_LINKED_BIN")
    if linked and os.access(linked, os.X_OK):
        commands["hello_linked"] = [linked]
    ms = {name: [] for name in commands}
    for _ in range(3):
        for name, command in commands.items():
            ms[name].append(time_command(command, runs)[0])
    out = {name: statistics.median(values) for name, values in ms.items()}
    out["search_over_hello"] = out["search"] / out["hello"]
    if "hello_linked" in out:
        out["search_over_hello_linked"] = out["search"] / out["hello_linked"]
    info(f"process start: hello world {out['hello']:.1f} ms, gazette --version {out['version']:.1f} ms, "
         f"one-shot search {out['search']:.1f} ms ({out['search_over_hello']:.2f}x hello world)")
    return out


def word_counts(gz_index):
    """Word frequencies of the extracted text the engines indexed (BENCH work folder)."""
    extracted = os.path.join(os.path.dirname(os.path.abspath(gz_index)), "extracted.ndjson")
    counts = collections.Counter()
    with open(extracted, encoding="utf-8") as f:
        for line in f:
            counts.update(re.findall(r"[a-z]+", json.loads(line).get("text", "").lower()))
    return counts


def most_frequent_word(gz_index):
    """The corpus's most frequent word."""
    return word_counts(gz_index).most_common(1)[0][0]


def typo_queries(gazette, gz_index, runs):
    word = next(w for w, _ in word_counts(gz_index).most_common() if len(w) >= 6)
    typo = word[:2] + word[3] + word[2] + word[4:]
    out = {"word": word, "typo": typo, "ms": {}}
    for distance in (1, 2):
        command = [gazette, "search", f"{typo}~{distance}", "--count", "--index", gz_index]
        check = subprocess.run(command, capture_output=True, text=True)
        if check.returncode not in (0, 1):
            die(f"{typo}~{distance} failed ({check.returncode}): {check.stderr.strip()[:300]}")
        out["ms"][f"~{distance}"], _ = time_command(command, runs)
    plain = [gazette, "search", word, "--count", "--index", gz_index]
    out["ms"]["plain"], _ = time_command(plain, runs)
    info(f"typo queries: {typo}~1 {out['ms']['~1']:.1f} ms, {typo}~2 {out['ms']['~2']:.1f} ms, "
         f"{word} {out['ms']['plain']:.1f} ms (--count)")
    return out


def entity_questions(gazette, gz_index, results_dir, runs):
    word = most_frequent_word(gz_index)
    top = subprocess.run([gazette, "entities", "--limit", "1", "--json", "--index", gz_index],
                         capture_output=True, text=True)
    entity = json.loads(top.stdout)["entities"][0]["entity"] if top.returncode == 0 else None
    commands = {"search": [gazette, "search", word, "--index", gz_index, "--color", "never"],
                "facets": [gazette, "search", word, "--facets", "--index", gz_index, "--color", "never"],
                "entities": [gazette, "entities", "--index", gz_index]}
    if entity:
        commands["related"] = [gazette, "related", entity, "--index", gz_index]
        commands["mentions"] = [gazette, "mentions", entity, "--index", gz_index]
    for name, command in commands.items():
        check = subprocess.run(command, capture_output=True, text=True)
        if check.returncode not in (0, 1):
            die(f"{name} failed ({check.returncode}): {check.stderr.strip()[:300]}")
    out = {"word": word, "entity": entity, "ms": {}}
    # Plain and facets alternate, so that a drift of the machine's speed touches both.
    for name in ["search", "facets", "search", "facets"] + [k for k in commands if k not in ("search", "facets")]:
        ms, _ = time_command(commands[name], runs)
        out["ms"].setdefault(name, []).append(ms)
    out["ms"] = {k: statistics.median(v) for k, v in out["ms"].items()}
    out["facets_ratio"] = out["ms"]["facets"] / out["ms"]["search"]
    info(f"entity questions: search {word!r} {out['ms']['search']:.1f} ms, with --facets {out['ms']['facets']:.1f} ms "
         f"({out['facets_ratio']:.2f}x); " + ", ".join(f"{k} {v:.1f} ms" for k, v in out["ms"].items()
                                                       if k not in ("search", "facets")) + f" ({entity})")
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
