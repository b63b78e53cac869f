"""The sequence model: candidate gating, features, greedy BIO decoding, the weight file. Shared by train.py and
evaluate.py; README.md ("Feature spec", "Weights file") is the description a Swift port follows.

Every feature is a (template, 64-bit value) pair; its row in the weight table is
    bucket = combine(template, value) & (ROWS - 1)       (gztok.combine = TermHash.combine)
and a token's score for tag k is the sum of W[bucket][k] over its features. Values are Gazette's term hashes
(TermHash.hash of the folded term), small integers, or `combine` chains of them.
"""

import struct

import numpy as np

import gztok
from gztok import (F, G_BLOCK, G_SENTENCE, S_AMBIG, S_CAP, S_IDENT, S_POSS, S_SENT, combine, term_hash)

TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-PLACE", "I-PLACE", "B-NORP", "I-NORP"]
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
NTAGS = len(TAGS)
TYPE_OF_TAG = [None, "PERSON", "PERSON", "ORG", "ORG", "PLACE", "PLACE", "NORP", "NORP"]

# Shape classes (from the token's original bytes).
SC_LOWER, SC_CAP, SC_ALLCAPS, SC_MIXED, SC_INITIAL, SC_DIGITS, SC_ALNUM, SC_OTHER = range(8)
SC_NONE = 8  # outside the document

# Word flags used as features (their bit numbers in Lexicon/WordFlags).
FLAG_FEATURES = ["english", "common", "givenName", "orgWord", "month", "weekday", "connector", "weakConnector",
                 "currency", "numberWord", "placePrep", "speechVerb", "dayWord", "the", "abbreviation",
                 "pronounAfter", "title", "placeWord", "notAcronym", "headNoun", "personNoun", "placeNoun",
                 "orgNoun", "monthAbbreviation"]
FLAG_MASK = 0
for _n in FLAG_FEATURES:
    FLAG_MASK |= F[_n]

# Templates (the `template` of combine(template, value)).
(T_BIAS, T_W0, T_WM1, T_WP1, T_WM2, T_WP2, T_P1, T_P2, T_P3, T_S1, T_S2, T_S3, T_S4, T_SHAPE_LEN, T_SHAPE3,
 T_POSITION, T_GAP_PREV, T_GAP_NEXT, T_FLAG0, T_FLAGM1, T_FLAGP1, T_GAZ0, T_GAZM1, T_GAZP1, T_DOC, T_BIGRAM_L,
 T_BIGRAM_R, T_W0_START, T_PREV1, T_PREV2, T_PREV1_W0, T_PREV1_SHAPE) = range(1, 33)
TEMPLATE_NAMES = ["bias", "w0", "w-1", "w+1", "w-2", "w+2", "prefix1", "prefix2", "prefix3", "suffix1", "suffix2",
                  "suffix3", "suffix4", "shape+length", "shape-1,0,+1", "position", "gap-before+shape-1",
                  "gap-after+shape+1", "flag0", "flag-1", "flag+1", "gaz0", "gaz-1", "gaz+1", "doc",
                  "bigram-1,0", "bigram0,+1", "w0+sentence-start", "tag-1", "tag-2,-1", "tag-1+w0", "tag-1+shape0"]
OUTSIDE = 0x6F75747369646521  # the value of w±k beyond the document ("outside!")

# Stacking (README.md, "Stacking"): the rule-based recogniser's output as features, when the model is trained
# with --stack. rtag(k) = rtype << 2 | first | last << 1 (rules.py); R_OUTSIDE beyond the document.
(T_R0, T_RM1, T_RP1, T_R_SHAPE, T_R_W0, T_R3, T_R_LEN, T_R_GAZ, T_R_DOC, T_PREV1_R0) = range(33, 43)
STACK_TEMPLATE_NAMES = ["rule0", "rule-1", "rule+1", "rule0+shape0", "rule0+w0", "rule-1,0,+1", "rule0+length",
                        "rule0+gaz0", "rule0+doc-rule-types", "tag-1+rule0"]
R_OUTSIDE = 0x7F
# Word-identity templates (train.py --lexical-dropout leaves them out of some training tokens; tag-1+w0 too).
LEXICAL_TEMPLATES = frozenset((T_W0, T_WM1, T_WP1, T_WM2, T_WP2, T_P1, T_P2, T_P3, T_S1, T_S2, T_S3, T_S4,
                               T_BIGRAM_L, T_BIGRAM_R, T_W0_START, T_R_W0))
