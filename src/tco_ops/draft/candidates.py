"""What the drafter produces: candidates (one value, its quote, confidence and role) and the draft.

A candidate is *proposed* when its confidence reaches the threshold and its role is the
one a claim records: a place whose role is `site`, a date whose role is `action` (the
likeliest one per operation), a figure whose scope is `total` (this operation's).
Every other candidate is kept, commented out, with its role, so a curator can promote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import vocab

THRESHOLD = 0.5
FIELD_ORDER = ("date", "announced", "location", "agency", "target", "arrested", "arrested_affiliation", "charged",
               "persons_targeted", "personnel", "sites", "victims_rescued", "minors_rescued", "minors_in_network")
PLACE_ROLES = ("site", "area", "origin", "destination", "dateline", "other")
DATE_ROLES = ("action", "announcement", "background")
SCOPES = ("total", "subset", "cumulative", "other_operation")


@dataclass
class Candidate:
    field: str
    value: object
    start: int  # quote span in the text
    end: int
    confidence: float
    reason: str
    qualifier: str | None = None
    role: str | None = None  # agencies: lead/support/...; places: site/area/origin/destination/dateline/other
    inferred: bool = False
    note: str | None = None
    date_role: str | None = None  # dates: action | announcement | background
    scope: str | None = None  # figures: total | subset | cumulative | other_operation
    segment: int = 0  # the operation segment (0: the article's main operation)
    new: dict | None = None  # a place or agency not in seeds/reference: the entry to add

    @property
    def key(self) -> tuple:
        return (self.field, self.value, self.qualifier, self.role, self.date_role, self.scope, self.segment)

    @property
    def proposable(self) -> bool:
        if self.field == "location":
            return self.role == "site"
        if self.field == "date":
            return self.date_role == "action"
        if self.field == "announced":
            return False
        if self.field in vocab.COUNT_FIELDS:
            return self.scope == "total"
        return True


@dataclass
class Draft:
    """Everything drafted from one article."""

    candidates: list[Candidate] = field(default_factory=list)
    event_article: bool = True
    segments: int = 1  # operation segments found

    def claims(self, threshold: float = THRESHOLD, segment: int | None = None) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence >= threshold and c.proposable
                and (segment is None or c.segment == segment)]

    def rejected(self, threshold: float = THRESHOLD) -> list[Candidate]:
        return [c for c in self.candidates if not (c.confidence >= threshold and c.proposable)]
