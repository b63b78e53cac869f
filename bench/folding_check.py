"""Held-out check of Gazette's accent folding against SQLite FTS5 (`unicode61 remove_diacritics 2`).

    python3 bench/folding_check.py HTML_DIR GAZETTE_BIN [--work DIR] [--per-class N] [--max-pages N]

HTML_DIR is the `html` folder of the Debian package debian-handbook: one folder per language (el-GR, ru-RU, ...),
a corpus nobody tuned Gazette on. bench/folding.sh fetches and unpacks it and calls this script.

1. Up to --max-pages pages per language (a seeded sample when a language has more) are copied to
   WORK/folding/corpus/LANG/, `gazette extract` turns them into WORK/folding/extracted.ndjson once, and, as the
   benchmark does (textcorpus.py, fts5_bench.py), both engines index that same text: Gazette the .txt files
   (title, then the blocks), FTS5 the title and body columns (blocks joined by a separator token).
   One Gazette index and one FTS5 database hold all languages.
2. Queries are drawn per language with random.Random(42) from the words as written in the text (a word is a
   whitespace/punctuation-delimited run of letters, digits and combining marks, with an apostrophe between two of
   them kept): (a) `accented`: words that lose something when their accents are stripped, as written;
   (b) `stripped`: the same words stripped (NFD, combining marks dropped, NFC; and ß→ss, æ→ae, œ→oe, ø→o, ł→l,
   đ/ð→d, þ→th, which have no decomposition), i.e. the query typed on a plain keyboard, the case accent folding
   exists for; (c) `plain`: words with nothing to strip; (d) `phrase`: two consecutive words with only a space
   between them. Half of each word class is drawn by occurrence (frequent words), half from the distinct words.
   No word is an operator (AND OR NOT NEAR, any case) or contains a character either query language treats
   specially (by construction words only hold letters, digits, marks and apostrophes).
3. Each query counts documents of its own language: Gazette `folder:LANG word` (or `folder:LANG "w1 w2"`) in one
   `search --batch --limit 0`; FTS5 `MATCH '"word"'` (or `'"w1 w2"'`) AND path GLOB 'LANG/*'.
4. Every disagreement is diagnosed from evidence: documents one engine matches and the other does not, with the
   words that matched there (FTS5's snippet; for Gazette a Python reference of its documented token rules).
   The reference also predicts Gazette's count for every query; a query where Gazette and its documented rules
   differ is listed apart (a Gazette bug or an undocumented rule).

Queries holding Han, Hiragana or Katakana are reported apart and kept out of the overall figure: Gazette makes one
token per such character while unicode61 keeps a whole run ("调试系统", "Debianの") as one token, so the two
count different things by design.

Writes WORK/folding-check.md (also printed to stdout) and WORK/folding-disagreements.txt.
"""

import argparse
import collections
import functools
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fts5_bench  # noqa: E402
import textcorpus  # noqa: E402
from common import OPERATOR_WORDS, WORK_DIR, die, info, read_docs  # noqa: E402
from token_rules import APOSTROPHES, DRAW_WORD_RE, GZ_TOKEN_RE, classes, is_cjk  # noqa: E402

SEED = 42
CLASSES = ("accented", "stripped", "plain", "phrase")
CJK_LANGS = ("ja-JP", "zh-CN", "zh-TW")

# ------------------------------------------------------------------------------------------------------------------
# Character classes, built once from Python's Unicode database.

DIACRITIC_BLOCKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
# Letters with no canonical decomposition that Gazette documents as folded (docs: ß→ss, æ→ae, œ→oe, ø→o, ł→l,
# đ/ð→d, þ→th; plus the few other stroke letters Lucene's ASCIIFoldingFilter folds).
SPECIAL = {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l",
           "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ħ": "h", "Ħ": "h",
           "ŧ": "t", "Ŧ": "t", "ŀ": "l", "Ŀ": "l", "ĳ": "ij", "Ĳ": "ij"}
SPECIAL_LETTERS = frozenset(SPECIAL)


def in_diacritic_block(ch):
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in DIACRITIC_BLOCKS)


def script(ch):
    return unicodedata.name(ch, "?").split(" ")[0]


_fold_cache = {}


