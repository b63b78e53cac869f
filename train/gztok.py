"""Gazette's token stream in Python: the Analyzer (Sources/GazetteAnalysis/Analyzer.swift), the plain-text
blocks (Sources/GazetteIngest/PlainTextExtractor.swift), TermHash (Sources/GazetteEntities/TermHash.swift),
the word flags and phrase tables of the Lexicon (Sources/GazetteEntities/Lexicon.swift, read from
data/gazetteers/*.txt) and the TokenShaper's shape and gap (Sources/GazetteEntities/TokenShaper.swift).

Everything works on UTF-8 bytes; offsets are byte offsets. Known divergences from the Swift code (README.md,
"Tokeniser"): Python's `unicodedata` may be of another Unicode version than the Swift runtime's; full case
folding is Python's `str.casefold()` (Swift derives it from lowercase/uppercase mappings: identical for
every scalar of Latin, Greek, Cyrillic and Armenian text we checked, İ handled like Swift); "ideographic" is a
list of ranges (Swift asks `isIdeographic`). None of these touch ASCII or Latin-1 text.
"""

import os
import unicodedata

M64 = (1 << 64) - 1
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZ_DIR = os.path.join(REPO, "data", "gazetteers")

# --- TermHash ---------------------------------------------------------------------------------------------
SEED = 0xCBF29CE484222325
FNV_PRIME = 0x00000100000001B3
GOLDEN = 0x9E3779B97F4A7C15


def mix(x):
    z = x & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    z = z ^ (z >> 31)
    return 1 if z == 0 else z


def term_hash(term: bytes) -> int:
    h = SEED
    for b in term:
        h = ((h ^ b) * FNV_PRIME) & M64
    return mix(h)


def combine(h, t):
    return mix(((h * GOLDEN) & M64) ^ t)


# --- Scalar classes and folding ----------------------------------------------------------------------------
SEPARATOR, WORD, MARK, APOSTROPHE, IDEOGRAPH = 1, 2, 3, 4, 5

_IDEO_RANGES = ((0x3006, 0x3007), (0x3021, 0x3029), (0x3038, 0x303A), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                (0xF900, 0xFA6D), (0xFA70, 0xFAD9), (0x16FE4, 0x16FE4), (0x17000, 0x187F7), (0x18800, 0x18CD5),
                (0x18D00, 0x18D08), (0x1B170, 0x1B2FB), (0x20000, 0x2A6DF), (0x2A700, 0x2EBE0),
                (0x2F800, 0x2FA1D), (0x30000, 0x323AF))
_KANA_RANGES = ((0x3040, 0x309F), (0x30A0, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F), (0x1AFF0, 0x1B16F))


def _per_char(v):
    for lo, hi in _KANA_RANGES:
        if lo <= v <= hi:
            return True
    for lo, hi in _IDEO_RANGES:
        if lo <= v <= hi:
            return True
    return False


_class_cache = {}
_fold_cache = {}


def scalar_class(v):
    c = _class_cache.get(v)
    if c is not None:
        return c
    if v < 0x80:
        ch = chr(v)
        c = WORD if ch.isascii() and ch.isalnum() else APOSTROPHE if v == 0x27 else SEPARATOR
    elif v in (0x2019, 0x02BC):
        c = APOSTROPHE
    elif 0xFE00 <= v <= 0xFE0F or 0xE0100 <= v <= 0xE01EF:
        c = SEPARATOR
    else:
        cat = unicodedata.category(chr(v))
        if cat in ("Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No"):
            c = IDEOGRAPH if _per_char(v) else WORD
        elif cat in ("Mn", "Mc", "Me"):
            c = MARK
        else:
            c = SEPARATOR
    _class_cache[v] = c
    return c


def fold_scalar(v) -> bytes:
    f = _fold_cache.get(v)
    if f is not None:
        return f
    if v < 0x80:
        f = bytes([v + 32]) if 0x41 <= v <= 0x5A else bytes([v])
    elif v == 0x0130:
        f = b"i"
    else:
        s = chr(v).casefold()
        f = s.replace("\u2019", "'").replace("\u02bc", "'").encode("utf-8")
        if len(f) >= 16:
            f = chr(v).encode("utf-8")
    _fold_cache[v] = f
    return f


