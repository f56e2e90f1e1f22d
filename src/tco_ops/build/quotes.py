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


# -- is the quote evidence for the value? ---------------------------------------------
_WORD = re.compile(r"[^\W\d_]{3,}")  # a run of 3+ letters: "a" or "7" alone proves nothing
_MONTHS = {  # month names and abbreviations, English, Spanish, Portuguese (folded: no accents)
    1: "january jan enero ene janeiro", 2: "february feb febrero fevereiro fev", 3: "march mar marzo marco",
    4: "april apr abril abr", 5: "may mayo maio mai", 6: "june jun junio junho",
    7: "july jul julio julho", 8: "august aug agosto ago", 9: "september sep sept septiembre setiembre setembro set",
    10: "october oct octubre outubro out", 11: "november nov noviembre novembro", 12: "december dec diciembre dic dezembro dez",
}
_SINGULAR = frozenset({"a", "an", "one", "the", "single", "lone", "un", "una", "uno", "el", "la", "um", "uma", "o"})
_MONTH_WORDS = {m: frozenset(words.split()) for m, words in _MONTHS.items()}


def evidence_problem(field: str, quote: str, *, count: int | None = None, period=None, name: str | None = None,
                     inferred: bool = False) -> tuple[str, str] | None:
    """Why `quote` cannot support the claimed value, or None.

    A quote must hold a word of three or more letters; a count's quote its
    number (digits or words: "eight", "una veintena"); a date's quote a day,
    month or year of the date, unless the curator marked the date `inferred`;
    a name's quote the name as printed.
    """
    if not _WORD.search(quote):
        return ("quote is too short to be evidence: it has no word of three or more letters",
                "quote the words of the article that make the claim")
    from ..draft.text import fold  # the drafter's folding and number reader; lazy: draft imports build

    folded = fold(nfc(quote))
    if count is not None:
        from ..draft.numbers import find_counts

        # One person is usually written with an article ("a suspect", "un ciudadano", "the leader").
        singular = count == 1 and _SINGULAR & set(re.findall(r"[a-z]+", folded))
        if not singular and not any(c.value == count for c in find_counts(nfc(quote), folded)):
            return (f"quote does not contain the claimed number {count} (in digits or words)",
                    "quote the words that give the number, e.g. 'more than 300 officers'")
    elif period is not None and not inferred:
        tokens = set(re.findall(r"[0-9]+|[a-z]+", folded))
        numbers = {int(t) for t in tokens if t.isdigit() and len(t) <= 4}
        days = {period.start, period.end}
        wanted_numbers = {d.year for d in days}
        if period.precision in ("day", "span", "week"):
            wanted_numbers |= {d.day for d in days}
        if period.precision != "year":
            wanted_numbers |= {d.month for d in days}
        months = {d.month for d in days} if period.precision != "year" else set()
        if not (numbers & wanted_numbers or any(tokens & _MONTH_WORDS[m] for m in months)):
            return (f"quote names no day, month or year of the claimed date {period.text}",
                    "quote the words that give the date, or set `inferred: true` if you derived it "
                    "(from 'last week', a weekday or the dateline)")
    elif name is not None and not inferred:
        def key(text: str) -> str:
            return " ".join(re.findall(r"[0-9a-z]+", fold(nfc(text))))

        if key(name) not in key(quote):
            return ("quote does not contain the claimed name", "quote the words where the name is printed, "
                    "or set `inferred: true` if the name is not printed in this source")
    return None
