"""Counts in running text: digits or number words (English, Spanish) with their qualifier.

"more than 300", "más de 300", "al menos ocho", "alrededor de 50", "twenty-three",
"doscientos cuarenta y cinco", "once mil", "una veintena" (approximately 20),
"hundreds of" (at least 200, with a note, as seeds/README.md asks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

# -- number words ----------------------------------------------------------------
_EN_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_EN_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_ES_SMALL = {w: i for i, w in enumerate(
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciseis "
    "diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro veinticinco veintiseis "
    "veintisiete veintiocho veintinueve".split())}
_ES_SMALL |= {"veintiun": 21, "veintiuna": 21, "una": 1, "un": 1}
_ES_TENS = {w: 10 * i for i, w in enumerate("treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(), 3)}
_ES_HUNDREDS = {"cien": 100, "ciento": 100}
for _i, _stem in enumerate("dosc tresc cuatroc quin seisc setec ochoc novec".split(), 2):
    for _suffix in ("ientos", "ientas") if _stem != "quin" else ("ientos", "ientas"):
        _ES_HUNDREDS[_stem + _suffix] = 100 * _i

# kind: u = 0-9, t = 10-19 (and Spanish 20-29 written as one word), d = tens, h = Spanish hundreds,
# H = English "hundred" (multiplies), s = thousand/million
VALUE: dict[str, tuple[str, int]] = {}
for _w, _v in (_EN_SMALL | _ES_SMALL).items():
    VALUE[_w] = ("u" if _v < 10 else "t", _v)
for _w, _v in (_EN_TENS | _ES_TENS).items():
    VALUE[_w] = ("d", _v)
VALUE["veinte"] = ("d", 20)  # "veinte y tres" is archaic but harmless
for _w, _v in _ES_HUNDREDS.items():
    VALUE[_w] = ("h", _v)
# Portuguese (Brazilian reports): the words Spanish lacks; "e" joins them ("vinte e três")
for _w, _v in {"dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8, "nove": 9, "dez": 10, "treze": 13,
               "quatorze": 14, "dezesseis": 16, "dezessete": 17, "dezoito": 18, "dezenove": 19}.items():
    VALUE[_w] = ("u" if _v < 10 else "t", _v)
for _w, _v in {"vinte": 20, "trinta": 30, "quarenta": 40, "cinquenta": 50, "sessenta": 60, "setenta": 70,
               "oitenta": 80, "noventa": 90}.items():
    VALUE.setdefault(_w, ("d", _v))
VALUE |= {"hundred": ("H", 100), "thousand": ("s", 1000), "mil": ("s", 1000), "million": ("s", 10**6),
          "millon": ("s", 10**6), "millones": ("s", 10**6)}
CONNECTORS = frozenset({"and", "y", "e"})
ARTICLES = frozenset({"a", "un", "una"})  # a number only before a scale: "a hundred", "un millón"


def _parse_prefix(words: list[str]) -> tuple[int, int]:
    """(value, words used) of the longest valid number at the start of `words`; (0, 0) if none."""
    total = cur = 0
    prev = None  # kind of the previous number word
    last_scale = 0
    best = (0, 0)
    i = 0
    while i < len(words):
        w = words[i]
        if w in CONNECTORS:
            # "treinta y tres", "two hundred and five"
            nxt = VALUE.get(words[i + 1]) if i + 1 < len(words) else None
            if prev in ("d", "H", "h", "s") and nxt and nxt[0] in "utd" and not (prev == "d" and nxt[0] != "u"):
                i += 1
                continue
            break
        if w in ARTICLES and i + 1 < len(words) and VALUE.get(words[i + 1], ("",))[0] in ("H", "s") \
                and prev is None:
            cur, prev, i = 1, "a", i + 1
            continue
        kind_value = VALUE.get(w)
        if kind_value is None or (w in ARTICLES and prev is None):
            break
        kind, v = kind_value
        if kind == "u":
            if prev in ("u", "t", "a") or (prev == "d" and cur % 10):
                break
            cur += v
        elif kind == "t":
            if prev in ("u", "t", "d", "a"):
                break
            cur += v
        elif kind == "d":
            if prev in ("u", "t", "d", "a"):
                break
            cur += v
        elif kind == "h":
            if cur or prev == "a":
                break
            cur = v
        elif kind == "H":
            if prev not in (None, "u", "a") or cur >= 10:
                break
            cur = max(cur, 1) * 100
        else:  # scale: each one smaller than the last ("un millón doscientos mil")
            if last_scale and v >= last_scale:
                break
            total += max(cur, 1) * v
            cur, last_scale = 0, v
        prev = kind
        i += 1
        best = (total + cur, i)
    return best


def words_to_int(text: str) -> int:
    """The value of a whole phrase of number words ("twenty-three", "ciento uno"); ValueError otherwise."""
    words = re.findall(r"[a-z]+", fold(text))
    value, used = _parse_prefix(words)
    if not words or used != len(words):
        raise ValueError(f"not a number in words: {text!r}")
    return value


# -- counts in running text --------------------------------------------------------
@dataclass(frozen=True)
class Count:
    start: int  # span of the qualifier and the number, in the text
    end: int
    value: int
    qualifier: str
    note: str | None = None
    number_start: int = -1  # span of the number itself


_DIGITS = re.compile(r"(?<![\w$€£/:.,#-])(\d{1,3}(?:[.,  ]\d{3})+|\d+)(?![\w/:%$€]|[.,]\d)")

QUALIFIER_CUES = {
    "more_than": ["more than", "over", "upwards of", "upward of", "in excess of", "más de", "mas de",
                  ],
    "at_least": ["at least", "no fewer than", "no less than", "al menos", "por lo menos", "como mínimo",
                 "un mínimo de", "a minimum of"],
    "approximately": ["about", "around", "approximately", "some", "roughly", "nearly", "almost", "close to",
                      "an estimated", "estimated", "alrededor de", "cerca de", "aproximadamente", "unos", "unas",
                      "casi", "en torno a", "aprox.", "around some", "un estimado de", "approx."],
    "at_most": ["up to", "at most", "no more than", "as many as", "hasta", "como máximo", "un máximo de"],
    "fewer_than": ["fewer than", "less than", "under", "menos de"],
}
_QUAL_RE = re.compile(
    r"(?:(?<=\W)|^)(" + "|".join(
        f"(?P<{q}>" + "|".join(re.escape(fold(c)) for c in sorted(cues, key=len, reverse=True)) + ")"
        for q, cues in QUALIFIER_CUES.items()) + r")\s+$"
)

# "una veintena de", "a dozen", "hundreds of": (pattern, value, qualifier, note)
_APPROX_NOUNS = [
    (r"\bmedio centenar de\b", 50, "approximately", None),
    (r"\b(?:un|una) (veintena|decena|docena|quincena|treintena|centenar|millar) de\b", None, "approximately", None),
    (r"\b(?:about |around |some |nearly |almost )?a dozen\b", 12, "approximately", None),
    (r"\bdozens of\b", 24, "at_least", "'dozens' read as at least 24"),
    (r"\bdecenas de\b", 20, "at_least", "'decenas' read as at least 20"),
    (r"\b(?:hundreds of|cientos de|centenares de)\b", 200, "at_least", "'hundreds' read as at least 200"),
    (r"\b(?:thousands of|miles de)\b", 2000, "at_least", "'thousands' read as at least 2000"),
]
_COLLECTIVE = {"veintena": 20, "decena": 10, "docena": 12, "quincena": 15, "treintena": 30, "centenar": 100,
               "millar": 1000}
_APPROX_RE = [(re.compile(p), v, q, n) for p, v, q, n in _APPROX_NOUNS]
# A word each pattern needs: `in` on the text is far cheaper than a regex scan that finds nothing.
_APPROX_NEEDS = ["centenar", ("ena de", "centenar", "millar"), "dozen", "dozens", "decenas", ("hundreds", "cientos",
                 "centenares"), ("thousands", "miles")]
assert len(_APPROX_NEEDS) == len(_APPROX_RE)


def _qualify(folded: str, start: int) -> tuple[str, int]:
    m = _QUAL_RE.search(folded, max(0, start - 40), start)
    if not m:
        return "exact", start
    return next(q for q in QUALIFIER_CUES if m.group(q)), m.start(1)


_NUMBER_WORDS = frozenset((*VALUE, *ARTICLES, *CONNECTORS))
_TOKEN = re.compile(r"[0-9a-z]+")
_JOIN = re.compile(r"[\s-]+")
_WORD = "(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")(?![0-9a-z])"
_WORD_RUN = re.compile(rf"(?<![0-9a-z]){_WORD}(?:[\s-]+{_WORD})*")


def find_counts(text: str, folded: str | None = None) -> list[Count]:
    """Every count in `text`, with the qualifier that precedes it; spans are offsets into `text`."""
    folded = fold(text) if folded is None else folded
    out: list[Count] = []
    taken: list[tuple[int, int]] = []
    for (rx, value, qualifier, note), needs in zip(_APPROX_RE, _APPROX_NEEDS):
        if not any(w in folded for w in ((needs,) if isinstance(needs, str) else needs)):
            continue
        for m in rx.finditer(folded):
            v = value if value is not None else _COLLECTIVE[m.group(1)]
            out.append(Count(m.start(), m.end(), v, qualifier, note, m.start()))
            taken.append((m.start(), m.end()))
    for m in _DIGITS.finditer(text):
        raw = re.sub(r"[.,  ]", "", m.group(1))
        if len(raw) > 9:
            continue
        s = m.start()
        if any(a <= s < b for a, b in taken):
            continue
        qualifier, qs = _qualify(folded, s)
        out.append(Count(qs, m.end(), int(raw), qualifier, None, s))
    # runs of number words joined by spaces or hyphens ("twenty-three", "ciento veinte"); one regex
    # finds the runs (a Python loop over every token was the drafter's hottest spot)
    for m in _WORD_RUN.finditer(folded):
        _word_counts(folded, [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(folded, *m.span())],
                     taken, out)
    out.sort(key=lambda c: c.start)
    return out


def _word_counts(folded: str, words: list[tuple[int, int, str]], taken, out: list[Count]) -> None:
    i = 0
    while i < len(words):
        value, used = _parse_prefix([w for _, _, w in words[i:]])
        if used == 0:
            i += 1
            continue
        s, e = words[i][0], words[i + used - 1][1]
        if not any(x <= s < y for x, y in taken):
            qualifier, qs = _qualify(folded, s)
            out.append(Count(qs, e, value, qualifier, None, s))
        i += used