def decode_at(b, i, end):
    """UTF8Decoding.decodeNonASCII: (value or None for invalid, length)."""
    b0 = b[i]
    if b0 < 0xC2:
        return None, 1
    if b0 < 0xE0:
        if i + 1 >= end or b[i + 1] & 0xC0 != 0x80:
            return None, 1
        return (b0 & 0x1F) << 6 | (b[i + 1] & 0x3F), 2
    if b0 < 0xF0:
        if i + 2 >= end:
            return None, 1
        b1, b2 = b[i + 1], b[i + 2]
        lo = 0xA0 if b0 == 0xE0 else 0x80
        hi = 0x9F if b0 == 0xED else 0xBF
        if not (lo <= b1 <= hi) or b2 & 0xC0 != 0x80:
            return None, 1
        return (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | (b2 & 0x3F), 3
    if b0 < 0xF5:
        if i + 3 >= end:
            return None, 1
        b1, b2, b3 = b[i + 1], b[i + 2], b[i + 3]
        lo = 0x90 if b0 == 0xF0 else 0x80
        hi = 0x8F if b0 == 0xF4 else 0xBF
        if not (lo <= b1 <= hi) or b2 & 0xC0 != 0x80 or b3 & 0xC0 != 0x80:
            return None, 1
        return (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | (b3 & 0x3F), 4
    return None, 1


BLOCK_POSITION_GAP = 16


def analyze(text: bytes, blocks, first_position=0):
    """Analyzer.analyze: returns [(term bytes, position, start, end)]."""
    out = []
    position = first_position
    n = len(text)
    for (blo, bhi) in blocks:
        lo = max(0, min(blo, n))
        hi = max(lo, min(bhi, n))
        gap_pending = position != first_position
        start = -1
        end = 0
        term = bytearray()
        single = False
        pending = False

        def emit():
            nonlocal start, term, single, pending, position, gap_pending
            t = bytes(term)
            if len(t) >= 2 and t[-2] == 0x27 and t[-1] == 0x73:
                t = t[:-2]
            if gap_pending:
                position += BLOCK_POSITION_GAP
                gap_pending = False
            out.append((t, position, start, end))
            position += 1
            start = -1
            term = bytearray()
            single = False
            pending = False

        i = lo
        while i < hi:
            byte = text[i]
            length = 1
            if byte < 0x80:
                c = scalar_class(byte)
                v = byte
            else:
                v, length = decode_at(text, i, hi)
                c = SEPARATOR if v is None else scalar_class(v)
            if c == WORD:
                if start >= 0 and single:
                    emit()
                if start < 0:
                    start = i
                elif pending:
                    term.append(0x27)
                    pending = False
                term += fold_scalar(v)
                end = i + length
            elif c == IDEOGRAPH:
                if start >= 0:
                    emit()
                start = i
                single = True
                term += fold_scalar(v)
                end = i + length
            elif c == MARK:
                if start >= 0:
                    if pending:
                        emit()
                    else:
                        term += fold_scalar(v)
                        end = i + length
            elif c == APOSTROPHE:
                if start >= 0:
                    if single or pending:
                        emit()
                    else:
                        pending = True
            else:
                if start >= 0:
                    emit()
            i += length
        if start >= 0:
            emit()
    return out


# --- Plain-text blocks (PlainTextExtractor) ------------------------------------------------------------------
_SPACE = {0x20, 0x09, 0x0D, 0x0C, 0x0B, 0x0A}


def plain_blocks(text: bytes):
    """Blocks of a .txt file: paragraphs separated by blank lines, or every line when some line is longer
    than 160 bytes (one paragraph per line)."""
    lines = []
    i, n = 0, len(text)
    while i < n:
        e = i
        while e < n and text[e] != 0x0A:
            e += 1
        lines.append((i, e))
        i = e + 1
    if n and text[-1] != 0x0A and not lines:
        lines.append((0, n))

    def trim(lo, hi):
        while lo < hi and text[lo] in _SPACE:
            lo += 1
        while hi > lo and text[hi - 1] in _SPACE:
            hi -= 1
        return lo, hi

    one_per_line = any(hi - lo > 160 for lo, hi in (trim(*l) for l in lines))
    blocks, open_ = [], None
    for l in lines:
        lo, hi = trim(*l)
        if lo == hi:
            if open_:
                blocks.append(open_)
            open_ = None
        elif one_per_line:
            blocks.append((lo, hi))
        elif open_:
            open_ = (open_[0], hi)
        else:
            open_ = (lo, hi)
    if open_:
        blocks.append(open_)
    return blocks


# --- Lexicon -------------------------------------------------------------------------------------------------
F = {name: 1 << bit for bit, name in enumerate([
    "english", "common", "givenName", "orgWord", "month", "weekday", "connector", "weakConnector", "currency",
    "scale", "numberWord", "timeUnit", "relative", "relativeEnd", "placePrep", "speechVerb", "percentWord",
    "dayWord", "the", "period", "abbreviation", "pronounAfter", "title", "placeWord", "notAcronym", "headNoun",
    "personNoun", "placeNoun", "orgNoun", "possessiveDeterminer", "ordinal", "yearPart", "monthAbbreviation",
    "phraseStart", "englishFunction", "foreignFunction"])}

_INLINE = [
    ("weekday", "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
    ("connector", "of de du da das dos van von der den del della di la le al el bin bint ibn ben ter zu y"),
    ("weakConnector", "and for the &"),
    ("currency", "dollar dollars euro euros pound pounds sterling rouble roubles ruble rubles yuan renminbi yen "
                 "franc francs rupee rupees hryvnia hryvnias hryvnas lei leu zloty zlotys forint forints krona "
                 "kronor krone kroner lira liras won real reais peso pesos rand shekel shekels riyal riyals dirham "
                 "dirhams naira cedi shilling shillings"),
    ("scale", "thousand million billion trillion bn mn m tn k"),
    ("numberWord", "a an one two three four five six seven eight nine ten eleven twelve several few many some "
                   "fifteen twenty thirty"),
    ("timeUnit", "day days week weeks month months year years decade decades weekend weekends quarter century"),
    ("relative", "last next this past coming previous same"),
    ("relativeEnd", "ago later earlier"),
    ("placePrep", "in at near from outside across into toward towards inside via"),
    ("speechVerb", "said says told added argued wrote warned insisted noted stressed claimed denied urged "
                   "acknowledged announced replied declared confirmed tweeted posted explained asked"),
    ("percentWord", "percent percentage"),
    ("dayWord", "today yesterday tomorrow tonight"),
    ("dayWord", "christmas easter ramadan hanukkah diwali thanksgiving passover halloween"),
    ("the", "the"),
    ("period", "early mid late end beginning start middle"),
    ("abbreviation", "mr mrs ms dr st prof gen lt col sgt capt rep sen gov jr sr no vs inc corp ltd co rev mt ft"),
    ("pronounAfter", "he she his her him"),
    ("headNoun", "party government region union format summit administration talks delegation delegations "
                 "officials authorities leadership economy market markets border forces army troops military leader "
                 "leaders side team club embassy capital province state territory area sanctions deal plan proposal "
                 "agreement talks meeting meetings climate conference campaign court courts case ruling president "
                 "presidency spokesman spokeswoman ministry minister office offices budget election elections vote "
                 "parliament coalition regime war strategy policy policies rules law laws model approach mission "
                 "process framework"),
    ("personNoun", "administration campaign family era presidency camp allies government cabinet supporters "
                   "loyalists"),
    ("placeNoun", "river region province oblast sea mountains valley city town village district border coast island "
                  "islands lake county state"),
    ("orgNoun", "company firm group giant bank carrier operator lender insurer maker carmaker producer agency "
                "broadcaster newspaper startup retailer manufacturer conglomerate chipmaker airline exchange fund "
                "brand developer"),
    ("possessiveDeterminer", "its their our your my"),
    ("englishFunction", "the of and to that with for are were is was this which from have has had been would will "
                        "they their said but not by he she it its who after than there these when what be or you we "
                        "his her should could about into other only can on at as if all"),
    ("foreignFunction", "les des une et dans avec pas qui que aux ce cette sont il ils nous vous mais être où était "
                        "und ist nicht mit für ein eine einen auf dem sich auch wird werden oder wie bei nach aus sind "
                        "im zum zur über wenn kann können diese dieser noch nur los las por una para es se como más "
                        "pero está esta este sus también gli sono che è nel alla anche questo della delle não uma em "
                        "são mais pelo pela você het een niet zijn voor dat op ook wordt worden bij naar kunnen och "
                        "att är som för på av det inte och og ikke til jeg nie się jest że je și în este care sau cu "
                        "din ve bir bu için ile ini untuk dengan tidak adalah của và là các được có trong cho không "
                        "những ja ei että kun egy hogy és"),
    ("ordinal", "first second third fourth final last"),
    ("yearPart", "quarter half"),
    ("placeWord", "Airport Avenue Bay Bridge Canal Coast Desert District Forest Gulf Harbour Harbor Heights Highway "
                  "Island Islands Lake Mountain Mountains Oblast Ocean Palace Park Peninsula Plant Plaza Port Province "
                  "Region River Road Sea Square Stadium Station Strait Street Tower Valley County Krai Governorate "
                  "Prefecture State"),
    ("notAcronym", "AI GDP LNG TV CEO CFO PM ID OK COVID GMT UTC CO2 NGO NGOs MP MPs EV EVs IPO ETF VAT AM FM PC PCs "
                   "DNA HIV AIDS PhD RAM CPU GPU GPUs USB SMS LGBT LGBTQ HQ CV PR TBD FAQ CCTV SUV SUVs RSS PDF HTML "
                   "API APIs AEDT AEST ACDT ACST AWST NZDT NZST EST EDT CST CDT MST MDT PST PDT AKST HST BST CET CEST "
                   "EET EEST WET MSK IST PKT JST KST HKT SGT WIB ICT"),
]

# Phrase kinds (bits of Lexicon.phrase values here; Swift's PhraseInfo has the same four facts).
P_PLACE, P_ORG, P_NORP, P_TITLE, P_PREFIX = 1, 2, 4, 8, 16


def terms_of(s: str):
    b = s.encode("utf-8")
    return [t[0] for t in analyze(b, [(0, len(b))])]


class Lexicon:
    """The word flags (`words`), the English list and the phrase table, as Lexicon.swift builds them from
    data/gazetteers (the same files scripts/gen-gazetteers.py embeds)."""

    def __init__(self, gaz_dir=GAZ_DIR):
        def read(name):
            with open(os.path.join(gaz_dir, name), encoding="utf-8") as f:
                return f.read()

        self.words = {}
        self.english = set()
        self.phrases = {}
        for t in terms_of(read("english-words.txt")):
            self.english.add(term_hash(t))

        def add(flag, text):
            for t in terms_of(text):
                h = term_hash(t)
                self.words[h] = self.words.get(h, 0) | F[flag]

        add("common", read("common-overrides.txt"))
        add("givenName", read("given-names.txt"))
        add("orgWord", read("org-words.txt"))
        for flag, text in _INLINE:
            add(flag, text)

        def add_phrase(form, bit):
            ts = terms_of(form)
            if not ts:
                return
            h = SEED
            for i, t in enumerate(ts):
                h = combine(h, term_hash(t))
                self.phrases[h] = self.phrases.get(h, 0) | (P_PREFIX if i < len(ts) - 1 else bit)
        for line in read("person-titles.txt").split("\n"):
            form = line.strip()
            if not form:
                continue
            add_phrase(form, P_TITLE)
            if " " not in form:
                add("title", form)
        country = read("countries.txt")
        for name, bit in (("countries.txt", P_PLACE), ("cities.txt", P_PLACE), ("places-extra.txt", P_PLACE),
                          ("tz-cities.txt", P_PLACE), ("subdivisions.txt", P_PLACE),
                          ("organizations.txt", P_ORG), ("norp.txt", P_NORP)):
            text = country if name == "countries.txt" else read(name)
            for line in text.split("\n"):
                forms = [f.strip() for f in line.split("|")]
                if not forms or not forms[0]:
                    continue
                for form in forms:
                    if form:
                        add_phrase(form, bit)
        for m in ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december"]:
            h = term_hash(m.encode())
            self.words[h] = self.words.get(h, 0) | F["month"]
        for m in ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]:
            h = term_hash(m.encode())
            self.words[h] = self.words.get(h, 0) | F["monthAbbreviation"]
        self.max_phrase = 1
        # Longest phrase, in terms (for the matcher's bound).
        for name in ("countries.txt", "cities.txt", "places-extra.txt", "tz-cities.txt", "subdivisions.txt",
                     "organizations.txt", "norp.txt", "person-titles.txt"):
            for line in read(name).split("\n"):
                for form in line.split("|"):
                    self.max_phrase = max(self.max_phrase, len(terms_of(form.strip())) if form.strip() else 0)

    def flags(self, h):
        """TermFeatures.flags: word-list flags plus phraseStart (set on tokens, not in the list)."""
        f = self.words.get(h, 0)
        if combine(SEED, h) in self.phrases:
            f |= F["phraseStart"]
        return f


def is_contraction(term: bytes):
    a = term.rfind(b"'")
    if a <= 0:
        return False
    e = term[a + 1:]
    if len(e) == 1:
        return e in (b"m", b"d") or (e == b"t" and term[a - 1:a] == b"n")
    if len(e) == 2:
        return e in (b"re", b"ve", b"ll")
    return False


# --- TokenShaper ----------------------------------------------------------------------------------------------
S_CAP, S_ALLCAPS, S_POSS, S_SENT, S_AMBIG, S_SINGLE, S_LETTER, S_SHOUT, S_IDENT = (1 << k for k in range(9))
G_BLOCK, G_SPACE, G_HYPHEN, G_INITIAL, G_NUMJOIN, G_AMP, G_SENTENCE, G_OTHER = range(8)
GAP_NAMES = ["block", "space", "hyphen", "initialDot", "numberJoin", "ampersand", "sentence", "other"]


class Tok:
    __slots__ = ("term", "pos", "start", "end", "hash", "flags", "shape", "gap", "digits", "english")


def _shape(text, start, end, term):
    n = len(text)

    def byte(i):
        return text[i] if 0 <= i < n else 0
    s = 0
    b0 = byte(start)
    if 0x61 <= b0 <= 0x7A:
        s |= S_LETTER
        if end - start == 1:
            s |= S_SINGLE
        e = end
        if e - start >= 3 and byte(e - 1) == 0x73 and (
                byte(e - 2) == 0x27 or (byte(e - 4) == 0xE2 and byte(e - 3) == 0x80 and byte(e - 2) == 0x99)):
            s |= S_POSS
        return s
    if 0x41 <= b0 <= 0x5A:
        s |= S_CAP
    elif b0 >= 0xC0:
        length = 4 if b0 >= 0xF0 else 3 if b0 >= 0xE0 else 2
        prefix = term[:4]
        for k in range(min(length, 4)):
            if byte(start + k) != (prefix[k] if k < len(prefix) else 0):
                s |= S_CAP
                break
    upper = lower = other = 0
    for k in range(start, end):
        b = text[k]
        if 0x41 <= b <= 0x5A:
            upper += 1
        elif 0x61 <= b <= 0x7A:
            lower += 1
        elif b >= 0x80:
            other += 1
    if upper + lower + other > 0:
        s |= S_LETTER
    if upper >= 2 and lower == 0 and other == 0:
        s |= S_ALLCAPS
    if end - start == 1 and upper + lower == 1:
        s |= S_SINGLE
    e = end
    if e - start >= 3 and byte(e - 1) in (0x73, 0x53):
        if byte(e - 2) == 0x27 or (byte(e - 4) == 0xE2 and byte(e - 3) == 0x80 and byte(e - 2) == 0x99) \
                or (byte(e - 3) == 0xCA and byte(e - 2) == 0xBC):
            s |= S_POSS
    return s


def _gap(text, lex, t, p):
    if t.pos != p.pos + 1:
        return G_BLOCK
    lo, hi = p.end, t.start
    if hi <= lo:
        return G_SPACE
    if hi - lo == 1 and text[lo] == 0x20:
        return G_SPACE
    n = len(text)
    k, all_space = lo, True
    while k < hi:
        b = text[k]
        if b in (0x20, 0x09, 0x0A, 0x0D):
            k += 1
        elif b == 0xC2 and k + 1 < n and text[k + 1] == 0xA0:
            k += 2
        else:
            all_space = False
            break
    if all_space:
        return G_SPACE
    length = hi - lo
    if length == 1 and text[lo] == 0x2D:
        return G_HYPHEN
    if text[lo] == 0x2E and (length == 1 or (length == 2 and text[lo + 1] == 0x20)):
        if p.digits and t.digits and length == 1:
            return G_NUMJOIN
        if p.end - p.start == 1 and 0x41 <= text[p.start] <= 0x5A:
            return G_INITIAL
        if lex.words.get(p.hash, 0) & F["abbreviation"]:
            return G_INITIAL
    if length == 1 and text[lo] == 0x2C and p.digits and t.digits and len(t.term) == 3:
        return G_NUMJOIN
    amp = other = sentence = False
    for k in range(lo, hi):
        b = text[k]
        if b in (0x2E, 0x21, 0x3F):
            sentence = True
        elif b == 0x26:
            amp = True
        elif b == 0x20:
            pass
        else:
            other = True
    if sentence:
        return G_SENTENCE
    if amp and not other:
        return G_AMP
    return G_OTHER


def _opens_quote(text, lo, hi):
    n = len(text)
    k = lo
    while k < hi:
        b = text[k]
        if b in (0x22, 0x3A, 0x28, 0x5B):
            return True
        if b == 0xE2 and k + 2 < n and text[k + 1] == 0x80 and text[k + 2] in (0x9C, 0x98, 0x94):
            return True
        k += 1
    return False


def tokens(text: bytes, blocks, lex: Lexicon):
    """The described token stream of a document: Analyzer tokens with hash, word flags, shape (with sentence
    and ambiguous starts, identifier parts) and gap, as EntityTokens.append + TokenShaper.describe write them
    (`shouting` and `notEnglishProse`, which the capitalisation census adds, are not computed)."""
    out = []
    n = len(text)
    for term, pos, start, end in analyze(text, blocks):
        t = Tok()
        t.term, t.pos, t.start, t.end = term, pos, start, end
        t.hash = term_hash(term)
        t.flags = lex.flags(t.hash) | (F["common"] if is_contraction(term) else 0)
        t.digits = len(term) > 0 and all(0x30 <= b <= 0x39 for b in term)
        t.english = t.hash in lex.english
        out.append(t)
    for i, t in enumerate(out):
        shape = _shape(text, t.start, t.end, t.term)
        if shape & S_CAP and t.english:
            t.flags |= F["english"]
        if i == 0:
            gap = G_BLOCK
            if t.start - 1 >= 0 and text[t.start - 1] == 0x5F:
                shape |= S_IDENT
        else:
            p = out[i - 1]
            pe = p.end
            if t.pos == p.pos + 1 and (t.start <= pe or (t.start - pe == 1 and text[pe] == 0x20)):
                gap = G_SPACE
            else:
                gap = _gap(text, lex, t, p)
                if t.start - 1 >= 0 and text[t.start - 1] == 0x5F:
                    shape |= S_IDENT
                if pe < n and text[pe] == 0x5F:
                    p.shape |= S_IDENT
        t.gap = gap
        if gap in (G_BLOCK, G_SENTENCE):
            shape |= S_SENT | S_AMBIG
        elif gap == G_OTHER and _opens_quote(text, out[i - 1].end, t.start):
            shape |= S_AMBIG
        t.shape = shape
    if out and out[-1].end < n and text[out[-1].end] == 0x5F:
        out[-1].shape |= S_IDENT
    return out
