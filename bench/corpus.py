"""Links the .html files of unpacked Debian documentation packages into one corpus folder and measures it.

    python3 bench/corpus.py EXTRACT_ROOT CORPUS_DIR STATS.json PACKAGE...

EXTRACT_ROOT/PACKAGE holds what `dpkg-deb -x` unpacked; each .html file under it is hard-linked (copied when
linking fails) to CORPUS_DIR/PACKAGE/<path below usr/share/doc/>. Symbolic links are skipped so that no file
counts twice.
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MB, die, info, write_json  # noqa: E402


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    extract_root, corpus_dir, stats_path, packages = argv[0], argv[1], argv[2], argv[3:]
    if os.path.exists(corpus_dir):
        shutil.rmtree(corpus_dir)
    per_package = {}
    for package in packages:
        root = os.path.join(extract_root, package)
        files = size = 0
        for directory, subdirs, names in os.walk(root):
            subdirs.sort()
            for name in sorted(names):
                if not name.endswith(".html"):
                    continue
                source = os.path.join(directory, name)
                if os.path.islink(source) or not os.path.isfile(source):
                    continue
                rel = os.path.relpath(source, root)
                prefix = os.path.join("usr", "share", "doc") + os.sep
                if rel.startswith(prefix):
                    rel = rel[len(prefix):]
                target = os.path.join(corpus_dir, package, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copy2(source, target)
                files += 1
                size += os.path.getsize(source)
        if files == 0:
            die(f"package {package} holds no .html files under {root}")
        per_package[package] = {"files": files, "bytes": size}
        info(f"corpus: {package}: {files} HTML files, {size / MB:.1f} MB")
    files = sum(p["files"] for p in per_package.values())
    size = sum(p["bytes"] for p in per_package.values())
    write_json(stats_path, {"packages": per_package, "files": files, "html_bytes": size, "html_mb": size / MB})
    info(f"corpus: {files} HTML files, {size / MB:.1f} MB in {corpus_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
