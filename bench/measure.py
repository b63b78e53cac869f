"""Runs one command as a fresh child process and records its wall time and resource use.

    python3 bench/measure.py OUT.json [--log FILE] -- COMMAND [ARGS...]
    python3 bench/measure.py --median RESULTS_DIR NAME...

The second form picks, for each NAME, the run with the median wall time among RESULTS_DIR/index-NAME.runN.json
and copies it (and NAME's matching stats file, RESULTS_DIR/NAME-stats.runN.json, if any) to index-NAME.json and
NAME-stats.json, adding every run's wall time as "runs_wall_s".

Wall time is time.perf_counter() around the child; peak RSS, user and system CPU come from os.wait4 for that
child alone (so each engine's figures are its own). Exits with the child's status.
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MB, load_json, write_json  # noqa: E402


def median_runs(results_dir, names):
    for name in names:
        runs = []
        for entry in sorted(os.listdir(results_dir)):
            match = re.fullmatch(rf"index-{re.escape(name)}\.run(\d+)\.json", entry)
            if match:
                runs.append((load_json(os.path.join(results_dir, entry)), match.group(1)))
        if not runs:
            continue
        ordered = sorted(runs, key=lambda r: r[0]["wall_s"])
        chosen, number = ordered[(len(ordered) - 1) // 2]
        chosen["runs_wall_s"] = [r[0]["wall_s"] for r in runs]
        chosen["run"] = int(number)
        if any(r[0].get("exit") != 0 for r in runs):
            chosen["exit"] = next(r[0]["exit"] for r in runs if r[0].get("exit") != 0)
        write_json(os.path.join(results_dir, f"index-{name}.json"), chosen)
        stats = load_json(os.path.join(results_dir, f"{name}-stats.run{number}.json"))
        if stats is not None:
            write_json(os.path.join(results_dir, f"{name}-stats.json"), stats)
    return 0


def main(argv):
    if argv[:1] == ["--median"] and len(argv) >= 2:
        return median_runs(argv[1], argv[2:])
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    if not options or not command:
        print(__doc__, file=sys.stderr)
        return 2
    out = options[0]
    log = None
    if "--log" in options:
        log = options[options.index("--log") + 1]

    stdout = open(log, "wb") if log else None
    start = time.perf_counter()
    try:
        child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.STDOUT if log else None)
    except OSError as error:
        print(f"bench: error: cannot run {command[0]}: {error}", file=sys.stderr)
        return 127
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        stdout.close()
    write_json(out, {
        "command": command,
        "exit": child.returncode,
        "wall_s": wall,
        "user_s": usage.ru_utime,
        "sys_s": usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss * 1024 / MB,  # ru_maxrss is in KiB on Linux
        "cpu_utilisation": (usage.ru_utime + usage.ru_stime) / wall if wall > 0 else None,
    })
    return child.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
