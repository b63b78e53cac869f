"""Gazette's documented word boundaries, written independently of its Swift tokenizer.

Used by folding_check.py (to predict Gazette's counts and draw query words) and by fts5_bench.py (to give SQLite
FTS5 the same word boundaries, so that a match-count comparison tests folding and matching rather than where
each tokenizer cuts words). The rules, as `Analyzer` (Sources/GazetteAnalysis) applies them: a word is a run
of letters and numbers with the combining marks that follow them, an apostrophe between two of them kept
(`don't`, `l'utilisateur`) and a final `'s` dropped; every Han ideograph, Hiragana or Katakana letter is a word
of its own.
"""

import re
import unicodedata

APOSTROPHES = "'\u2019\u02bc"


def is_cjk(ch):
    """Han ideographs, Hiragana and Katakana: one token per character in Gazette."""
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F or 0x1AFF0 <= o <= 0x1B16F:
        return True
    if o in (0x3006, 0x3007) or 0x3021 <= o <= 0x3029 or 0x3038 <= o <= 0x303A:
        return True
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def classify(ch):
    """Gazette's documented class of a character: w (letter or number), i (Han/Kana: a token of its own),
    m (combining mark), a (apostrophe), or a space for a separator."""
    o = ord(ch)
    if o < 0x80:
        return "w" if ch.isalnum() else ("a" if ch == "'" else " ")
    if ch in APOSTROPHES:
        return "a"
    if 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF:  # variation selectors
        return " "
    c = unicodedata.category(ch)
    if c[0] == "L" or c in ("Nd", "Nl", "No"):
        return "i" if is_cjk(ch) else "w"
    return "m" if c[0] == "M" else " "


class _ClassMap(dict):
    """str.translate table: code point -> class letter, filled on demand."""

    def __missing__(self, o):
        value = self[o] = classify(chr(o))
        return value


_CLASS_MAP = _ClassMap()


def classes(text):
    """One class letter per character of text (same indices)."""
    return text.translate(_CLASS_MAP)


# Gazette's documented token rule: runs of letters/numbers with the combining marks that follow them, an
# apostrophe between two of them kept; Han/Hiragana/Katakana one token per character.
GZ_TOKEN_RE = re.compile(r"(?:wm*)+(?:a(?:wm*)+)*|i")
# The words queries are drawn from: the same, but Han/Kana run together like other letters (as a reader, and
# unicode61, see a word).
DRAW_WORD_RE = re.compile(r"(?:[wi]m*)+(?:a(?:[wi]m*)+)*")


_APOSTROPHE_MAP = str.maketrans({a: "'" for a in APOSTROPHES})


def segmented(text):
    """text rewritten for FTS5 `unicode61 tokenchars "'"`: Gazette's words, each as written (case and accents
    left to FTS5's own folding) but with one kind of apostrophe and no final `'s`, separated by spaces; so that
    unicode61 cuts exactly where Gazette does."""
    words = []
    for m in GZ_TOKEN_RE.finditer(classes(text)):
        word = text[m.start():m.end()].translate(_APOSTROPHE_MAP)
        if len(word) > 2 and word[-2] == "'" and word[-1] in "sS":
            word = word[:-2]
        words.append(word)
    return " ".join(words)