def fold_char(ch):
    """Gazette's documented folding of one character: full case folding, then Latin and Greek letters lose
    their accents (NFD, marks removed; SPECIAL), combining diacritics are removed anywhere."""
    hit = _fold_cache.get(ch)
    if hit is not None:
        return hit
    if ch in APOSTROPHES:
        out = "'"
    elif ch == "\u0130":
        out = "i"
    else:
        parts = []
        for c in ch.casefold():
            if in_diacritic_block(c):
                continue
            if c in SPECIAL:
                parts.append(SPECIAL[c])
                continue
            if ord(c) >= 0xC0 and script(c) in ("LATIN", "GREEK"):
                d = unicodedata.normalize("NFD", c)
                base = "".join(x for x in d if not in_diacritic_block(x))
                if base and base != c:
                    parts.append("".join(SPECIAL.get(x, x) for x in base).lower())
                    continue
            parts.append(c)
        out = "".join(parts)
    _fold_cache[ch] = out
    return out


_key_cache = {}


def gz_key(token):
    """The term Gazette's documented rules make of one token."""
    hit = _key_cache.get(token)
    if hit is None:
        hit = "".join(fold_char(c) for c in token)
        if hit.endswith("'s") and len(hit) > 2:
            hit = hit[:-2]
        _key_cache[token] = hit
    return hit


def gz_tokens(text):
    """[(term, start, end)] of a string under Gazette's documented rules."""
    return [(gz_key(text[m.start():m.end()]), m.start(), m.end()) for m in GZ_TOKEN_RE.finditer(classes(text))]


@functools.lru_cache(maxsize=None)
def strip_accents(word):
    """What a user without accents types: NFD, every combining mark dropped, NFC; letters without a
    decomposition by SPECIAL (keeping an initial capital)."""
    d = unicodedata.normalize("NFD", word)
    s = unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.category(c).startswith("M")))
    out = []
    for c in s:
        if c in SPECIAL:
            r = SPECIAL[c]
            out.append(r.capitalize() if c.isupper() else r)
        else:
            out.append(c)
    return "".join(out)


def has_cjk(s):
    return any(is_cjk(c) for c in s)


@functools.lru_cache(maxsize=None)
def is_query_word(word):
    if not (2 <= len(word) <= 30):
        return False
    if word.casefold() in OPERATOR_WORDS:
        return False
    if not any(unicodedata.category(c)[0] == "L" for c in word):
        return False
    # By construction a word holds letters, digits, marks and apostrophes only; check anyway.
    return not any(c in '"*-:()~=^+&|\\' or c.isspace() for c in word)


# ------------------------------------------------------------------------------------------------------------------
# Corpus preparation.

def language_of(path):
    return path.replace("\\", "/").lstrip("./").split("/", 1)[0]


def select_pages(html_dir, max_pages, rng):
    """{lang: (picked pages, number of pages)}: up to max_pages .html pages of each language folder."""
    langs = sorted(d for d in os.listdir(html_dir)
                   if os.path.isdir(os.path.join(html_dir, d)) and not d.startswith("."))
    chosen = {}
    for lang in langs:
        pages = sorted(f for f in os.listdir(os.path.join(html_dir, lang)) if f.endswith(".html"))
        if pages:
            picked = sorted(rng.sample(pages, max_pages)) if len(pages) > max_pages else pages
            chosen[lang] = (picked, len(pages))
    if not chosen:
        die(f"no language folder with .html pages in {html_dir}")
    return chosen


def copy_corpus(html_dir, corpus_dir, chosen):
    if os.path.exists(corpus_dir):
        shutil.rmtree(corpus_dir)
    for lang, (picked, _) in chosen.items():
        os.makedirs(os.path.join(corpus_dir, lang))
        for page in picked:
            shutil.copyfile(os.path.join(html_dir, lang, page), os.path.join(corpus_dir, lang, page))


def load_docs(ndjson):
    """{lang: [(path, [blocks])]} with the title as first block, whitespace collapsed as textcorpus.py writes it."""
    by_lang = collections.defaultdict(list)
    for path, title, blocks in read_docs(ndjson):
        parts = ([" ".join(title.split())] if title else []) + [" ".join(b.split()) for b in blocks]
        by_lang[language_of(path)].append((path, [p for p in parts if p]))
    for docs in by_lang.values():
        docs.sort()
    return by_lang


