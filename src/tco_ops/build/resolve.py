"""Resolve names to ids, normalise claimed values, and locate quotes.

Reference entries are indexed by id, name, acronym and aliases, compared
without case, accents or punctuation, so "HIS Lima" (a misspelling listed as an
alias) resolves to `us-hsi-lima` and "San Martin de Porres" to the district.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from .. import vocab
from ..errors import Problem
from . import limits, values
from .dates import DATE_FORMS, Period
from .inputs import Article, RawClaim, RefEntry, Seeds, parse_claim_date
from .quotes import QuoteAmbiguous, QuoteNotFound, evidence_problem, locate, nfc
from .record import closest

KIND_TABLE = {"agency": "agencies", "location": "locations", "organization": "organizations", "series": "series"}
FIELD_KIND = {  # claim fields whose value names a reference entry
    "location": "location", "arrested_location": "location", "agency": "agency",
    "target": "organization", "arrested_affiliation": "organization",
}
MAX_COUNT = 10_000_000  # larger than any real operation; catches typos and overflow (applies to the published value)


# Letters that have no decomposition into a base letter plus accent.
_FOLD = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Æ": "AE", "æ": "ae",
                       "Œ": "OE", "œ": "oe", "ß": "ss", "ı": "i", "Þ": "TH", "þ": "th", "Ð": "D", "ð": "d"})


def alias_key(text: str) -> str:
    """Case, accents and punctuation ignored: "U.S. Embassy" = "US embassy", "Łódź" = "Lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    bare = re.sub(r"[.'’`´]", "", bare)  # abbreviation dots and apostrophes join: H.S.I. = HSI
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


class Unresolved(LookupError):
    def __init__(self, kind: str, text: str, suggestions: list[str]):
        super().__init__(f"no {kind} matches {text!r}")
        self.kind, self.text, self.suggestions = kind, text, suggestions

    @property
    def fix(self) -> str:
        near = f"closest ids: {', '.join(self.suggestions)}; " if self.suggestions else ""
        return f"{near}or add it (or an alias) to seeds/reference/{KIND_TABLE[self.kind]}.yaml"


@dataclass
class Reference:
    entries: dict[str, dict[str, RefEntry]]
    index: dict[str, dict[str, str]]

    def resolve(self, kind: str, text: str) -> str:
        key = alias_key(str(text))
        found = self.index[kind].get(key)
        if found is None:
            names = {**{e.id: e.id for e in self.entries[kind].values()},
                     **{alias_key(e.name): e.id for e in self.entries[kind].values()}}
            near = closest(key, list(names), n=3)
            raise Unresolved(kind, str(text), sorted({names[n] for n in near}))
        return found

    def parents(self, kind: str) -> dict[str, str | None]:
        return {i: e.parent for i, e in self.entries[kind].items()}

    def normalise(self, field: str, raw: object, qualifier: str | None = None):
        """normalise(), memoised: corpora repeat the same names and dates thousands of times."""
        try:
            key = (field, type(raw), raw if not isinstance(raw, list) else tuple(raw), qualifier)
            hash(key)
        except TypeError:
            return normalise(field, raw, self, qualifier)
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            try:
                memo[key] = normalise(field, raw, self, qualifier)
            except BadValue as exc:
                memo[key] = exc
        result = memo[key]
        if isinstance(result, BadValue):
            raise result
        return result


def build_reference(seeds: Seeds, problems: list[Problem]) -> Reference:
    entries: dict[str, dict[str, RefEntry]] = {}
    index: dict[str, dict[str, str]] = {}
    for kind, items in seeds.reference.items():
        table: dict[str, RefEntry] = {}
        for e in items:
            if e.id in table:
                problems.append(Problem(e.file, e.line, f"duplicate {kind} id", e.id,
                                        f"ids must be unique; the first is on line {table[e.id].line}"))
                continue
            table[e.id] = e
        entries[kind] = table
        index[kind] = _alias_index(kind, table, problems)
        _check_parents(kind, table, problems)
    for e in entries.get("location", {}).values():
        parent = entries["location"].get(e.parent) if e.parent else None
        if parent and parent.attrs["country_code"] != e.attrs["country_code"]:
            problems.append(Problem(e.file, e.line, "location's country differs from its parent's",
                                    e.attrs["country_code"], f"parent {parent.id} is in {parent.attrs['country_code']}"))
    return Reference(entries, index)


def _alias_index(kind: str, table: dict[str, RefEntry], problems: list[Problem]) -> dict[str, str]:
    owner: dict[str, str] = {}
    for e in table.values():
        names = {e.id, e.name, *e.aliases}
        if kind == "agency" and e.attrs.get("acronym"):
            names.add(e.attrs["acronym"])
        for name in names:
            key = alias_key(name)
            if not key:
                continue
            if key in owner and owner[key] != e.id:
                problems.append(Problem(e.file, e.line, f"alias {name!r} also names {owner[key]}", name,
                                        "make the alias specific to one entry (add the country or city)"))
                continue
            owner[key] = e.id
    return owner


def _check_parents(kind: str, table: dict[str, RefEntry], problems: list[Problem]) -> None:
    for e in table.values():
        if e.parent is not None and e.parent not in table:
            near = closest(e.parent, table)
            problems.append(Problem(e.file, e.lines.get("parent", e.line), f"parent {kind} does not exist", e.parent,
                                    f"closest ids: {', '.join(near)}" if near else f"add {e.parent!r} to the file"))
    reported: set[str] = set()
    for e in table.values():
        seen: list[str] = []
        node = e.id
        while node is not None and node in table and node not in seen:
            seen.append(node)
            node = table[node].parent
        if node is not None and node in seen:
            cycle = seen[seen.index(node):]
            if not reported & set(cycle):
                reported.update(cycle)
                first = table[min(cycle)]
                problems.append(Problem(first.file, first.line, f"cycle in the {kind} parent chain",
                                        " → ".join([*cycle, node]), "one entry's parent must be removed or changed"))


# -- claims --------------------------------------------------------------------
@dataclass
class Claim:
    claim_id: str
    article_id: str
    operation_id: str
    arrest_id: str | None
    field: str
    value: str  # normalised text, as published
    qualifier: str | None
    role: str | None
    inferred: bool
    quote: str | None
    char_start: int | None
    char_end: int | None
    note: str | None
    file: str
    line: int
    count: int | None = None
    period: Period | None = None
    # -- 0.2: a location's role; what a seized, killed, injured or nationality count is of --
    location_role: str | None = None
    item: str | None = None
    unit: str | None = None
    drug: str | None = None
    side: str | None = None
    nationality: str | None = None


@dataclass
class Decision:
    operation_id: str
    field: str
    subject: str | None
    value: str
    count: int | None
    period: Period | None
    reason: str
    file: str
    line: int

    @property
    def decision_id(self) -> str:
        parts = [self.operation_id, self.field.replace("_", "-")]
        if self.subject and not self.subject.startswith(self.operation_id + "-"):
            parts.append(self.subject)
        elif self.subject:
            parts.append(self.subject.removeprefix(self.operation_id + "-"))
        return "-".join(parts)


class BadValue(ValueError):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def normalise(field: str, raw: object, ref: Reference, qualifier: str | None = None):
    """(published text, count, period) for a claimed value; BadValue names the fix."""
    if field in vocab.DATE_FIELDS:
        try:
            period = parse_claim_date(raw)
        except ValueError as exc:
            raise BadValue(f"not a valid date: {exc}", f"write {DATE_FORMS}") from None
        # A period must have begun by today; a several-day interval must also have ended.
        last = period.end if period.precision in ("day", "span") else period.start
        if (implausible := values.date_range_problem(period.start, last)) is not None:
            raise BadValue(*implausible)
        return period.text, None, period
    if field in vocab.COUNT_FIELDS:
        if isinstance(raw, bool) or not isinstance(raw, int):
            if (spelling := values.count_spelling_fix(raw)) is not None:
                raise BadValue("a count must be plain digits", f"{spelling}, e.g. `value: 23`")
            raise BadValue("a count must be a whole number", "write digits only, e.g. `value: 23`; "
                           "put words like 'more than' in `qualifier`")
        if raw < 0:
            raise BadValue("a count cannot be negative", "write the number of people or places, 0 or more")
        if raw > MAX_COUNT:
            raise BadValue(f"a count above {MAX_COUNT:,} is implausible", "check the number for a typo")
        if qualifier == "fewer_than" and raw == 0:
            raise BadValue("fewer than 0 is impossible", "use qualifier at_most or exact")
        if qualifier == "more_than" and raw >= MAX_COUNT:  # published as raw + 1
            raise BadValue(f"more than {raw:,} would publish {raw + 1:,}, above the limit of {MAX_COUNT:,}",
                           "check the number for a typo")
        return str(raw), raw, None
    if field in FIELD_KIND:
        if not isinstance(raw, str):
            raise BadValue(f"expected the id or name of a {FIELD_KIND[field]}", "write the id or an alias as text")
        try:
            return ref.resolve(FIELD_KIND[field], raw), None, None
        except Unresolved as exc:
            raise BadValue(str(exc), exc.fix) from None
    if field == "arrested_nationality":
        codes = raw if isinstance(raw, list) else [raw]
        if not codes or not all(isinstance(c, str) and re.fullmatch(vocab.COUNTRY_PATTERN, c.strip()) for c in codes):
            raise BadValue("nationalities must be ISO 3166-1 alpha-2 codes", "write e.g. `value: [VE, PE]`")
        return ",".join(sorted({c.strip() for c in codes})), None, None
    if field == "arrested_role":
        if raw not in vocab.ARREST_ROLES:
            raise BadValue("not a known role", f"use one of: {', '.join(vocab.ARREST_ROLES)}")
        return raw, None, None
    if field == "name":
        if not isinstance(raw, str) or not raw.strip() or len(raw) > limits.MAX_NAME_CHARS:
            raise BadValue(f"a name must be non-empty text of at most {limits.MAX_NAME_CHARS} characters",
                           "write the name as printed; put explanations in `note`")
        return " ".join(raw.split()), None, None
    raise BadValue(f"unknown field {field!r}", f"use one of {', '.join(vocab.CLAIM_FIELDS)}")  # pragma: no cover


def _claim_id(article_id: str, *parts: object) -> str:
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()
    return f"{article_id}-{digest[:8]}"


def resolve_claims(seeds: Seeds, ref: Reference, problems: list[Problem]) -> list[Claim]:
    op_ids = frozenset(seeds.operations)
    by_article: dict[str, list[RawClaim]] = {}
    for raw in seeds.claims:
        by_article.setdefault(raw.article_id, []).append(raw)
    out: list[Claim] = []
    for article_id, raws in by_article.items():
        out += resolve_article_claims(raws, seeds.articles.get(article_id), ref, op_ids, problems)
    return out


def resolve_article_claims(raws: list[RawClaim], article: Article | None, ref: Reference, op_ids: frozenset,
                           problems: list[Problem]) -> list[Claim]:
    """Resolve one article's claims; a repeated claim is reported once, where it repeats."""
    if article is None:
        return []  # the article file itself failed; its problem is already reported
    out: list[Claim] = []
    seen: dict[str, RawClaim] = {}
    for raw in raws:
        claim = _resolve_one(raw, article, ref, op_ids, problems)
        if claim is None:
            continue
        if claim.claim_id in seen:
            problems.append(Problem(raw.file, raw.line, "the same claim is made twice", claim.value,
                                    f"remove the repeat (first on line {seen[claim.claim_id].line})"))
            continue
        seen[claim.claim_id] = raw
        out.append(claim)
    return out


def _resolve_one(raw: RawClaim, article: Article, ref: Reference, op_ids: frozenset,
                 problems: list[Problem]) -> Claim | None:
    bad = []

    def problem(message, value, fix, key=None):
        bad.append(Problem(raw.file, raw.lines.get(key, raw.line), message, value, fix))

    field = raw.field
    if raw.operation_id not in op_ids:
        near = closest(raw.operation_id, sorted(op_ids))
        problem("claim names an operation that does not exist", raw.operation_id,
                (f"closest ids: {', '.join(near)}; " if near else "")
                + f"or create seeds/operations/{raw.operation_id}.yaml", "operation")
    is_count = field in vocab.COUNT_FIELDS
    if raw.qualifier is not None and not is_count:
        problem("`qualifier` applies to counts only", raw.qualifier, "remove it", "qualifier")
    if field == "agency" and raw.role is None:
        problem("an agency claim needs a `role`", None, f"add `role:` ({', '.join(vocab.AGENCY_ROLES)})")
    elif field == "agency" and raw.role not in vocab.AGENCY_ROLES:
        problem("not an agency role", raw.role, f"use one of: {', '.join(vocab.AGENCY_ROLES)}", "role")
    elif field == "location" and raw.role is not None and raw.role not in vocab.LOCATION_ROLES:
        problem("not a place role", raw.role, f"use one of: {', '.join(vocab.LOCATION_ROLES)}", "role")
    if raw.role is not None and field not in ("agency", "location"):
        problem("`role` applies to agency and location claims only", raw.role,
                "remove it (arrest roles use field arrested_role)", "role")
    _check_outcome_keys(raw, problem)
    if raw.group is not None and field not in vocab.ARREST_FIELDS:
        problem("`group` applies to arrest fields only", raw.group, "remove it", "group")
    if article.archived and raw.quote is None:
        problem("a claim from an archived article needs a `quote`", None,
                "copy the exact words of the article that make the claim")
    if not article.archived and raw.quote is not None:
        problem("a claim from a non-archived article must not carry a quote", raw.quote[:40],
                "remove the quote: we cite other sources, never copy their text", "quote")
    if raw.occurrence is not None and raw.quote is None:
        problem("`occurrence` needs a `quote`", raw.occurrence, "remove it", "occurrence")
    qualifier = (raw.qualifier or "exact") if is_count else None
    try:
        value, count, period = ref.normalise(field, raw.value, qualifier)
    except BadValue as exc:
        problem(f"{field}: {exc}", raw.value, exc.fix, "value")
        value = count = period = None
    if period is not None and article.published is not None and period.start > article.published.end:
        problem("the claimed date is after the article was published", period.text,
                "check the year and month; an event cannot be reported before it happens", "value")
    start = end = None
    if raw.quote is not None and article.archived and article.text is not None:
        try:
            start, end = locate(article.text, raw.quote, raw.occurrence)
        except QuoteNotFound as exc:
            problem("quote not found in the article text", raw.quote,
                    f"copy the words exactly; the closest passage is {exc.closest!r}", "quote")
        except QuoteAmbiguous as exc:
            problem(f"quote occurs {len(exc.starts)} times (at offsets {exc.starts})", raw.quote,
                    f"lengthen the quote or add `occurrence:` (1 to {len(exc.starts)})", "quote")
        weak = evidence_problem(field, raw.quote, count=count, period=period, inferred=raw.inferred,
                                name=value if field == "name" else None)
        if weak is not None:
            problem(weak[0], raw.quote, weak[1], "quote")
    if bad:
        problems.extend(bad)
        return None
    group = (raw.group or "main") if field in vocab.ARREST_FIELDS else None
    arrest_id = f"{raw.operation_id}-{group}" if group else None
    location_role = (raw.role or "site") if field == "location" else None
    # Keys new in 0.2 join the hash only when set (and a place's role only when not the default
    # `site`), so every claim id published in 0.1.0 stays the same.
    extras = [f"{k}={v}" for k, v in (("location_role", None if location_role == "site" else location_role),
                                      ("item", raw.item), ("unit", raw.unit), ("drug", raw.drug),
                                      ("side", raw.side), ("nationality", raw.nationality)) if v is not None]
    return Claim(
        claim_id=_claim_id(raw.article_id, raw.operation_id, field, group, value, qualifier,
                           raw.role if field == "agency" else None, raw.quote, raw.occurrence, *extras),
        article_id=raw.article_id, operation_id=raw.operation_id, arrest_id=arrest_id, field=field,
        value=value, qualifier=qualifier, role=raw.role if field == "agency" else None, inferred=raw.inferred,
        quote=nfc(raw.quote) if raw.quote is not None else None,  # as it stands in the NFC text
        char_start=start, char_end=end, note=raw.note, file=raw.file, line=raw.line, count=count, period=period,
        location_role=location_role, item=raw.item, unit=raw.unit, drug=raw.drug, side=raw.side,
        nationality=raw.nationality,
    )


_OUTCOME_KEYS = {"seized": ("item", "unit", "drug"), "killed": ("side",), "injured": ("side",),
                 "arrested_nationality_count": ("nationality",)}


def _check_outcome_keys(raw: RawClaim, problem) -> None:
    """item/unit/drug go with `seized`, side with killed/injured, nationality with nationality counts."""
    allowed = _OUTCOME_KEYS.get(raw.field, ())
    for key in ("item", "unit", "drug", "side", "nationality"):
        if getattr(raw, key) is not None and key not in allowed:
            problem(f"`{key}` does not apply to {raw.field} claims", getattr(raw, key), "remove it", key)
    if raw.field == "seized":
        if raw.item is None:
            problem("a seized claim needs an `item`", None, f"add `item:` ({', '.join(vocab.SEIZURE_ITEMS)})")
        if raw.unit is None:
            problem("a seized claim needs a `unit`", None,
                    f"add `unit:` ({', '.join(vocab.SEIZURE_UNITS)}, or a currency code such as USD for cash)")
        elif raw.unit not in vocab.SEIZURE_UNITS and not re.fullmatch(vocab.CURRENCY_PATTERN, raw.unit):
            problem("not a unit", raw.unit,
                    f"use one of {', '.join(vocab.SEIZURE_UNITS)}, or an ISO 4217 code in capitals (USD, PEN)", "unit")
        elif raw.item == "cash" and raw.unit in vocab.SEIZURE_UNITS:
            problem("cash is counted in a currency", raw.unit, "write the ISO 4217 code, e.g. `unit: USD`", "unit")
        if raw.drug is not None and raw.item != "drugs":
            problem("`drug` applies to item drugs only", raw.drug, "remove it or set `item: drugs`", "drug")
    if raw.field in ("killed", "injured") and raw.side is None:
        problem(f"a {raw.field} claim needs a `side`", None, f"add `side:` ({', '.join(vocab.CASUALTY_SIDES)})")
    if raw.field == "arrested_nationality_count" and raw.nationality is None:
        problem("a nationality count needs a `nationality`", None, "add `nationality:` (ISO 3166-1 alpha-2, e.g. VE)")


def resolve_decisions(seeds: Seeds, ref: Reference, problems: list[Problem]) -> list[Decision]:
    out, seen = [], {}
    for op in seeds.operations.values():
        for raw in op.decisions:
            subject = None
            if raw.field in (*vocab.OUTCOME_FIELDS, "arrested_nationality_count"):
                problems.append(Problem(raw.file, raw.line, f"decisions on {raw.field} are not supported yet",
                                        raw.field, "remove it: the default rule applies, and CONFLICTS.md "
                                        "lists the disagreement"))
                continue
            if raw.field in vocab.ARREST_FIELDS:
                subject = f"{op.operation_id}-{raw.group or 'main'}"
            elif raw.group is not None:
                problems.append(Problem(raw.file, raw.line, "`group` applies to arrest fields only", raw.group,
                                        "remove it"))
                continue
            if raw.field == "agency":
                if raw.agency is None:
                    problems.append(Problem(raw.file, raw.line, "an agency decision needs `agency:`", None,
                                            "name the agency whose role is decided; `value` is the role"))
                    continue
                try:
                    subject = ref.resolve("agency", raw.agency)
                except Unresolved as exc:
                    problems.append(Problem(raw.file, raw.line, str(exc), raw.agency, exc.fix))
                    continue
                if raw.value not in vocab.AGENCY_ROLES:
                    problems.append(Problem(raw.file, raw.line, "an agency decision's value is a role", raw.value,
                                            f"use one of: {', '.join(vocab.AGENCY_ROLES)}"))
                    continue
                value, count, period = raw.value, None, None
            else:
                if raw.agency is not None:
                    problems.append(Problem(raw.file, raw.line, "`agency` applies to agency decisions only",
                                            raw.agency, "remove it"))
                    continue
                try:
                    value, count, period = normalise(raw.field, raw.value, ref)
                except BadValue as exc:
                    problems.append(Problem(raw.file, raw.line, f"decision {raw.field}: {exc}", raw.value, exc.fix))
                    continue
            decision = Decision(op.operation_id, raw.field, subject, value, count, period, raw.reason,
                                raw.file, raw.line)
            if decision.decision_id in seen:
                problems.append(Problem(raw.file, raw.line, "two decisions for the same field", raw.field,
                                        f"keep one (the other is on line {seen[decision.decision_id]})"))
                continue
            seen[decision.decision_id] = raw.line
            out.append(decision)
    return out


