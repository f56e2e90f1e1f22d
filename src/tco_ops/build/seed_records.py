"""The plain records that seeds/ is read into (inputs.py fills them; resolve.py consumes them)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from .dates import Period


# -- records -------------------------------------------------------------------
@dataclass
class Article:
    article_id: str
    file: str
    url: str | None
    title: str | None
    publisher: str | None
    wire: str | None
    published: Period | None
    published_basis: str | None
    language: str | None
    byline: str | None
    archived: bool
    rights: str | None
    note: str | None
    text: str | None  # NFC, only when archived

    @property
    def origin(self) -> str:
        """Independent origin: the wire a page relays, else the outlet."""
        return (self.wire or self.publisher or self.article_id).casefold()

    @property
    def text_sha256(self) -> str | None:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text is not None else None


@dataclass
class RawClaim:
    article_id: str
    file: str
    line: int
    operation_id: str | None
    field: str | None
    value: object
    qualifier: str | None
    role: str | None
    group: str | None
    quote: str | None
    occurrence: int | None
    inferred: bool
    note: str | None
    lines: dict = field(default_factory=dict)  # key → line, to point at the offending key
    # -- 0.2: outcome and nationality-count claims --
    item: str | None = None
    unit: str | None = None
    drug: str | None = None
    side: str | None = None
    nationality: str | None = None


@dataclass
class RawDecision:
    file: str
    line: int
    field: str | None
    group: str | None
    agency: str | None
    value: object
    reason: str | None


@dataclass
class OperationFile:
    operation_id: str
    file: str
    name: str | None
    summary: str | None
    country: str | None
    weak_sourcing: bool
    note: str | None
    decisions: list[RawDecision] = field(default_factory=list)
    kind: str | None = None  # 0.2: required; None only when it failed to read
    series: str | None = None
    phase: int | None = None


@dataclass
class RefEntry:
    kind: str  # agency | location | organization
    id: str
    file: str
    line: int
    name: str
    parent: str | None
    aliases: list[str]
    attrs: dict  # the table's other columns
    lines: dict = field(default_factory=dict)


@dataclass
class Seeds:
    articles: dict[str, Article] = field(default_factory=dict)
    claims: list[RawClaim] = field(default_factory=list)
    operations: dict[str, OperationFile] = field(default_factory=dict)
    reference: dict[str, list[RefEntry]] = field(default_factory=dict)
    # reference files with entries that could not be read: {file: line of the first}; names in claims
    # would fail to resolve against them, so the build stops before the claims (see pipeline.py)
    reference_incomplete: dict[str, int | None] = field(default_factory=dict)