STACK_STATIC = 9  # static stacking features per candidate (templates 33-41); one dynamic (42)

GAZ_KIND = {gztok.P_PLACE: 1, gztok.P_ORG: 2, gztok.P_NORP: 4, gztok.P_TITLE: 8}


def shape_class(text, t):
    upper = lower = digit = other = 0
    for k in range(t.start, t.end):
        b = text[k]
        if 0x41 <= b <= 0x5A:
            upper += 1
        elif 0x61 <= b <= 0x7A:
            lower += 1
        elif 0x30 <= b <= 0x39:
            digit += 1
        elif b >= 0x80:
            other += 1
    if digit and not (upper or lower or other):
        return SC_DIGITS
    if digit:
        return SC_ALNUM
    if t.shape & S_CAP:
        if t.end - t.start == 1 or (upper == 1 and lower == 0 and other == 0):
            return SC_INITIAL
        if upper >= 2 and lower == 0 and other == 0:
            return SC_ALLCAPS
        if upper >= 2:
            return SC_MIXED
        return SC_CAP
    if upper:
        return SC_MIXED
    return SC_LOWER if lower else SC_OTHER


def length_bucket(n):
    return 0 if n <= 1 else 1 if n == 2 else 2 if n == 3 else 3 if n <= 5 else 4 if n <= 8 else 5


def has_upper(sc):
    return sc in (SC_CAP, SC_ALLCAPS, SC_MIXED, SC_INITIAL)


def gazetteer_marks(toks, lex):
    """Greedy longest gazetteer phrase matches, left to right, within a block and across space, hyphen,
    initialDot and ampersand gaps only. Returns per token 0 or kindbits << 2 | (1 = first, 2 = inside)."""
    n = len(toks)
    marks = [0] * n
    i = 0
    joinable = (gztok.G_SPACE, gztok.G_HYPHEN, gztok.G_INITIAL, gztok.G_AMP)
    while i < n:
        h = gztok.SEED
        best, best_kind = -1, 0
        j = i
        while j < n and j - i < lex.max_phrase:
            if j > i and toks[j].gap not in joinable:
                break
            h = combine(h, toks[j].hash)
            v = lex.phrases.get(h)
            if v is None:
                break
            kind = v & (gztok.P_PLACE | gztok.P_ORG | gztok.P_NORP | gztok.P_TITLE)
            if kind:
                best, best_kind = j, kind
            j += 1
        if best >= 0:
            marks[i] = best_kind << 2 | 1
            for k in range(i + 1, best + 1):
                marks[k] = best_kind << 2 | 2
            i = best + 1
        else:
            i += 1
    return marks


