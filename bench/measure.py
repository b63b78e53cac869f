"""Runs one command as a fresh child process and records its wall time and resource use.

    python3 bench/measure.py OUT.json [--log FILE] -- COMMAND [ARGS...]

Wall time is time.perf_counter() around the child; peak RSS, user and system CPU come from os.wait4 for that
child alone (so each engine's figures are its own). Exits with the child's status.
"""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MB, write_json  # noqa: E402


def main(argv):
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
