"""Generates a large, reproducible corpus for the memory benchmark (make bench-memory), stdlib only.

    python3 bench/bigcorpus.py OUT_DIR --source EXTRACTED.ndjson [--news corpus] [--size-mb 1024] [--seed 1]

Real text remixed: paragraphs and sentences come from the Debian documentation text of `make bench`
(`gazette extract` NDJSON) and from the news articles of corpus/. A document follows a run of consecutive
sentences of one source (so terms co-occur as in real pages and the store compresses as real text does), jumping
elsewhere now and then. One sentence in four gets a word replaced by a rare made-up word, drawn from a
log-uniform distribution over 20 million distinct words, and one in thirty gets a made-up person's name: the
vocabulary keeps growing with the corpus (as Heaps' law says real corpora's do), which is what makes the term
table, dictionaries and entity index grow — a corpus that only repeats its source's words would hide that.

Files: sizes log-normal (median ~10 KB, a few up to 4 MB), 55 % HTML pages (head, style, script, navigation,
headings, paragraphs), 40 % .txt (title line, blank line, paragraphs), 5 % .md, 500 to a folder. Everything is
drawn from random.Random(seed), so the same source and arguments give the same bytes; a stamp file (.bigcorpus,
hidden, so not indexed) records them, and a run whose stamp matches does nothing. MB = 2^20 bytes here.
"""

import argparse
import hashlib
import html
import json
import math
import os
import random
import re
import shutil
import sys

STAMP = ".bigcorpus"
VERSION = 1
FILES_PER_FOLDER = 500
MAX_FILE = 4 << 20
RARE_VOCABULARY = 20_000_000

CONSONANTS = "bcdfghjklmnprstvwxz"
VOWELS = "aeiou"
SYLLABLES = [c + v for c in CONSONANTS for v in VOWELS]  # 95 two-letter syllables: words decode uniquely
FIRST_NAMES = ("Anna Maria Elena Olga Irina Sofia Laura Marta Ewa Ingrid Helena Clara Nadia Petra Yulia "
               "John Peter Michael David Andrei Sergei Pavel Marek Jan Lars Tomas Viktor Ivan Karl Stefan").split()
TITLES = ("Mr.", "Ms.", "Dr.", "Minister", "President", "Senator", "Judge", "General", "Professor")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])")


def rare_word(k):
    """The k-th made-up word: k in base len(SYLLABLES), at least two syllables."""
    parts = []
    k += len(SYLLABLES)
    while k:
        k, digit = divmod(k, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts)


def split_sentences(paragraph):
    return [s for s in SENTENCE_END.split(paragraph) if s.strip()]


def load_debian(path):
    """Paragraphs of the Debian text, in document order, as lists of sentences."""
    paragraphs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            text = doc["text"].encode("utf-8")
            for start, end in doc["blocks"]:
                block = text[start:end].decode("utf-8", "replace").strip()
                if len(block.split()) >= 3:
                    paragraphs.append(split_sentences(" ".join(block.split())))
    return paragraphs


