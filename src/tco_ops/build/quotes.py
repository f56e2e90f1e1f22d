"""Find a quote in an archived text and return its character offsets.

Text and quote are compared in Unicode NFC, so a quote typed with decomposed
accents still matches; offsets index the NFC text in code points.
"""

from __future__ import annotations

import difflib
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
    """The stretch of `text` most like `quote`, to show the curator what is there."""
    if not text:
        return ""
    n = len(quote)
    step = max(1, n // 4)
    best, best_ratio = text[:n], -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in range(0, max(1, len(text) - n + 1), step):
        window = text[start:start + n]
        matcher.set_seq1(window)
        ratio = matcher.quick_ratio()
        if ratio > best_ratio:
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best