# ------------------------------------------------------------------------------------------------------------------
# Queries.

class Query:
    __slots__ = ("lang", "cls", "words", "source", "gz", "fts", "gz_total", "fts_total", "ref_total",
                 "gz_error", "fts_error", "cause", "evidence")

    def __init__(self, lang, cls, words, source=None):
        self.lang, self.cls, self.words, self.source = lang, cls, words, source
        text = " ".join(words)
        inner = f'"{text}"' if cls == "phrase" else text
        self.gz = f"folder:{lang} {inner}"
        self.fts = f'"{text}"'
        self.gz_total = self.fts_total = self.ref_total = None
        self.gz_error = self.fts_error = None
        self.cause = None
        self.evidence = []

    @property
    def text(self):
        t = " ".join(self.words)
        return f'"{t}"' if self.cls == "phrase" else t

    @property
    def cjk(self):
        return has_cjk(" ".join(self.words) + (self.source or ""))

    @property
    def agree(self):
        return self.gz_error is None and self.fts_error is None and self.gz_total == self.fts_total


def draw_queries(lang, docs, per_class, rng):
    words_seq = []          # every word occurrence, in document order
    pairs = []              # (w1, w2): consecutive words with one space between them
    for _, blocks in docs:
        for block in blocks:
            prev = None
            for m in DRAW_WORD_RE.finditer(classes(block)):
                w = block[m.start():m.end()]
                ok = is_query_word(w)
                if ok:
                    words_seq.append(w)
                if prev is not None and ok and prev[1] and block[prev[2]:m.start()] == " ":
                    pairs.append((prev[0], w))
                prev = (w, ok, m.end())
    accented = [w for w in words_seq if strip_accents(w) != w]
    plain = [w for w in words_seq if strip_accents(w) == w]

    def pick(occurrences, n):
        chosen, seen = [], set()
        if not occurrences:
            return chosen
        half = n // 2
        attempts = 0
        while len(chosen) < half and attempts < n * 50:
            attempts += 1
            w = rng.choice(occurrences)
            key = w if isinstance(w, tuple) else w.casefold()
            if key not in seen:
                seen.add(key)
                chosen.append(w)
        distinct = sorted(set(occurrences))
        rng.shuffle(distinct)
        for w in distinct:
            if len(chosen) >= n:
                break
            key = w if isinstance(w, tuple) else w.casefold()
            if key not in seen:
                seen.add(key)
                chosen.append(w)
        return chosen

    queries = []
    acc = pick(accented, per_class)
    queries += [Query(lang, "accented", [w]) for w in acc]
    seen_stripped = set()
    for w in acc:
        s = strip_accents(w)
        if is_query_word(s) and s.casefold() not in seen_stripped:
            seen_stripped.add(s.casefold())
            queries.append(Query(lang, "stripped", [s], source=w))
    queries += [Query(lang, "plain", [w]) for w in pick(plain, per_class)]
    queries += [Query(lang, "phrase", list(p)) for p in pick(pairs, per_class)]
    return queries


# ------------------------------------------------------------------------------------------------------------------
# Engines.