class Doc:
    """A document's tokens with everything the features need."""

    def __init__(self, text_bytes, toks, lex, rules=None, lexical=True):
        """rules: None, or (rtag, rlen) per token from rules.project (stacking). lexical=False: a model without
        the word-identity templates (LEXICAL_TEMPLATES and tag-1+w0), trained with train.py --no-lexical."""
        self.text = text_bytes
        self.lexical = lexical
        self.toks = toks
        n = len(toks)
        self.sc = [shape_class(text_bytes, t) for t in toks]
        self.gaz = gazetteer_marks(toks, lex)
        self.rtag, self.rlen = rules if rules is not None else (None, None)
        if rules is not None:
            # Per term: the name types (bit rtype - 1) the rules gave it anywhere in the document.
            rdoc = {}
            for t, r in zip(toks, self.rtag):
                if 1 <= r >> 2 <= 4:
                    rdoc[t.hash] = rdoc.get(t.hash, 0) | 1 << ((r >> 2) - 1)
            self.rdoc = rdoc
        # Document evidence: lowercase sightings and capitalised mid-sentence sightings per term.
        lower, capmid = set(), {}
        for t, sc in zip(toks, self.sc):
            if sc == SC_LOWER:
                lower.add(t.hash)
            elif t.shape & S_CAP and not t.shape & S_AMBIG:
                capmid[t.hash] = capmid.get(t.hash, 0) + 1
        self.lower_seen = lower
        self.capmid = capmid
        self.cand = [self.candidate(i) for i in range(n)]

    def candidate(self, i):
        """Whether the model looks at token i at all; the others are O. A token with a capital letter, or a
        lowercase token between two of them ("Bank of England") or before one when it is "the" or a name
        particle ("the United States", "al-Qaeda"), within a sentence. Code identifiers are never."""
        toks, sc = self.toks, self.sc
        t = toks[i]
        if self.rtag is not None and 1 <= self.rtag[i] >> 2 <= 4:
            return True  # stacking: inside a rule PERSON/ORG/PLACE/NORP span
        if t.shape & S_IDENT:
            return False
        if has_upper(sc[i]):
            return True
        n = len(toks)
        if i + 1 < n and has_upper(sc[i + 1]) and toks[i + 1].gap not in (G_BLOCK, G_SENTENCE) \
                and not toks[i + 1].shape & S_IDENT:
            if t.flags & (F["the"] | F["connector"] | F["weakConnector"]):
                return True
            if i > 0 and has_upper(sc[i - 1]) and t.gap not in (G_BLOCK, G_SENTENCE):
                return True
        return False

    def static_features(self, i):
        """(template, value) pairs of token i that do not depend on predicted tags."""
        toks, sc, n = self.toks, self.sc, len(self.toks)
        t = toks[i]
        w0 = t.hash

        def w(k):
            return toks[k].hash if 0 <= k < n else OUTSIDE

        def s(k):
            return sc[k] if 0 <= k < n else SC_NONE
        term = t.term
        f = [(T_BIAS, 0), (T_W0, w0), (T_WM1, w(i - 1)), (T_WP1, w(i + 1)), (T_WM2, w(i - 2)), (T_WP2, w(i + 2))]
        for tpl, k in ((T_P1, 1), (T_P2, 2), (T_P3, 3)):
            f.append((tpl, term_hash(term[:k])))
        for tpl, k in ((T_S1, 1), (T_S2, 2), (T_S3, 3), (T_S4, 4)):
            f.append((tpl, term_hash(term[-k:])))
        f.append((T_SHAPE_LEN, sc[i] << 4 | length_bucket(len(term))))
        f.append((T_SHAPE3, s(i - 1) << 8 | sc[i] << 4 | s(i + 1)))
        gap_after = toks[i + 1].gap if i + 1 < n else G_BLOCK
        f.append((T_POSITION, (t.shape & (S_SENT | S_AMBIG | S_POSS)) << 8 | t.gap << 4 | gap_after))
        f.append((T_GAP_PREV, t.gap << 4 | s(i - 1)))
        f.append((T_GAP_NEXT, gap_after << 4 | s(i + 1)))
        for tpl, k in ((T_FLAG0, i), (T_FLAGM1, i - 1), (T_FLAGP1, i + 1)):
            if 0 <= k < n:
                bits = toks[k].flags & FLAG_MASK
                while bits:
                    low = bits & -bits
                    f.append((tpl, low.bit_length() - 1))
                    bits ^= low
        for tpl, k in ((T_GAZ0, i), (T_GAZM1, i - 1), (T_GAZP1, i + 1)):
            if 0 <= k < n and self.gaz[k]:
                f.append((tpl, self.gaz[k] << 4 | sc[k]))
        own = 1 if (t.shape & S_CAP and not t.shape & S_AMBIG) else 0
        capmid = min(self.capmid.get(w0, 0) - own, 2)
        f.append((T_DOC, (1 if w0 in self.lower_seen else 0) | capmid << 1
                  | (1 if t.shape & S_SENT else 0) << 3 | (1 if t.flags & F["english"] else 0) << 4
                  | sc[i] << 5))
        f.append((T_BIGRAM_L, combine(w(i - 1), w0)))
        f.append((T_BIGRAM_R, combine(w0, w(i + 1))))
        f.append((T_W0_START, w0 ^ (1 if t.shape & S_AMBIG else 2)))
        if self.rtag is not None:
            f += self.stack_features(i)
        if not self.lexical:
            f = [x for x in f if x[0] not in LEXICAL_TEMPLATES]
        return f

    def stack_features(self, i):
        """Templates 33-41: the rule-based recogniser's tags (rules.project) around token i."""
        n, rt = len(self.toks), self.rtag

        def r(k):
            return rt[k] if 0 <= k < n else R_OUTSIDE
        r0 = rt[i]
        return [(T_R0, r0), (T_RM1, r(i - 1)), (T_RP1, r(i + 1)), (T_R_SHAPE, r0 << 4 | self.sc[i]),
                (T_R_W0, combine(self.toks[i].hash, r0)), (T_R3, r(i - 1) << 14 | r0 << 7 | r(i + 1)),
                (T_R_LEN, r0 << 4 | min(self.rlen[i], 6)), (T_R_GAZ, r0 << 8 | self.gaz[i]),
                (T_R_DOC, self.rdoc.get(self.toks[i].hash, 0) << 8 | r0)]


