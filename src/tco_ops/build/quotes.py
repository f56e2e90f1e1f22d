"""Find a quote in an archived text and return its character offsets.

Text and quote are compared in Unicode NFC, so a quote typed with decomposed
accents still matches; offsets index the NFC text in code points.
"""

from __future__ import annotations

import difflib
import re
import unicodedata


class QuoteNotFound(ValueError):
    def __init__(self, closest: str):
        super().__init__("quote not found")
        self.closest = closest


class QuoteAmbiguous(ValueError):
    def __init__(self, starts: list[int]):
        super().__init__("quote found more than once")
        self.starts = starts


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence, overlapping ones included."""
    starts, at = [], text.find(quote)
    while at != -1 and quote:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """Offsets (start, end) of `quote` in `text`, which must already be NFC.

    `occurrence` (1-based) picks one of several matches; without it a quote
    that occurs more than once is ambiguous.
    """
    quote = nfc(quote)
    if not quote:
        raise QuoteNotFound("")
    starts = find_all(text, quote)
    if not starts:
        raise QuoteNotFound(closest_passage(text, quote))
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteAmbiguous(starts)
        occurrence = 1
    if not 1 <= occurrence <= len(starts):
        raise QuoteAmbiguous(starts)
    start = starts[occurrence - 1]
    return start, start + len(quote)


def closest_passage(text: str, quote: str) -> str:
    """The run of words in `text` most like `quote`, to show the curator what is there.

    Windows with the same number of words as the quote are ranked by how many
    of the quote's words they share, then by character similarity.
    """
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if not words:
        return ""
    k = max(1, len(quote.split()))
    wanted = set(quote.casefold().split())
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote.casefold())
    best, best_score = "", (-1, -1.0)
    for i in range(max(1, len(words) - k + 1)):
        window = text[words[i][0]:words[min(i + k, len(words)) - 1][1]]
        shared = len(wanted & set(window.casefold().split()))
        if shared < best_score[0]:
            continue
        matcher.set_seq1(window.casefold())
        score = (shared, matcher.ratio())
        if score > best_score:
            best, best_score = window, score
    return best