def run_gazette_batch(gazette, index, lines, batch_path, limit):
    with open(batch_path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    proc = subprocess.run([gazette, "search", "--batch", batch_path, "--index", index, "--limit", str(limit)],
                          capture_output=True, text=True)
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(out) != len(lines):
        die(f"gazette search --batch printed {len(out)} lines for {len(lines)} queries "
            f"(exit {proc.returncode}): {proc.stderr[-500:]}")
    for line, obj in zip(lines, out):
        if obj.get("query") != line:
            die(f"gazette --batch answered {obj.get('query')!r} for {line!r}")
    return out


def fts_count(connection, q):
    try:
        (n,) = connection.execute("SELECT count(*) FROM docs WHERE docs MATCH ? AND path GLOB ?",
                                  (q.fts, q.lang + "/*")).fetchone()
        return n, None
    except sqlite3.Error as error:
        return None, str(error)


def fts_paths(connection, q):
    try:
        return {p for (p,) in connection.execute("SELECT path FROM docs WHERE docs MATCH ? AND path GLOB ?",
                                                 (q.fts, q.lang + "/*"))}
    except sqlite3.Error:
        return set()


def fts_snippet_forms(connection, q, path, limit=2):
    """The text around FTS5's highlighted tokens in one document: the whitespace-delimited chunks."""
    try:
        row = connection.execute("SELECT snippet(docs, -1, '\x01', '\x02', '', 12) FROM docs WHERE docs MATCH ? "
                                 "AND path = ?", (q.fts, path)).fetchone()
    except sqlite3.Error:
        return []
    if not row or not row[0]:
        return []
    text = row[0].replace("\n", " ")
    chunks = re.findall(r"\S*\x01[^\x02]*\x02(?:\S*\x01[^\x02]*\x02)*\S*", text)
    out = []
    for c in chunks:
        c = c.replace("\x01", "[").replace("\x02", "]")
        if c not in out:
            out.append(c)
    return out[:limit]


# ------------------------------------------------------------------------------------------------------------------
# Python reference of Gazette's documented rules: predicted counts and the words Gazette matched.

class Reference:
    """Per language: each document's blocks tokenized by gz_tokens, positions of the terms queries use."""

    def __init__(self, docs, needed):
        self.docs = docs
        self.postings = {t: collections.defaultdict(set) for t in needed}   # term -> doc -> {(block, pos)}
        self.tokens = {}
        for d, (_, blocks) in enumerate(docs):
            for b, block in enumerate(blocks):
                for pos, (term, _, _) in enumerate(self._tokens(d, b, block)):
                    if term in self.postings:
                        self.postings[term][d].add((b, pos))

    def _tokens(self, d, b, block):
        toks = gz_tokens(block)
        self.tokens[(d, b)] = toks
        return toks

    def matches(self, terms):
        """{doc index: (block, first position)} of the documents holding the phrase `terms`."""
        if not terms or any(t not in self.postings for t in terms):
            return {}
        first = self.postings[terms[0]]
        out = {}
        for d, places in first.items():
            for b, p in sorted(places):
                if all((b, p + i) in self.postings[t].get(d, ()) for i, t in enumerate(terms[1:], 1)):
                    out[d] = (b, p)
                    break
        return out

    def surface(self, d, b, p, n):
        toks = self.tokens[(d, b)]
        block = self.docs[d][1][b]
        start, end = toks[p][1], toks[p + n - 1][2]
        # Widen to the whitespace-delimited chunk, so that what stands against the words shows.
        while start > 0 and not block[start - 1].isspace():
            start -= 1
        while end < len(block) and not block[end].isspace():
            end += 1
        return block[start:end]


def query_terms(q):
    return [t for t, _, _ in gz_tokens(" ".join(q.words))]


# ------------------------------------------------------------------------------------------------------------------
# Diagnosis.

CAUSES = {
    "cjk": "Han/Kana: Gazette makes one token per character, unicode61 one token per run (not comparable)",
    "cjk-adjacent": "a word written against Han/Kana (\"Debianの\", \"的Linux\"): unicode61 runs them into one "
                    "token, Gazette splits at the Han/Kana character",
    "apostrophe-word": "apostrophe inside a word of the text: Gazette keeps l'utilisateur, d'un, can't as one term, "
                       "so `utilisateur`, `un`, \"we can\" miss them; unicode61 splits at the apostrophe",
    "possessive-s": "final 's: Gazette drops it (`APT's` is `APT`, \"Debian’s policy\" matches \"Debian policy\"); "
                    "unicode61 makes `s` a token of its own",
    "greek": "Greek accents: unicode61 keeps tonos/dialytika (ά ≠ α), Gazette folds them",
    "special-letter": "letters without a decomposition (ß æ œ ø ł đ ð þ): unicode61 keeps them, Gazette folds them",
    "marks": "combining marks outside the diacritic blocks (Arabic harakat, Indic signs): unicode61 splits the "
             "word at them, Gazette keeps them inside the word",
    "engine-error": "one engine could not run the query",
    "other": "not explained by the rules above (see the evidence)",
}


def diagnose(q):
    texts = [" ".join(q.words)] + ([q.source] if q.source else []) + [e[2] for e in q.evidence]
    blob = " ".join(texts)
    if q.gz_error or q.fts_error:
        return "engine-error"
    if q.cjk:
        return "cjk"
    ev = " ".join(e[2] for e in q.evidence)
    if has_cjk(ev):
        return "cjk-adjacent"
    if any(a in blob for a in APOSTROPHES):
        return "possessive-s" if (q.gz_total or 0) > (q.fts_total or 0) else "apostrophe-word"
    if any(script(c) == "GREEK" for c in blob):
        return "greek"
    if any(c in SPECIAL_LETTERS for c in blob):
        return "special-letter"
    if any(unicodedata.category(c).startswith("M") and not in_diacritic_block(c) for c in blob):
        return "marks"
    return "other"


# ------------------------------------------------------------------------------------------------------------------
# Decomposed text: AccentFolding documents that "decomposed text folds like composed text".

def write_nfd_copy(src, dst):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    for root, _, files in os.walk(src):
        out_dir = os.path.join(dst, os.path.relpath(root, src))
        os.makedirs(out_dir, exist_ok=True)
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
                f.write(unicodedata.normalize("NFD", text))


def decomposing_kind(text, exact):
    kinds = sorted({script(c) for c in text if unicodedata.normalize("NFD", c) != c})
    return (" ".join(kinds) or "none") + (" (=word)" if exact else "")


def nfd_check(gazette, nfc_index, nfd_index, queries, work):
    """Gazette's counts on the NFD copy against the composed text, for the comparable queries and for `=word`
    of each accented word."""
    lines, meta = [], []
    for q in queries:
        if q.cjk:
            continue
        lines.append(q.gz)
        meta.append((q, False))
        if q.cls == "accented":
            lines.append(f"folder:{q.lang} ={q.words[0]}")
            meta.append((q, True))
    nfc = run_gazette_batch(gazette, nfc_index, lines, os.path.join(work, "gz-batch-nfc.txt"), 0)
    nfd = run_gazette_batch(gazette, nfd_index, lines, os.path.join(work, "gz-batch-nfd.txt"), 0)
    out = []
    for line, (q, exact), a, b in zip(lines, meta, nfc, nfd):
        out.append({"lang": q.lang, "query": line.split(" ", 1)[1], "exact": exact,
                    "kind": decomposing_kind(" ".join(q.words), exact),
                    "nfc": fmt(a.get("total"), a.get("error")), "nfd": fmt(b.get("total"), b.get("error"))})
    return out


# ------------------------------------------------------------------------------------------------------------------
# Report.

def pct(a, n):
    return f"{100.0 * a / n:.1f}" if n else "–"


def cell(qs):
    n = len(qs)
    return f"{n} / {pct(sum(q.agree for q in qs), n)}" if n else "–"


def render(queries, chosen, langs, meta, nfd):
    comparable = [q for q in queries if not q.cjk]
    cjk = [q for q in queries if q.cjk]
    lines = []
    add = lines.append
    add("# Accent folding: Gazette vs SQLite FTS5 on debian-handbook")
    add("")
    add(f"Corpus: Debian package {meta['package']} — {meta['pages']} pages in {len(langs)} languages "
        f"({meta['sample']}), {meta['text_mb']:.1f} MB of extracted text (`gazette extract`); both engines index the "
        "same text, FTS5 with `tokenize='unicode61 remove_diacritics 2'` (SQLite " + sqlite3.sqlite_version + ").")
    add(f"Queries: random.Random({SEED}), up to {meta['per_class']} a class per language; each counts documents of "
        "its own language (Gazette `folder:LANG …`, FTS5 `path GLOB 'LANG/*'`). Cells: queries / % of them where "
        "the two counts are equal. `stripped` = the `accented` words typed without accents (NFD, marks dropped; "
        "ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ/ð→d, þ→th).")
    add("")
    add("| language | accented | stripped | plain | phrase | all |")
    add("|---|---|---|---|---|---|")
    for lang in langs:
        qs = [q for q in comparable if q.lang == lang]
        if not qs:
            continue
        add(f"| {lang} | " + " | ".join(cell([q for q in qs if q.cls == c]) for c in CLASSES) + f" | {cell(qs)} |")
    add("| **all (CJK excluded)** | " + " | ".join(cell([q for q in comparable if q.cls == c]) for c in CLASSES)
        + f" | **{cell(comparable)}** |")
    add("")
    agree = sum(q.agree for q in comparable)
    add(f"**Overall agreement on comparable queries: {agree} / {len(comparable)} = {pct(agree, len(comparable))} %** "
        f"(queries holding Han/Kana excluded; {len(cjk)} of those below).")
    add("")
    add("Queries holding Han, Hiragana or Katakana (not comparable: Gazette one token per character, unicode61 one "
        "per run):")
    add("")
    add("| language | accented | stripped | plain | phrase | all |")
    add("|---|---|---|---|---|---|")
    for lang in langs:
        qs = [q for q in cjk if q.lang == lang]
        if qs:
            add(f"| {lang} | " + " | ".join(cell([q for q in qs if q.cls == c]) for c in CLASSES)
                + f" | {cell(qs)} |")
    add("")
    add("## Disagreements by cause (comparable queries)")
    add("")
    add("| cause | queries | Gazette more | FTS5 more | why |")
    add("|---|---|---|---|---|")
    dis = [q for q in comparable if not q.agree]
    by_cause = collections.defaultdict(list)
    for q in dis:
        by_cause[q.cause].append(q)
    for cause in sorted(by_cause, key=lambda c: (-len(by_cause[c]), c)):
        qs = by_cause[cause]
        more_gz = sum(1 for q in qs if (q.gz_total or 0) > (q.fts_total or 0))
        add(f"| {cause} | {len(qs)} | {more_gz} | {len(qs) - more_gz} | {CAUSES[cause]} |")
    add("")
    add("Examples (Gazette count vs FTS5 count; a word matched in a document only one engine finds):")
    add("")
    for cause in sorted(by_cause, key=lambda c: (-len(by_cause[c]), c)):
        for q in by_cause[cause][:3]:
            ev = "; ".join(f"{who} {path.split('/', 1)[-1]}: «{form}»" for who, path, form in q.evidence[:2])
            add(f"- {cause}: {q.lang} {q.cls} `{q.text}`" + (f" (from `{q.source}`)" if q.source else "")
                + f": Gazette {fmt(q.gz_total, q.gz_error)}, FTS5 {fmt(q.fts_total, q.fts_error)}"
                + (f" — {ev}" if ev else ""))
    add("")
    add("## Decomposed text (Gazette alone)")
    add("")
    changed = [r for r in nfd if r["nfc"] != r["nfd"]]
    add(f"The same .txt files in NFD, indexed by Gazette, queried as typed (NFC), against the composed text: "
        f"{len(nfd) - len(changed)} / {len(nfd)} counts unchanged (comparable queries, and `=word` for each "
        "accented word). Changed, by what the query's decomposing characters are:")
    add("")
    add("| decomposing characters | changed | examples (composed text → NFD text) |")
    add("|---|---|---|")
    groups = collections.defaultdict(list)
    for r in changed:
        groups[r["kind"]].append(r)
    for kind in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        rs = groups[kind]
        ex = "; ".join(f"{r['lang']} `{r['query']}` {r['nfc']} → {r['nfd']}" for r in rs[:3])
        add(f"| {kind} | {len(rs)} | {ex} |")
    add("")
    ref_off = [q for q in queries if q.gz_error is None and q.ref_total != q.gz_total]
    add(f"Gazette against a Python reference of its documented token rules (bench/folding_check.py): "
        f"{len(queries) - len(ref_off)} / {len(queries)} counts as predicted"
        + (f"; {len(ref_off)} differ (listed in folding-disagreements.txt)." if ref_off else "."))
    add("")
    add(f"Run: {meta['seconds']:.0f} s" + (" (extraction and indexes cached from an earlier run)" if meta["cached"]
                                             else "") + ". Disagreements with evidence: bench/work/folding-disagreements.txt.")
    return "\n".join(lines) + "\n"


def fmt(total, error):
    return f"error ({error})" if error else str(total)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("html_dir")
    parser.add_argument("gazette")
    parser.add_argument("--work", default=WORK_DIR)
    parser.add_argument("--per-class", type=int, default=40)
    parser.add_argument("--max-pages", type=int, default=150)
    parser.add_argument("--package", default="debian-handbook")
    args = parser.parse_args(argv)
    started = time.monotonic()
    gazette = os.path.abspath(args.gazette)
    if not os.access(gazette, os.X_OK):
        die(f"no gazette binary at {gazette}")
    work = os.path.join(args.work, "folding")
    os.makedirs(work, exist_ok=True)
    rng = random.Random(SEED)

    info(f"corpus: up to {args.max_pages} pages per language from {args.html_dir}")
    chosen = select_pages(args.html_dir, args.max_pages, rng)
    langs = sorted(chosen)
    corpus = os.path.join(work, "corpus")
    ndjson = os.path.join(work, "extracted.ndjson")
    text_corpus = os.path.join(work, "text-corpus")
    gz_index = os.path.join(work, "gz-index")
    db = os.path.join(work, "fts5.db")
    binary = os.stat(gazette)
    stamp = json.dumps({"package": args.package, "html_dir": os.path.abspath(args.html_dir), "pages": {k: v[0] for k, v in chosen.items()},
                        "gazette": [os.path.realpath(gazette), binary.st_size, binary.st_mtime_ns]},
                       sort_keys=True)
    stamp_path = os.path.join(work, "stamp.json")
    nfd_corpus = os.path.join(work, "text-corpus-nfd")
    nfd_index = os.path.join(work, "gz-index-nfd")
    outputs = (ndjson, text_corpus, gz_index, db, os.path.join(work, "text.json"), nfd_index)
    cached = False
    if all(os.path.exists(p) for p in outputs) and os.path.exists(stamp_path):
        with open(stamp_path, encoding="utf-8") as f:
            cached = f.read() == stamp
    if cached:
        info(f"extracted text, Gazette index and FTS5 database cached in {work} (same pages, same binary)")
    else:
        if os.path.exists(stamp_path):
            os.remove(stamp_path)
        copy_corpus(args.html_dir, corpus, chosen)
        info(f"gazette extract ({sum(len(p) for p, _ in chosen.values())} pages, {len(langs)} languages)")
        with open(ndjson + ".tmp", "w", encoding="utf-8") as out:
            if subprocess.run([gazette, "extract", corpus], stdout=out).returncode != 0:
                die("gazette extract failed")
        os.replace(ndjson + ".tmp", ndjson)
        info("text corpus (.txt per document, textcorpus.py) and Gazette index (--no-entities)")
        if textcorpus.main([ndjson, text_corpus, os.path.join(work, "text.json"), corpus]) != 0:
            die("textcorpus.py failed")
        if os.path.exists(gz_index):
            shutil.rmtree(gz_index)
        if subprocess.run([gazette, "index", text_corpus, "--index", gz_index, "--full", "--quiet",
                           "--no-entities"]).returncode != 0:
            die("gazette index failed")
        info("FTS5 database (fts5_bench.py: title, body, unicode61 remove_diacritics 2)")
        fts5_bench.index(ndjson, db, os.path.join(work, "fts5-stats.json"))
        info("the same .txt files decomposed (NFD) and a Gazette index of them")
        write_nfd_copy(text_corpus, nfd_corpus)
        if os.path.exists(nfd_index):
            shutil.rmtree(nfd_index)
        if subprocess.run([gazette, "index", nfd_corpus, "--index", nfd_index, "--full", "--quiet",
                           "--no-entities"]).returncode != 0:
            die("gazette index (NFD copy) failed")
        with open(stamp_path, "w", encoding="utf-8") as f:
            f.write(stamp)
    with open(os.path.join(work, "text.json"), encoding="utf-8") as f:
        text_stats = json.load(f)

    docs = load_docs(ndjson)
    queries = []
    for lang in langs:
        queries += draw_queries(lang, docs.get(lang, []), args.per_class, rng)
    with open(os.path.join(work, "queries.tsv"), "w", encoding="utf-8") as f:
        for q in queries:
            f.write(f"{q.lang}\t{q.cls}\t{q.text}\n")
    info(f"{len(queries)} queries; counting with both engines")

    # Gazette counts the text corpus, whose paths are the extracted ones plus ".txt".
    for q, obj in zip(queries, run_gazette_batch(gazette, gz_index, [q.gz for q in queries],
                                                 os.path.join(work, "gz-batch.txt"), 0)):
        q.gz_total, q.gz_error = obj.get("total"), obj.get("error")
    nfd = nfd_check(gazette, gz_index, nfd_index, queries, work)
    connection = sqlite3.connect(db)
    for q in queries:
        q.fts_total, q.fts_error = fts_count(connection, q)

    info("reference counts and evidence")
    by_lang = collections.defaultdict(list)
    for q in queries:
        by_lang[q.lang].append(q)
    refs = {}
    for lang, qs in by_lang.items():
        needed = {t for q in qs for t in query_terms(q)}
        refs[lang] = ref = Reference(docs[lang], needed)
        for q in qs:
            q.ref_total = len(ref.matches(query_terms(q)))
    # Documents behind each disagreement (and each reference miss): Gazette's paths from a second batch.
    suspects = [q for q in queries if not q.agree or (q.gz_error is None and q.ref_total != q.gz_total)]
    if suspects:
        answers = run_gazette_batch(gazette, gz_index, [q.gz for q in suspects],
                                    os.path.join(work, "gz-batch-paths.txt"), 100000)
        for q, obj in zip(suspects, answers):
            gz_set = {h["path"][:-4] if h["path"].endswith(".txt") else h["path"] for h in obj.get("hits", [])}
            fts_set = fts_paths(connection, q)
            ref = refs[q.lang]
            index_of = {path: i for i, (path, _) in enumerate(ref.docs)}
            terms = query_terms(q)
            found = ref.matches(terms)
            for path in sorted(gz_set - fts_set)[:3]:
                d = index_of.get(path)
                if d is not None and d in found:
                    b, p = found[d]
                    q.evidence.append(("Gazette only", path, ref.surface(d, b, p, len(terms))))
                else:
                    q.evidence.append(("Gazette only", path, "(reference finds no match)"))
            for path in sorted(fts_set - gz_set)[:3]:
                for form in fts_snippet_forms(connection, q, path, 1):
                    q.evidence.append(("FTS5 only", path, form))
            q.cause = diagnose(q) if not q.agree else None
    seconds = time.monotonic() - started

    meta = {"package": args.package, "pages": sum(len(p) for p, _ in chosen.values()),
            "sample": ("every page" if all(len(p) == t for p, t in chosen.values())
                       else f"a seeded sample of at most {args.max_pages} pages per language"),
            "text_mb": text_stats["text_bytes"] / 1e6, "per_class": args.per_class, "seconds": seconds,
            "cached": cached}
    report = render(queries, chosen, langs, meta, nfd)
    md_path = os.path.join(args.work, "folding-check.md")
    with open(md_path, "w", encoding="utf-8") as f:
        f.write(report)
    dis_path = os.path.join(args.work, "folding-disagreements.txt")
    with open(dis_path, "w", encoding="utf-8") as f:
        f.write("# lang\tclass\tcause\tgazette\tfts5\treference\tquery\tsource\tevidence\n")
        for q in queries:
            ref_off = q.gz_error is None and q.ref_total != q.gz_total
            if q.agree and not ref_off:
                continue
            cause = q.cause or "agree"
            if q.cjk and not q.agree:
                cause = "cjk"
            if ref_off:
                cause += "+REFERENCE-MISMATCH"
            ev = " | ".join(f"{who} {path}: {form}" for who, path, form in q.evidence)
            f.write(f"{q.lang}\t{q.cls}\t{cause}\t{fmt(q.gz_total, q.gz_error)}\t{fmt(q.fts_total, q.fts_error)}\t"
                    f"{q.ref_total}\t{q.text}\t{q.source or ''}\t{ev}\n")
        f.write("\n# Decomposed text (NFD copy), Gazette alone: queries whose count changes\n"
                "# lang\tdecomposing\tcomposed\tdecomposed\tquery\n")
        for r in nfd:
            if r["nfc"] != r["nfd"]:
                f.write(f"{r['lang']}\t{r['kind']}\t{r['nfc']}\t{r['nfd']}\t{r['query']}\n")
    sys.stdout.write(report)
    info(f"wrote {md_path} and {dis_path} ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
