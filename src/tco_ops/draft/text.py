"""Text helpers for drafting: a folded copy of the text with the same offsets, tokens, sentences.

Every matcher runs on `fold(text)`: lower case, accents removed, typographic
apostrophes made plain, and *exactly* as long as the text, so an offset found in
the folded copy cuts the same span out of the original. Quotes are therefore
always verbatim slices of the article.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    for ch in "’‘ʼ´`":
        table[ord(ch)] = "'"
    for ch in "“”«»":
        table[ord(ch)] = '"'
    for ch in "–—‑":
        table[ord(ch)] = "-"
    table[0xA0] = " "
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case, accent-free copy of `text` with the same length (offsets carry over)."""
    low = text.lower()
    if len(low) != len(text):  # a rare character (e.g. U+0130) lower-cases to two code points
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_FOLD)


@lru_cache(maxsize=4096)
def fold_phrase(text: str) -> str:
    """Fold a cue phrase written with accents; cached (cue lists are folded once)."""
    return fold(unicodedata.normalize("NFC", text))


TOKEN = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the paragraph (line) it sits in
    first_in_paragraph: bool


# Words that end with a period without ending the sentence.
_ABBREV = frozenset(
    "u s uu ee jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic no nro n sr sra srta dr dra "
    "gen gral col cnel cap lt sgt mr mrs ms st jr inc corp co ltd vs etc av avda art dept approx aprox p ej "
    "d c a m".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“¿¡(\[]?[A-ZÁÉÍÓÚÑ0-9])")


def sentences(text: str) -> list[Sentence]:
    """Sentence spans: lines are paragraphs; inside a line, split after . ! ? before a capital."""
    out: list[Sentence] = []
    pos = 0
    para = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        first = True
        cut = 0
        for m in _BOUNDARY.finditer(line):
            before = line[cut:m.start()].rsplit(None, 1)
            last_word = before[-1].lower().strip(".\"'()") if before else ""
            if last_word in _ABBREV or "." in last_word or (len(last_word) == 1 and last_word.isalpha()):
                continue
            out.append(Sentence(start + cut, start + m.end(), para, first))
            first = False
            cut = m.end()
        if cut < len(line):
            out.append(Sentence(start + cut, start + len(line), para, first))
        para += 1
    return [_trim(text, s) for s in out]


def _trim(text: str, s: Sentence) -> Sentence:
    a, b = s.start, s.end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return Sentence(a, b, s.paragraph, s.first_in_paragraph)


@dataclass
class Doc:
    """One article's text, folded copy, tokens and sentences, with offset look-ups."""

    text: str
    folded: str
    tok_starts: list[int]
    tok_ends: list[int]
    toks: list[str]
    sents: list[Sentence]
    sent_starts: list[int]

    @classmethod
    def of(cls, text: str) -> "Doc":
        folded = fold(text)
        ms = list(TOKEN.finditer(folded))
        starts, ends, toks = [m.start() for m in ms], [m.end() for m in ms], [m.group() for m in ms]
        sents = sentences(text)
        return cls(text, folded, starts, ends, toks, sents, [s.start for s in sents])

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the nearest one before it)."""
        return max(0, bisect.bisect_right(self.sent_starts, offset) - 1)

    def token_at(self, offset: int) -> int:
        """Index of the first token that ends after `offset`."""
        return bisect.bisect_right(self.tok_ends, offset)

    def tokens_between(self, a: int, b: int) -> list[str]:
        i, j = bisect.bisect_left(self.tok_starts, a), bisect.bisect_left(self.tok_starts, b)
        return self.toks[i:j]
