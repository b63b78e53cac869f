"""STAND-IN for `gazette extract`, used only while the gazette binary has no `extract` command.

    python3 bench/fake_extract.py CORPUS_DIR > OUT.ndjson

Prints the same NDJSON contract as `gazette extract` — one object per .html/.htm/.txt/.md file:
{"path": relative path, "title": str or null, "text": str, "blocks": [[startByte, endByte], ...]} — using
Python's html.parser, so its text is close to, but not the same as, what Gazette indexes. run.sh labels every
figure made with it as such; it is never the benchmark's real source of text.
"""

import html.parser
import json
import os
import re
import sys

BLOCK_TAGS = frozenset("""
address article aside blockquote body br caption dd details div dl dt figcaption figure footer form h1 h2 h3 h4
h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul
""".split())
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
SPACE_RE = re.compile(r"\s+")


class Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        self.skip = 0
        self.in_title = False
        self.title = []

    def flush(self):
        text = SPACE_RE.sub(" ", "".join(self.current)).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
        elif tag in SKIP_TAGS:
            self.skip += 1
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.current.append(data)


def extract(path):
    with open(path, "rb") as f:
        raw = f.read()
    content = raw.decode("utf-8", errors="replace")
    if path.endswith((".html", ".htm")):
        collector = Collector()
        collector.feed(content)
        collector.close()
        collector.flush()
        title = SPACE_RE.sub(" ", "".join(collector.title)).strip() or None
        pieces = collector.blocks
    else:
        lines = content.split("\n")
        title = lines[0].strip() or None
        pieces = [SPACE_RE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", "\n".join(lines[1:]))]
        pieces = [p for p in pieces if p]
    text_parts, blocks, offset = [], [], 0
    for piece in pieces:
        size = len(piece.encode("utf-8"))
        blocks.append([offset, offset + size])
        text_parts.append(piece)
        offset += size + 1
    return title, "\n".join(text_parts), blocks


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = argv[0]
    out = sys.stdout
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            if not name.endswith((".html", ".htm", ".txt", ".md")):
                continue
            path = os.path.join(directory, name)
            title, text, blocks = extract(path)
            out.write(json.dumps({"path": os.path.relpath(path, root), "title": title, "text": text,
                                  "blocks": blocks}, ensure_ascii=False))
            out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
