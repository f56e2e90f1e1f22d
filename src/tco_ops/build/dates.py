"""Claimed dates as closed day intervals with a precision.

Accepted forms (ISO 8601): `2025-02-07` (day), `2025-W06` (ISO week),
`2025-02` (month), `2025` (year), `2025-02-07/2025-02-09` (several days: precision
`span`, so a range is never mistaken for one known day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISION_RANK = {"day": 0, "span": 1, "week": 2, "month": 3, "year": 4}

_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # [0-9], not \d: no fullwidth digits
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_YEAR = re.compile(r"([0-9]{4})")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    precision: str

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("date_end is before date_start")

    @property
    def text(self) -> str:
        """The canonical ISO 8601 spelling (what claims.value holds)."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, other: "Period") -> bool:
        return other.start <= self.start and self.end <= other.end

    @property
    def width(self) -> int:
        return (self.end - self.start).days


def parse_period(text: str) -> Period:
    """Parse one of the accepted forms; ValueError names what is wrong."""
    text = str(text).strip()
    if "/" in text:
        if text.count("/") > 1:
            raise ValueError("an interval has exactly two dates, YYYY-MM-DD/YYYY-MM-DD")
        first, _, last = text.partition("/")
        a, b = parse_period(first), parse_period(last)
        if a.precision != "day" or b.precision != "day":
            raise ValueError("an interval must join two full dates, YYYY-MM-DD/YYYY-MM-DD")
        if b.start < a.start:
            raise ValueError("date_end is before date_start")
        return Period(a.start, b.start, "day" if a.start == b.start else "span")
    if m := _DAY.fullmatch(text):
        day = dt.date(*map(int, m.groups()))  # raises on 2025-02-30
        return Period(day, day, "day")
    if m := _WEEK.fullmatch(text):
        year, week = map(int, m.groups())
        start = dt.date.fromisocalendar(year, week, 1)  # raises on week 54
        return Period(start, start + dt.timedelta(days=6), "week")
    if m := _MONTH.fullmatch(text):
        year, month = map(int, m.groups())
        last = calendar.monthrange(year, month)[1]  # raises on month 13
        return Period(dt.date(year, month, 1), dt.date(year, month, last), "month")
    if m := _YEAR.fullmatch(text):
        year = int(m.group(1))
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    raise ValueError("not a date in an accepted form")


DATE_FORMS = "YYYY-MM-DD, YYYY-Www (ISO week), YYYY-MM, YYYY, or YYYY-MM-DD/YYYY-MM-DD"
