"""Gazette side of the query benchmark.

    python3 bench/gazette_bench.py query GAZETTE_BIN QUERIES.txt INDEX_DIR OUT.json

With `gazette search --batch FILE` (one process, one NDJSON object per query line with "total", "took_us" and
"hits"): one warm-up run, then one measured run whose took_us are the latencies; then the same without snippets
(`--snippets 0`, "us_search": matching, ranking and the total only).
Without --batch (older binaries): one `gazette search --json` process per query; the totals are still
compared, but the latencies are then whole-process wall times, and OUT.json says so ("mode": "per-process").
"""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import TIMED_PASSES, die, info, median_times, query_kind, read_queries, write_json  # noqa: E402


def has_option(binary, subcommand, option):
    try:
        text = subprocess.run([binary, subcommand, "--help"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return option in text


def run_batch(binary, queries_path, index_dir, extra=()):
    command = [binary, "search", "--batch", queries_path, "--index", index_dir, "--limit", "10", *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        die(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr.strip()[:2000]}")
    objects = []
    for number, line in enumerate(done.stdout.splitlines(), 1):
        if not line.strip():
            continue
        try:
            objects.append(json.loads(line))
        except json.JSONDecodeError as error:
            die(f"gazette search --batch: output line {number} is not JSON ({error}): {line[:200]}")
    return objects


def query(binary, queries_path, index_dir, out):
    lines = read_queries(queries_path)
    results = []
    if has_option(binary, "search", "--batch"):
        run_batch(binary, queries_path, index_dir)  # warm-up
        passes = [run_batch(binary, queries_path, index_dir) for _ in range(TIMED_PASSES)]
        if any(len(objects) != len(lines) for objects in passes):
            die(f"gazette search --batch printed {[len(o) for o in passes]} objects for {len(lines)} queries")
        objects = median_times(passes, ("took_us",))
        # Core matching: the same queries without snippets (top 10 and the total; the hits' paths come from the
        # file catalog and no stored document is read), as Tantivy's and Lucene's "search only".
        run_batch(binary, queries_path, index_dir, ["--snippets", "0"])  # warm-up
        passes = [run_batch(binary, queries_path, index_dir, ["--snippets", "0"]) for _ in range(TIMED_PASSES)]
        if any(len(objects) != len(lines) for objects in passes):
            die(f"gazette search --batch --snippets 0 printed {[len(o) for o in passes]} objects for {len(lines)} queries")
        bare = median_times(passes, ("took_us",))
        for line, obj, core in zip(lines, objects, bare):
            if "error" in obj and "total" not in obj:
                info(f"gazette: query {line!r} failed: {obj['error']}")
            if core.get("total") != obj.get("total"):
                die(f"gazette: {line!r} counts {obj.get('total')} with snippets, {core.get('total')} without")
            results.append({"query": line, "kind": query_kind(line), "total": obj.get("total"),
                            "us": obj.get("took_us"), "us_search": core.get("took_us")})
        mode = "batch"
    else:
        info("gazette search has no --batch: one process per query (latencies are whole-process wall times)")
        for line in lines:
            command = [binary, "search", line, "--index", index_dir, "--limit", "10", "--json"]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            wall = time.perf_counter() - start
            total = None
            if done.returncode in (0, 1):
                try:
                    total = json.loads(done.stdout).get("total")
                except json.JSONDecodeError:
                    pass
            if total is None:
                info(f"gazette: query {line!r} failed ({done.returncode}): {done.stderr.strip()[:300]}")
            results.append({"query": line, "kind": query_kind(line), "total": total, "us": wall * 1e6})
        mode = "per-process"
    write_json(out, {"engine": "gazette", "mode": mode, "queries": results})


def main(argv):
    if argv[:1] == ["query"] and len(argv) == 5:
        query(*argv[1:])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
