"""Measures the extracted text and writes it back as one .txt file per document for `gazette index`.

    python3 bench/textcorpus.py EXTRACTED.ndjson TEXT_CORPUS_DIR STATS.json [CORPUS_DIR]

Each .txt file is the title on line 1, a blank line, then the blocks separated by blank lines (a block's own
newlines are turned into spaces, so that Gazette's plain-text reader sees exactly the same blocks). The
extracted-text size — UTF-8 bytes of titles plus blocks — is the denominator of every throughput figure.
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import MB, die, info, read_docs, write_json  # noqa: E402


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    ndjson, out_dir, stats_path = argv[:3]
    # Paths in the NDJSON may be relative to the corpus, or include it (relative to the working directory or
    # absolute): the .txt files mirror the path below the corpus folder either way.
    corpus_prefixes = []
    if len(argv) == 4:
        corpus_prefixes = [os.path.join(p, "") for p in (argv[3], os.path.abspath(argv[3]),
                                                          os.path.relpath(argv[3]))]
    if os.path.exists(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    docs = empty = blocks_total = text_bytes = titled = 0
    seen = set()
    for path, title, blocks in read_docs(ndjson):
        docs += 1
        rel = path
        for prefix in corpus_prefixes:
            if rel.startswith(prefix):
                rel = rel[len(prefix):]
                break
        rel = os.path.normpath(rel).lstrip("/")
        if rel.startswith(".."):
            die(f"{ndjson}: path {path} is outside the corpus")
        if rel in seen:
            die(f"{ndjson}: path {rel} appears twice")
        seen.add(rel)
        text_bytes += sum(len(b.encode("utf-8")) for b in blocks) + (len(title.encode("utf-8")) if title else 0)
        if title:
            titled += 1
            title = " ".join(title.split())
        blocks = [" ".join(b.split()) for b in blocks]
        blocks = [b for b in blocks if b]
        blocks_total += len(blocks)
        if not blocks and not title:
            empty += 1
        target = os.path.join(out_dir, rel + ".txt")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            parts = ([title] if title else []) + blocks
            f.write("\n\n".join(parts))
            f.write("\n")
    if docs == 0:
        die(f"{ndjson} holds no documents")
    stats = {"docs": docs, "docs_with_title": titled, "empty_docs": empty, "blocks": blocks_total,
             "text_bytes": text_bytes, "text_mb": text_bytes / MB,
             "ndjson_mb": os.path.getsize(ndjson) / MB}
    write_json(stats_path, stats)
    info(f"extracted text: {docs} documents, {blocks_total} blocks, {text_bytes / MB:.1f} MB "
         f"({empty} empty, {titled} with a title)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
