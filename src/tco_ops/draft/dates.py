"""Date expressions (English, Spanish), resolved against the publication date.

Values use the claims' forms: a day `YYYY-MM-DD`, an ISO week `YYYY-Www`, a month
`YYYY-MM`, several days `YYYY-MM-DD/YYYY-MM-DD`. `inferred` follows seeds/README.md:
true when the day or month was derived rather than printed (a weekday or relative
expression: "last Friday", "ayer", "la semana pasada"); a printed day and month
whose year comes from the publication date is a reading, not an inference.

Weekdays: a plain weekday ("on Friday", "el viernes", "la madrugada del sábado")
is the latest such day on or before publication; "last"/"pasado" excludes the
publication day itself; "this"/"este" is the day in the publication's ISO week.
An expression that resolves after the publication date (a hearing "este jueves",
"next week") is not an operation date and is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..build.dates import Period
from .cues import FUTURE_BEFORE

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9, "set": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "dic": 12,
    # Portuguese (Brazilian reports); "março" folds to "marco", a Spanish word too: see find_dates
    "janeiro": 1, "fevereiro": 2, "marco": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
    "novembro": 11, "dezembro": 12,
}
# Portuguese weekdays: "nesta quinta-feira (20)" (the day of the month in brackets is common)
WEEKDAYS_PT = {"segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4, "sabado": 5, "domingo": 6}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6,
}
_LONG_MONTHS = [m for m in MONTHS if len(m) > 3 or m == "may"]
_M = r"(?P<month>" + "|".join(sorted(_LONG_MONTHS, key=len, reverse=True)) + r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|ene|abr|ago|dic)\.)"
_WD = r"(?P<wd>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°)?"
_Y = r"(?P<year>(?:19|20)\d\d)"

# Order matters: longer forms first; a span taken by one form is not matched again.
_PATTERNS: list[tuple[str, str]] = [
    # ranges: "del 5 al 7 de febrero", "between February 5 and 7", "5-7 February"
    ("range", r"\b(?:del|entre el) (?P<d1>[0-3]?\d) (?:al|y el) " + _D + r" de " + _M + r"(?: de(?:l)? " + _Y + r")?\b"),
    ("range", r"\bbetween " + _M + r" (?P<d1>[0-3]?\d) and " + _D + r"(?:,? " + _Y + r")?\b"),
    # one day or the next, as a source hedges: "on August 13 or 14", "el 13 o 14 de agosto"
    ("range", r"\b" + _M + r" (?P<d1>[0-3]?\d) or " + _D + r"(?:,? " + _Y + r")?\b"),
    ("range", r"\b(?:el )?(?P<d1>[0-3]?\d) (?:o|u) (?:el )?" + _D + r" de " + _M + r"(?: de(?:l)? " + _Y + r")?\b"),
    # "el viernes 7 de febrero de 2025", "7 de febrero"
    ("dmy_es", r"\b(?:(?:el|este|esta|del|de la noche del|la madrugada del|la noche del|la manana del) )?(?:" + _WD
     + r",? )?" + _D + r" de " + _M + r"(?:,? de(?:l)? " + _Y + r")?\b"),
    # "Friday, February 7, 2025", "January 7", "the night of January 7"
    ("mdy_en", r"\b(?:(?:the )?(?:night|morning|evening|afternoon|early hours) of )?(?:" + _WD + r",? )?" + _M
     + r" " + _D + r"\b(?:,? " + _Y + r"\b)?(?![:.,]?\d)"),
    # "7 February 2025"
    ("dmy_en", r"\b(?:" + _WD + r",? )?" + _D + r" " + _M + r"(?:,? " + _Y + r")?\b"),
    # months: "January 2025", "enero de 2025", "in January", "en enero"
    ("month", r"\b" + _M + r",? (?:de(?:l)? )?" + _Y + r"\b"),
    ("month_bare", r"\b(?:in|en|during|durante|since|desde|early|late|mid|a principios de|a finales de|a mediados de) "
     r"(?:(?:early|late|mid) )?" + _M + r"(?! \d)(?! de \d)\b"),
    # weeks and months relative to publication
    ("last_week", r"\b(?:last week|the previous week|the week before|la semana pasada|la pasada semana|semana passada|"
     r"la semana anterior)\b"),
    ("this_week", r"\b(?:earlier this week|this week|esta semana|en lo que va de semana)\b"),
    ("wd_pt", r"\b(?:(?:nesta|neste|nessa|nesse|desta|deste|na|no|na ultima|no ultimo|nesta ultima) )?"
     r"(?:(?P<wdpt>segunda|terca|quarta|quinta|sexta)-feira(?: \((?P<pday>[0-3]?\d)\))?|"
     r"(?P<wdpt2>segunda|terca|quarta|quinta|sexta|sabado|domingo) \((?P<pday2>[0-3]?\d)\))"),
    ("last_month", r"\b(?:last month|el mes pasado|el pasado mes)\b"),
    ("this_month", r"\b(?:earlier this month|this month|este mes|a principios de mes|a comienzos de mes)\b"),
    # weekdays
    ("wd_last", r"\b(?:last|el pasado|este pasado|el último|el ultimo) " + _WD + r"\b"),
    ("wd_last", r"\b(?:el )?" + _WD + r" pasado\b"),
    ("wd_next", r"\b(?:next|el proximo|este proximo|el siguiente|coming) " + _WD + r"\b"),
    ("wd_this", r"\b(?:this|este|esta) " + _WD + r"\b"),
    ("wd", r"\b(?:(?:on|early|late|early on|late on|la madrugada del|la noche del|la manana del|la tarde del|"
     r"el|del|desde el) )?" + _WD + r"(?:'s)?(?: (?:night|morning|evening|afternoon|por la (?:noche|manana|tarde)|"
     r"en la (?:noche|madrugada|manana)))?\b"),
    # days relative to publication
    ("yesterday", r"\b(?:yesterday|ayer|last night|anoche|ontem)\b"),
    ("day_before", r"\b(?:anteayer|antier|the day before yesterday)\b"),
    ("today", r"\b(?:today|this morning|earlier today|early today|hoy(?! en dia)|esta manana|esta madrugada|hoje|nesta madrugada)\b"),
    ("next", r"\b(?:next week|next month|tomorrow|la proxima semana|el proximo mes|manana por la)\b"),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in _PATTERNS]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # claims form
    inferred: bool
    kind: str
    note: str


def _month(m: re.Match) -> int:
    return MONTHS[m.group("month").rstrip(".")]


def _year_for(month: int, day: int, pub: dt.date) -> int:
    """The year of a day printed without one: the publication year, or the one before if that is later."""
    year = pub.year
    try:
        if dt.date(year, month, day) > pub:
            year -= 1
    except ValueError:
        pass
    return year


def _week(day: dt.date) -> str:
    return Period(day, day + dt.timedelta(days=6 - day.weekday()), "week").text


def _resolve(kind: str, m: re.Match, pub: dt.date | None, pub_year: int | None) -> tuple[str, bool, str] | None:
    """(value, inferred, note) or None when the expression cannot be resolved or lies after publication."""
    g = m.groupdict()
    if kind in ("range", "dmy_es", "mdy_en", "dmy_en"):
        month, day = _month(m), int(g["day"])
        if g.get("year"):
            year, inferred, note = int(g["year"]), False, "date as printed"
        elif pub is not None:
            year, inferred, note = _year_for(month, day, pub), False, "year read from the publication date"
        elif pub_year is not None:
            year, inferred, note = pub_year, False, "year read from the publication date"
        else:
            return None
        try:
            end = dt.date(year, month, day)
            if kind == "range":
                start = dt.date(year, month, int(g["d1"]))
                if start >= end:
                    return None
                return f"{start.isoformat()}/{end.isoformat()}", inferred, note
        except ValueError:
            return None
        if g.get("wd") and WEEKDAYS[g["wd"]] != end.weekday():
            note += f"; the printed weekday is not that of {end.isoformat()}"
        if pub is not None and end > pub:
            return None
        return end.isoformat(), inferred, note
    if kind in ("month", "month_bare"):
        month = _month(m)
        if g.get("year"):
            return f"{int(g['year']):04d}-{month:02d}", False, "month as printed"
        if pub is None:
            return None
        year = pub.year if month <= pub.month else pub.year - 1
        return f"{year:04d}-{month:02d}", False, "year read from the publication date"
    if pub is None:
        return None
    if kind == "last_week":
        return _week(pub - dt.timedelta(days=7)), True, f"the ISO week before publication ({pub.isoformat()})"
    if kind == "this_week":
        return _week(pub), True, f"the ISO week of publication ({pub.isoformat()})"
    if kind == "last_month":
        prev = pub.replace(day=1) - dt.timedelta(days=1)
        return f"{prev.year:04d}-{prev.month:02d}", True, f"the month before publication ({pub.isoformat()})"
    if kind == "this_month":
        return f"{pub.year:04d}-{pub.month:02d}", True, f"the month of publication ({pub.isoformat()})"
    if kind == "wd_pt":
        wd = WEEKDAYS_PT[g["wdpt"] or g["wdpt2"]]
        back = (pub.weekday() - wd) % 7
        day = pub - dt.timedelta(days=back)
        printed = g["pday"] or g["pday2"]
        if printed:  # the day of the month in brackets picks the week: "quarta-feira (19)"
            for _ in range(6):
                if day.day == int(printed):
                    break
                day -= dt.timedelta(days=7)
            else:
                return None
        return day.isoformat(), True, f"{g['wdpt'] or g['wdpt2']} on or before publication ({pub.isoformat()})"
    if kind in ("wd", "wd_last", "wd_this"):
        wd = WEEKDAYS[g["wd"]]
        back = (pub.weekday() - wd) % 7
        if kind == "wd_last" and back == 0:
            back = 7
        if kind == "wd_this":
            back = pub.weekday() - wd
            if back < 0:
                return None  # later this week: not yet happened
        day = pub - dt.timedelta(days=back)
        return day.isoformat(), True, f"{g['wd']} on or before publication ({pub.strftime('%A %d %b %Y')})"
    if kind == "yesterday":
        return (pub - dt.timedelta(days=1)).isoformat(), True, f"the day before publication ({pub.isoformat()})"
    if kind == "day_before":
        return (pub - dt.timedelta(days=2)).isoformat(), True, f"two days before publication ({pub.isoformat()})"
    if kind == "today":
        return pub.isoformat(), True, f"the publication day ({pub.isoformat()})"
    return None  # next, wd_next: after publication


_ANCHOR = re.compile(
    r"\b(?:" + "|".join(sorted({*MONTHS, *WEEKDAYS}, key=len, reverse=True))
    + r"|yesterday|ayer|anoche|last night|anteayer|antier|today|hoy|morning|manana|madrugada|week|semana|month|mes"
    + r"|tomorrow|segunda|terca|quarta|quinta|sexta|ontem|hoje|semana passada)\b")


_DIGIT = re.compile(r"\d")
_NEED_DIGIT = frozenset({"range", "dmy_es", "mdy_en", "dmy_en", "month"})


def _windows(folded: str) -> list[tuple[int, int]]:
    """Stretches of text around a month, weekday or relative word: the only places a date can be."""
    out: list[tuple[int, int]] = []
    for m in _ANCHOR.finditer(folded):
        a, b = max(0, m.start() - 45), min(len(folded), m.end() + 30)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _matches(folded: str):
    """(kind, match) of every date expression, longest forms first, no two overlapping."""
    windows = _windows(folded)
    digits = [_DIGIT.search(folded, a, b) is not None for a, b in windows]
    taken: list[tuple[int, int]] = []
    for kind, rx in _COMPILED:
        for (a, b), has_digit in zip(windows, digits):
            if kind in _NEED_DIGIT and not has_digit:
                continue  # a printed day needs a digit: skip the scan of a window without one
            for m in rx.finditer(folded, a, b):
                if not any(x < m.end() and m.start() < y for x, y in taken):
                    taken.append(m.span())
                    yield kind, m


def date_spans(folded: str) -> list[tuple[int, int]]:
    """Spans of every date expression, resolvable or not (so that "January 7" is not read as a count)."""
    return [m.span() for _, m in _matches(folded)]


def find_dates(folded: str, published: Period | None, text: str | None = None,
               spans: list[tuple[int, int]] | None = None) -> list[DateMention]:
    """Date expressions in the folded text, resolved against `published` (any precision).

    `text` (the original) lets the English modal "may" ("20 may face charges") be told from the month.
    `spans`, when given, receives the span of every expression, resolved or not.
    """
    pub = published.start if published is not None and published.precision == "day" else None
    pub_year = published.start.year if published is not None else None
    out: list[DateMention] = []
    for kind, m in _matches(folded):
        if spans is not None:
            spans.append(m.span())
        if text is not None and m.groupdict().get("month") == "may" and not m.groupdict().get("year") \
                and text[m.start("month")] == "m" and re.match(r" [a-z]", text[m.end("month"):m.end("month") + 2]):
            continue
        if kind == "month_bare" and m.group("month") == "marco":
            continue  # "en marco de": the Spanish word, not Portuguese March
        if FUTURE_BEFORE.search(folded, max(0, m.start() - 12), m.start()):
            continue  # "el próximo 30 de octubre": still to come, like a day after publication
        got = _resolve(kind, m, pub, pub_year)
        if got is None:
            continue
        value, inferred, note = got
        out.append(DateMention(m.start(), m.end(), value, inferred, kind, note))
    out.sort(key=lambda d: d.start)
    return out