def load_news(root):
    """Paragraphs of the sample news articles (plain text, Markdown or HTML)."""
    paragraphs = []
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                raw = f.read()
            if name.endswith((".html", ".htm")):
                blocks = [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p[^>]*>(.*?)</p>", raw, re.S)]
            else:
                blocks = re.split(r"\n\s*\n", raw)
            for block in blocks:
                block = " ".join(block.replace("#", " ").split())
                if len(block.split()) >= 3:
                    paragraphs.append(split_sentences(block))
    return paragraphs


class Writer:
    def __init__(self, rng, debian, news):
        self.rng = rng
        # One flat list of sentences with paragraph breaks, so a document can follow its source in order.
        self.sentences, self.breaks = [], []
        # The news articles are repeated until they make about a tenth of the sentences.
        repeat = max(1, round(0.1 * sum(map(len, debian)) / max(1, sum(map(len, news)))))
        for paragraph in debian + news * repeat:
            self.sentences.extend(paragraph)
            self.breaks.extend([False] * (len(paragraph) - 1) + [True])
        self.at = 0

    def mutate(self, sentence):
        rng = self.rng
        roll = rng.random()
        if roll < 0.25:
            words = sentence.split(" ")
            i = rng.randrange(len(words))
            word = rare_word(int(math.exp(rng.random() * math.log(RARE_VOCABULARY))) - 1)
            words[i] = word.capitalize() if words[i][:1].isupper() else word
            return " ".join(words)
        if roll < 0.283:
            first = rng.choice(FIRST_NAMES)
            last = rare_word(int(math.exp(rng.random() * math.log(200_000)))).capitalize()
            name = f"{rng.choice(TITLES)} {last}" if rng.random() < 0.5 else f"{first} {last}"
            return f"{name} said that {sentence[:1].lower()}{sentence[1:]}"
        return sentence

    def paragraphs(self, size):
        """Paragraphs (lists of sentences) totalling about `size` bytes."""
        rng = self.rng
        self.at = rng.randrange(len(self.sentences))
        out, current, total = [], [], 0
        while total < size:
            if rng.random() < 0.03:
                self.at = rng.randrange(len(self.sentences))
            sentence = self.mutate(self.sentences[self.at])
            current.append(sentence)
            total += len(sentence) + 1
            if self.breaks[self.at] or len(current) >= 8:
                out.append(" ".join(current))
                current = []
            self.at = (self.at + 1) % len(self.sentences)
        if current:
            out.append(" ".join(current))
        return out

    def title(self):
        words = self.mutate(self.sentences[self.rng.randrange(len(self.sentences))]).split()
        return " ".join(words[:self.rng.randint(3, 12)]).rstrip(".,:;")

    def html_page(self, title, paragraphs):
        rng = self.rng
        nav = "".join(f'<li><a href="/{rare_word(rng.randrange(5000))}.html">{html.escape(self.title())}</a></li>\n'
                      for _ in range(rng.randint(3, 9)))
        body = []
        for i, p in enumerate(paragraphs):
            if i and rng.random() < 0.12:
                body.append(f"<h2>{html.escape(self.title())}</h2>")
            body.append(f"<p>{html.escape(p)}</p>")
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n"
            "<style>body { font-family: Georgia, serif; margin: 0 auto; max-width: 46em; }\n"
            ".nav a { margin-right: 1em; } pre { background: #f4f4f4; }</style>\n"
            "<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>\n"
            f"</head>\n<body>\n<nav class=\"nav\"><ul>\n{nav}</ul></nav>\n<main>\n<h1>{html.escape(title)}</h1>\n"
            + "\n".join(body)
            + "\n</main>\n<footer><p>Generated for the Gazette memory benchmark.</p></footer>\n</body>\n</html>\n")

    def document(self):
        """(extension, bytes) of one document."""
        rng = self.rng
        size = min(MAX_FILE, max(300, int(rng.lognormvariate(math.log(10_000), 1.1))))
        title = self.title()
        paragraphs = self.paragraphs(size)
        kind = rng.random()
        if kind < 0.55:
            return "html", self.html_page(title, paragraphs).encode("utf-8")
        if kind < 0.95:
            return "txt", (title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")
        return "md", ("# " + title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--source", required=True, help="NDJSON of `gazette extract` (the Debian text)")
    parser.add_argument("--news", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "corpus"))
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    stamp = {"version": VERSION, "size_mb": args.size_mb, "seed": args.seed,
             "source": file_digest(args.source), "news": sorted(
                 (os.path.relpath(os.path.join(d, n), args.news), file_digest(os.path.join(d, n)))
                 for d, _, files in os.walk(args.news) for n in files)}
    stamp_path = os.path.join(args.out, STAMP)
    try:
        with open(stamp_path) as f:
            if json.load(f) == stamp:
                print(f"bigcorpus: {args.out} is up to date", file=sys.stderr)
                return 0
    except (OSError, ValueError):
        pass
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)

    rng = random.Random(args.seed)
    writer = Writer(rng, load_debian(args.source), load_news(args.news))
    target = args.size_mb << 20
    total = files = 0
    while total < target:
        extension, data = writer.document()
        folder = os.path.join(args.out, f"{files // FILES_PER_FOLDER:04d}")
        if files % FILES_PER_FOLDER == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"doc{files:06d}.{extension}"), "wb") as f:
            f.write(data)
        total += len(data)
        files += 1
        if files % 5000 == 0:
            print(f"bigcorpus: {files} files, {total / (1 << 20):.0f} MB", file=sys.stderr, flush=True)
    with open(stamp_path + ".tmp", "w") as f:
        json.dump(stamp, f)
    os.replace(stamp_path + ".tmp", stamp_path)
    print(f"bigcorpus: wrote {files} files, {total / (1 << 20):.0f} MB to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
