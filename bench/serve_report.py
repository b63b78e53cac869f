"""Turns bench/serve.sh's wrk runs into bench/work/serve.json and the "Serving" section of BENCHMARKS.md.

    python3 bench/serve_report.py RUNS SOAK BATCH PHRASE TERM RSS_START RSS_AFTER SAMPLES SECONDS SOAK_SECONDS OUT_JSON BENCHMARKS
"""

import json
import re
import statistics
import sys
import time

START, END = "<!-- serve:start -->", "<!-- serve:end -->"


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output):
    out = {"rps": None, "p50": None, "p99": None, "errors": 0, "requests": None}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        out["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in", output):
        out["requests"] = int(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        if m := re.search(rf"^\s+{pct}%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M):
            out[key] = milliseconds(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        out["errors"] += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        out["errors"] += sum(int(g) for g in m.groups())
    return out


def main(argv):
    (runs_path, soak_path, batch_path, phrase, term, rss_start, rss_after, samples, seconds, soak_seconds,
     out_json, benchmarks) = argv
    runs = []
    with open(runs_path, encoding="utf-8") as f:
        for line in f:
            name, connections, output = line.rstrip("\n").split("\t", 2)
            route, kind = name.split(" ")
            runs.append({"route": route, "kind": kind, "connections": int(connections),
                         **parse_wrk(output.replace("\x1f", "\n"))})
    with open(soak_path, encoding="utf-8") as f:
        soak = parse_wrk(f.read())
    took = {}
    with open(batch_path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            took.setdefault(row["query"], []).append(row["took_us"] / 1000)
    in_process = {"phrase": statistics.median(took.get(phrase, [0])), "term": statistics.median(took.get(term, [0]))}
    memory = [int(x) for x in samples.split()]
    result = {"phrase": phrase, "term": term, "seconds": int(seconds), "runs": runs, "soak": soak,
              "soak_seconds": int(soak_seconds), "in_process_ms": in_process,
              "rss_kb": {"start": int(rss_start), "after_runs": int(rss_after), "soak_samples": memory},
              "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)

    def fmt(value, places=1):
        return "—" if value is None else f"{value:,.{places}f}"

    lines = [START, "", "## Serving (`make bench-serve`)", "",
             f"`gazette serve` on the `make bench` index under wrk, {seconds} s a run, measured {result['when']}; "
             f"phrase `{phrase}`, term `{term}` (facets: the term). In-process time of the same queries "
             f"(`search --batch`, median of 20): phrase {fmt(in_process['phrase'], 2)} ms, term "
             f"{fmt(in_process['term'], 2)} ms. The target: the API's p50 within 1.5× of it, no error at 64 "
             "connections, memory flat under load.", "",
             "| route | query | connections | requests/s | p50 (ms) | p99 (ms) | p50 / in-process | errors |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        base = in_process.get(run["kind"]) if run["route"] == "api" else None
        ratio = f"{run['p50'] / base:.2f}×" if base and run["p50"] is not None else "—"
        route = {"page": "/search", "api": "/api/search"}[run["route"]] if run["kind"] != "facets" else "/api/facets"
        lines.append(f"| {route} | {run['kind']} | {run['connections']} | {fmt(run['rps'])} | {fmt(run['p50'], 2)} | "
                     f"{fmt(run['p99'], 2)} | {ratio} | {run['errors']} |")
    lines += ["", f"Soak, {soak_seconds} s at 64 connections on `/api/search?q={term}`: {fmt(soak['rps'])} requests/s, "
              f"p50 {fmt(soak['p50'], 2)} ms, p99 {fmt(soak['p99'], 2)} ms, {soak['errors']} errors. Server resident "
              f"memory: {int(rss_start) // 1024} MB at start, {int(rss_after) // 1024} MB after the runs, then every "
              f"10 s of the soak: {', '.join(str(m // 1024) for m in memory)} MB.", "", END]
    section = "\n".join(lines)
    with open(benchmarks, encoding="utf-8") as f:
        text = f.read()
    if START in text and END in text:
        text = text.split(START, 1)[0] + section + text.split(END, 1)[1]
    else:
        anchor = "<!-- entities:start -->"
        text = text.replace(anchor, section + "\n\n" + anchor, 1) if anchor in text else text + "\n" + section + "\n"
    with open(benchmarks, "w", encoding="utf-8") as f:
        f.write(text)
    print(section)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