def bucket(template, value, mask):
    return combine(template, value) & mask


def dynamic_buckets(doc, i, prev1, prev2, mask):
    """Buckets of the features that read the tags predicted for the two tokens before (O before the start or
    for tokens that are no candidates)."""
    out = [combine(T_PREV1, prev1) & mask, combine(T_PREV2, prev2 << 4 | prev1) & mask,
           combine(T_PREV1_W0, combine(prev1, doc.toks[i].hash)) & mask,
           combine(T_PREV1_SHAPE, prev1 << 4 | doc.sc[i]) & mask]
    if not doc.lexical:
        del out[2]
    if doc.rtag is not None:
        out.append(combine(T_PREV1_R0, prev1 << 8 | doc.rtag[i]) & mask)
    return out


# BIO constraint: I-X only after B-X or I-X.
ALLOWED = np.ones((NTAGS, NTAGS), dtype=bool)  # [prev][tag]
for _p in range(NTAGS):
    for _k in range(NTAGS):
        if TAGS[_k].startswith("I-") and TAGS[_p][2:] != TAGS[_k][2:]:
            ALLOWED[_p, _k] = False
NEG = np.int64(-(1 << 62))


def decode(doc, static, W, mask):
    """Greedy left to right. static: {i: np.array of buckets} for candidates. W: [rows, NTAGS] integers.
    Returns tag indices."""
    n = len(doc.toks)
    tags = [0] * n
    p1 = p2 = 0
    for i in range(n):
        if not doc.cand[i]:
            tags[i] = 0
        else:
            b = np.concatenate((static[i], np.array(dynamic_buckets(doc, i, p1, p2, mask), dtype=np.int64)))
            scores = W[b].sum(axis=0, dtype=np.int64)
            scores = np.where(ALLOWED[p1], scores, NEG)
            if doc.toks[i].gap == G_BLOCK:
                scores = np.where(ALLOWED[0], scores, NEG)
            tags[i] = int(np.argmax(scores))
        p2, p1 = p1, tags[i]
    return tags


def spans(doc, tags):
    """Entities [(first token, last token, type)] from BIO tag indices."""
    out, start, kind = [], None, None
    for i, k in enumerate(tags + [0]):
        tag = TAGS[k]
        if start is not None and (tag == "O" or tag.startswith("B-") or TYPE_OF_TAG[k] != kind):
            out.append((start, i - 1, kind))
            start = kind = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, kind = i, TYPE_OF_TAG[k]
    return out


def byte_span(doc, first, last):
    """UTF-8 byte range of an entity, with Gazette's span conventions: a possessive outside, an initial's or
    abbreviation's final period inside ("U.S.", "Inc.")."""
    text, a, b = doc.text, doc.toks[first], doc.toks[last]
    s, e = a.start, b.end
    tb = text[b.start:b.end]
    if b.shape & S_POSS:
        e -= 4 if tb.endswith("\u2019s".encode()) else 3 if tb.endswith("\u02bcs".encode()) else 2
    elif e < len(text) and text[e] == 0x2E and (doc.sc[last] == SC_INITIAL or b.flags & F["abbreviation"]):
        e += 1
    return s, e


# --- Weights file -------------------------------------------------------------------------------------------
MAGIC = b"GZNERW01"


def write_weights(path, Q, rows, scale, qbits):
    """Layout (little-endian): magic "GZNERW01" (8 bytes); u32 rows; u16 tags; u8 bytes per weight (1 or 2);
    u8 reserved 0; f32 scale (weight = stored / scale; not needed for argmax); u32 reserved 0; then rows x tags
    signed weights, row-major (row = bucket, one weight per tag in TAGS order)."""
    dtype = np.dtype("<i1") if qbits == 8 else np.dtype("<i2")
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<IHBBfI", rows, NTAGS, dtype.itemsize, 0, scale, 0))
        f.write(np.ascontiguousarray(Q.astype(dtype)).tobytes())


def read_weights(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == MAGIC, "not a weights file"
    rows, ntags, size, _, scale, _ = struct.unpack("<IHBBfI", data[8:24])
    dtype = np.dtype("<i1") if size == 1 else np.dtype("<i2")
    W = np.frombuffer(data[24:], dtype=dtype).reshape(rows, ntags).astype(np.int64)
    return W, rows, scale
