"""Peak memory of `gazette index` and `gazette optimize` on a large corpus (make bench-memory), stdlib only.

    python3 bench/memory.py run GAZETTE_BIN CORPUS WORK_DIR OUT.json [--label NAME] [--budgets 16,64,256]
    python3 bench/memory.py report BENCHMARKS.md RESULT.json [RESULT.json ...]

`run` indexes CORPUS from scratch once per budget (`--full --memory-budget B`, the default thread count, then
64 MB with 4 threads: more threads than cores, sharing the budget), then updates the index of the default budget
incrementally after changing 3 % of the corpus (1 % of the files removed, 1 % rewritten, 1 % added: the removed
and rewritten originals are moved into a hidden folder of the corpus, which the walker skips, and moved back
afterwards, so the corpus is left exactly as it was), then runs `gazette optimize` on that index. Each command is
one fresh process; its peak resident set (ru_maxrss), wall, user and system time come from wait4 for that
process alone. The fixed part is measured too: `gazette index` of the repository's 30-article corpus/.

`report` writes the "Memory" section of BENCHMARKS.md, between <!-- memory:start --> and <!-- memory:end -->
(bench/report.py keeps it), with one column per result file (e.g. before and after a change).

MB here is 2^20 bytes, as for --memory-budget.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
START_MARKER = "<!-- memory:start -->"
END_MARKER = "<!-- memory:end -->"
DEFAULT_BUDGET = 256
STASH = ".memory-bench-stash"
ADDED = "zz-memory-bench-added"
MIB = 1 << 20


def info(message):
    print(f"bench-memory: {message}", file=sys.stderr, flush=True)


def run_command(command):
    """Runs `command` as one fresh process; returns its figures (peak RSS in MiB, times in s) and its stdout."""
    start = time.perf_counter()
    with open(os.devnull, "rb") as devnull:
        child = subprocess.Popen(command, stdin=devnull, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out_chunks, err_chunks = [], []
    # The outputs are small (one summary line); reading them to the end before wait4 cannot block.
    out_chunks.append(child.stdout.read())
    err_chunks.append(child.stderr.read())
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    out = b"".join(out_chunks).decode("utf-8", "replace")
    err = b"".join(err_chunks).decode("utf-8", "replace")
    if child.returncode != 0:
        sys.stderr.write(err)
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}")
    return {"peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "wall_s": round(wall, 2),
            "user_s": round(usage.ru_utime, 2), "sys_s": round(usage.ru_stime, 2)}, out


def summary_counts(line):
    """Segments and index size from the one-line summary of `index` or `optimize`."""
    segments = re.search(r"in (\d+) segments?", line)
    size = re.search(r", ([\d.]+) (KB|MB|GB),", line)
    result = {"summary": line.strip()}
    if segments:
        result["segments"] = int(segments.group(1))
    if size:
        result["index_mb"] = float(size.group(1)) * {"KB": 1 / 1024, "MB": 1, "GB": 1024}[size.group(2)]
    return result


def corpus_files(corpus):
    files = []
    for folder, dirs, names in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                files.append(os.path.join(folder, name))
    return files


def restore(corpus):
    """Undoes `change`: the added folder goes, the stashed originals come back (with their own mtimes)."""
    shutil.rmtree(os.path.join(corpus, ADDED), ignore_errors=True)
    stash = os.path.join(corpus, STASH)
    if not os.path.isdir(stash):
        return
    for folder, _, names in os.walk(stash):
        for name in names:
            source = os.path.join(folder, name)
            target = os.path.join(corpus, os.path.relpath(source, stash))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    shutil.rmtree(stash)


def change(corpus):
    """Removes 1 % of the files, rewrites 1 %, adds 1 %; returns the three counts."""
    files = corpus_files(corpus)
    stash = os.path.join(corpus, STASH)
    added_dir = os.path.join(corpus, ADDED)
    os.makedirs(added_dir, exist_ok=True)
    removed = rewritten = added = 0
    for number, path in enumerate(files):
        relative = os.path.relpath(path, corpus)
        if number % 100 in (0, 50):
            with open(path, "rb") as f:
                content = f.read()
            target = os.path.join(stash, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(path, target)
            if number % 100 == 50:
                with open(path, "wb") as f:
                    f.write(content + b"\n\nA paragraph added by the memory benchmark's incremental run.\n")
                rewritten += 1
            else:
                removed += 1
        elif number % 100 == 25:
            with open(path, "rb") as f:
                content = f.read()
            name = relative.replace(os.sep, "-")
            with open(os.path.join(added_dir, name), "wb") as f:
                f.write(b"Added copy\n\n" + content)
            added += 1
    return removed, rewritten, added


def run(argv):
    binary, corpus, work, out_path = argv[:4]
    label = "this build"
    budgets = [16, 64, DEFAULT_BUDGET]
    rest = argv[4:]
    while rest:
        if rest[0] == "--label":
            label, rest = rest[1], rest[2:]
        elif rest[0] == "--budgets":
            budgets, rest = [int(b) for b in rest[1].split(",")], rest[2:]
        else:
            raise SystemExit(f"unknown option {rest[0]}")
    os.makedirs(work, exist_ok=True)
    restore(corpus)  # a run interrupted while the corpus was changed
    files = corpus_files(corpus)
    corpus_bytes = sum(os.path.getsize(f) for f in files)
    result = {"label": label, "binary": binary, "corpus": corpus, "corpus_files": len(files),
              "corpus_mib": round(corpus_bytes / MIB, 1), "runs": []}

    def index_dir(name):
        path = os.path.join(work, name)
        shutil.rmtree(path, ignore_errors=True)
        return path

    # The fixed part: the binary, the recogniser's tables, one small corpus.
    small = index_dir("memory-sample-index")
    figures, out = run_command([binary, "index", os.path.join(REPO_DIR, "corpus"), "--index", small, "--full"])
    result["fixed"] = dict(figures, **summary_counts(out))
    info(f"sample corpus: {figures['peak_rss_mib']:.0f} MiB")
    shutil.rmtree(small, ignore_errors=True)

    # Read the corpus once so that no run pays for the first read from disk more than another.
    for path in files:
        with open(path, "rb") as f:
            while f.read(1 << 20):
                pass

    default_index = None
    configurations = [(budget, None) for budget in budgets] + [(64, 4)]
    for budget, threads in configurations:
        name = f"memory-index-{budget}" + (f"-t{threads}" if threads else "")
        index = index_dir(name)
        command = [binary, "index", corpus, "--index", index, "--full", "--memory-budget", str(budget)]
        if threads:
            command += ["--threads", str(threads)]
        info(" ".join(command[1:]))
        figures, out = run_command(command)
        entry = dict(figures, **summary_counts(out), kind="index --full", budget_mib=budget, threads=threads)
        result["runs"].append(entry)
        info(f"  peak {figures['peak_rss_mib']:.0f} MiB, {figures['wall_s']:.1f} s")
        if budget == DEFAULT_BUDGET and threads is None:
            default_index = index
        else:
            shutil.rmtree(index, ignore_errors=True)

    if default_index:
        try:
            removed, rewritten, added = change(corpus)
            command = [binary, "index", corpus, "--index", default_index]
            info(" ".join(command[1:]) + f"  ({removed} removed, {rewritten} rewritten, {added} added)")
            figures, out = run_command(command)
        finally:
            restore(corpus)
        result["runs"].append(dict(figures, **summary_counts(out), kind="index (incremental)",
                                   budget_mib=DEFAULT_BUDGET, threads=None,
                                   change={"removed": removed, "rewritten": rewritten, "added": added}))
        info(f"  peak {figures['peak_rss_mib']:.0f} MiB, {figures['wall_s']:.1f} s")
        command = [binary, "optimize", "--index", default_index]
        info(" ".join(command[1:]))
        figures, out = run_command(command)
        result["runs"].append(dict(figures, **summary_counts(out), kind="optimize", budget_mib=None, threads=None))
        info(f"  peak {figures['peak_rss_mib']:.0f} MiB, {figures['wall_s']:.1f} s")
        shutil.rmtree(default_index, ignore_errors=True)

    try:
        loadavg = open("/proc/loadavg").read().split()[:3]
    except OSError:
        loadavg = []
    result["loadavg_end"] = " ".join(loadavg)
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    info(f"wrote {out_path}")
    return 0


def run_name(run):
    if run["kind"] == "index --full":
        name = f"`index --full --memory-budget {run['budget_mib']}`"
        if run["budget_mib"] == DEFAULT_BUDGET:
            name += " (default)"
        if run.get("threads"):
            name += f" `--threads {run['threads']}`"
        return name
    if run["kind"] == "index (incremental)":
        c = run.get("change", {})
        return (f"`index` incremental, default budget ({c.get('removed', '?')} removed, "
                f"{c.get('rewritten', '?')} rewritten, {c.get('added', '?')} added)")
    return "`optimize` (every segment into one)"


def report(argv):
    out_path, result_paths = argv[0], argv[1:]
    results = []
    for path in result_paths:
        with open(path, encoding="utf-8") as f:
            results.append(json.load(f))
    last = results[-1]
    lines = [START_MARKER, "## Memory", ""]
    lines.append(
        "Generated by `make bench-memory` (bench/memory.sh, bench/memory.py); this section is kept by bench/report.py. "
        f"Corpus: {last['corpus_files']:,} files, {last['corpus_mib']:,.0f} MiB (bench/bigcorpus.py: the Debian "
        "documentation text of `make bench` and the articles of corpus/ remixed, with made-up rare words and names "
        "so that the vocabulary and the entity dictionary keep growing; 55 % HTML, 40 % text, 5 % Markdown; "
        "sizes log-normal around 10 KB, up to 4 MiB). Peak RSS is `ru_maxrss` of the process (wait4; a "
        "child started by vfork inherits its parent's high-water mark, but this Python parent's is about 10 MiB, "
        "below every figure); MiB = 2^20 "
        "bytes, the unit of `--memory-budget`. Each run is one process on an empty index, except the incremental "
        "run and `optimize`, which follow the default-budget run.")
    lines.append("")
    labels = " → ".join(r["label"] for r in results)
    lines.append(f"| run | peak RSS, MiB ({labels}) | {last['label']}: peak − budget | wall s ({labels}) "
                 f"| user s ({labels}) | segments ({labels}) |")
    lines.append("|---|---:|---:|---:|---:|---:|")
    keys = [(r["kind"], r.get("budget_mib"), r.get("threads")) for r in last["runs"]]

    def find(result, key):
        for r in result["runs"]:
            if (r["kind"], r.get("budget_mib"), r.get("threads")) == key:
                return r
        return None

    def across(key, field, digits):
        values = []
        for result in results:
            r = find(result, key)
            values.append("—" if r is None or r.get(field) is None else f"{r[field]:,.{digits}f}")
        return " → ".join(values)

    for key in keys:
        run = find(last, key)
        over = f"{run['peak_rss_mib'] - run['budget_mib']:+,.0f}" if run.get("budget_mib") else "—"
        lines.append(f"| {run_name(run)} | {across(key, 'peak_rss_mib', 0)} | {over} | {across(key, 'wall_s', 1)} "
                     f"| {across(key, 'user_s', 1)} | {across(key, 'segments', 0)} |")
    fixed = " · ".join(f"{r['label']}: {r['fixed']['peak_rss_mib']:,.0f} MiB" for r in results if "fixed" in r)
    lines.append("")
    lines.append(f"Fixed part, `gazette index corpus/` (30 articles): {fixed}.")
    lines.append("")
    lines.append("Measured " + " · ".join(f"{r['label']}: {r['date']}, load average at the end {r.get('loadavg_end', '?')}"
                                      for r in results) + " (other work on the machine shows in the times, not in "
                 "the peaks).")
    notes = os.path.join(BENCH_DIR, "memory-notes.md")
    if os.path.exists(notes):
        lines.append("")
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
        new = head + section + rest.split(END_MARKER, 1)[1]
    elif "\n## History" in old:
        head, tail = old.split("\n## History", 1)
        new = head.rstrip("\n") + "\n\n" + section + "\n\n## History" + tail
    else:
        new = old.rstrip("\n") + ("\n\n" if old else "") + section + "\n"
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(new)
    info(f"wrote the memory section of {out_path}")
    return 0


def main(argv):
    if argv[:1] == ["run"] and len(argv) >= 5:
        return run(argv[1:])
    if argv[:1] == ["report"] and len(argv) >= 3:
        return report(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
