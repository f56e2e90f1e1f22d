"""Read seeds/ into plain records, checking every key and value on the way in.

Nothing here resolves references between files; that is resolve.py's job.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

from .. import vocab
from ..errors import Problem
from . import limits, safe_yaml, seed_tree, values
from .dates import DATE_FORMS, Period, parse_period
from .record import MISSING, Record
from .seed_files import read_text, slug_of, yaml_file
from .seed_records import Article, OperationFile, RawClaim, RawDecision, RefEntry, Seeds

__all__ = ["Article", "OperationFile", "RawClaim", "RawDecision", "RefEntry", "Seeds", "read_text"]  # re-exported


# -- key vocabularies: every key a seed file may hold (one place; the audit refuses any other) --
ARTICLE_KEYS = ("url", "title", "publisher", "wire", "published", "published_basis", "language",
                "byline", "archived", "rights", "note")
CLAIM_FILE_KEYS = ("operation", "claims")
CLAIM_KEYS = ("field", "value", "qualifier", "role", "group", "quote", "occurrence", "inferred", "note", "operation",
              "item", "unit", "drug", "side", "nationality")  # 0.2: outcome and nationality-count keys
OPERATION_KEYS = ("name", "summary", "country", "weak_sourcing", "note", "decisions", "kind", "series", "phase")
DECISION_KEYS = ("field", "group", "agency", "value", "reason")
REFERENCE_KEYS = {
    "agency": ("id", "name", "acronym", "country", "kind", "level", "parent", "wikidata", "aliases", "note"),
    "location": ("id", "name", "kind", "parent", "country", "iso_3166_2", "national_code",
                 "national_code_system", "latitude", "longitude", "geonames_id", "wikidata", "aliases", "note"),
    "organization": ("id", "name", "kind", "parent", "country", "wikidata", "aliases", "note"),
    "series": ("id", "name", "country", "note"),
}
REFERENCE_FILES = {"agency": "agencies.yaml", "location": "locations.yaml", "organization": "organizations.yaml",
                   "series": "series.yaml"}
OPTIONAL_REFERENCE = frozenset({"series"})  # a corpus without phased cases needs no series file


# -- articles ------------------------------------------------------------------


def read_article(path: Path, rel: str, problems: list[Problem]) -> Article | None:
    article_id = slug_of(path, rel, "article", problems)
    text = read_text(path, rel, problems)
    if text is None or article_id is None:
        return None
    if not text.startswith("---\n"):
        problems.append(Problem(rel, 1, "front matter missing: the file must start with a line `---`", text[:40],
                                "begin with `---`, the YAML keys, then `---` on its own line, then the text"))
        return None
    close = text.find("\n---\n", 3)
    if close == -1:
        close = text.find("\n---", 3) if text.endswith("\n---") else -1
    if close == -1:
        problems.append(Problem(rel, 1, "front matter is not closed by a line `---`", None,
                                "add a line `---` after the last YAML key"))
        return None
    front = text[4:close + 1]
    body = text[close + 5:]
    data, errors = safe_yaml.load(front, rel, first_line=2)
    if errors:
        problems.extend(errors)
        return None
    r = Record(data, rel, "front matter", ARTICLE_KEYS, problems, line=2)
    archived = r.bool("archived")
    published_text = r.str("published")
    published = None
    if published_text:
        try:
            published = parse_period(published_text)
        except ValueError as exc:
            r.problem("published", f"published date: {exc}", published_text, "write YYYY-MM-DD, YYYY-MM or YYYY")
        else:
            if published.precision == "week" or "/" in published_text:
                r.problem("published", "publication date must be a day, month or year", published_text,
                          "write YYYY-MM-DD, YYYY-MM or YYYY")
            elif implausible := values.date_range_problem(published.start, published.start):
                r.problem("published", f"publication {implausible[0]}", published_text, implausible[1])
    article = Article(
        article_id=article_id, file=rel,
        url=_url(r),
        title=r.str("title"), publisher=r.str("publisher", required=True), wire=r.str("wire"),
        published=published,
        published_basis=r.str("published_basis", choices=vocab.PUBLISHED_BASES),
        language=r.str("language", required=True, pattern=vocab.LANGUAGE_PATTERN),
        byline=r.str("byline"), archived=archived, rights=r.str("rights", required=archived),
        note=r.str("note"), text=None,
    )
    r.audit()
    body_line = text.count("\n", 0, close + 5) + 1
    if archived:
        if (found := values.bad_char(body, "\n\t", strict=False)) is not None:
            message, fix = values.char_problem(found[1], "in the archived text")
            problems.append(Problem(rel, body_line + body.count("\n", 0, found[0]), message,
                                    body[max(0, found[0] - 20):found[0] + 20], fix))
        elif not body.strip():
            problems.append(Problem(rel, body_line, "archived: true but the article has no text", None,
                                    "paste the verbatim text after the closing `---`, or set archived: false"))
        elif unicodedata.normalize("NFC", body) != body:
            problems.append(Problem(rel, body_line, "archived text is not in Unicode NFC", None,
                                    "normalise the text to NFC (quote offsets index the NFC text)"))
        else:
            article.text = body
    elif body.strip():
        problems.append(Problem(rel, body_line, "archived: false but the file holds text", body[:40],
                                "remove the text (we cite, not copy, other sources) or set archived: true"))
    return article if r.ok else None


def _url(r: Record) -> str | None:
    url = r.str("url", required=True)
    if url is not None and (bad := values.url_problem(url)) is not None:
        r.problem("url", bad[0], url, bad[1])
        return None
    return url


# -- claims --------------------------------------------------------------------


def read_claims(path: Path, rel: str, article_id: str, problems: list[Problem]) -> list[RawClaim]:
    data, ok = yaml_file(path, rel, problems)
    if not ok:
        return []
    top = Record(data, rel, "claims file", CLAIM_FILE_KEYS, problems)
    if not top.ok:
        return []
    default_op = top.slug("operation")
    items = top.raw("claims", required=True)
    top.audit()
    if items is MISSING:
        return []
    if not isinstance(items, list):
        top.problem(None, "`claims` must be a list", type(items).__name__, "write `claims:` then `- field: ...` items")
        return []
    out = []
    for i, item in enumerate(items, 1):
        r = Record(item, rel, f"claim {i}", CLAIM_KEYS, problems, line=top.line_of("claims"))
        if not r.ok:
            continue
        occurrence = r.raw("occurrence")
        if occurrence is not MISSING and (isinstance(occurrence, bool) or not isinstance(occurrence, int)
                                                       or occurrence < 1):
            r.problem("occurrence", "`occurrence` must be a whole number from 1", occurrence,
                      "count which match of the quote is meant, starting at 1")
            occurrence = None
        value = r.raw("value", required=True)
        claim = RawClaim(
            article_id=article_id, file=rel, line=r.line,
            operation_id=r.slug("operation") or default_op,
            field=r.str("field", required=True, choices=vocab.CLAIM_FIELDS),
            value=None if value is MISSING else value,
            qualifier=r.str("qualifier", choices=vocab.QUALIFIERS),
            role=r.str("role", choices=(*vocab.AGENCY_ROLES, *vocab.LOCATION_ROLES)),
            group=r.slug("group"),
            quote=r.str("quote", max_len=limits.MAX_QUOTE_CHARS),
            occurrence=None if occurrence is MISSING else occurrence,
            inferred=r.bool("inferred"), note=r.str("note"), lines=dict(getattr(item, "key_lines", {})),
            item=r.str("item", choices=vocab.SEIZURE_ITEMS), unit=r.str("unit"),
            drug=r.str("drug", choices=vocab.DRUGS), side=r.str("side", choices=vocab.CASUALTY_SIDES),
            nationality=r.str("nationality", pattern=vocab.COUNTRY_PATTERN),
        )
        r.audit()
        if claim.operation_id is None:
            r.problem(None, "no operation: set `operation:` at the top of the file or on the claim", None,
                      "add `operation: <operation_id>`")
        if r.ok:
            out.append(claim)
    return out


# -- operations ----------------------------------------------------------------


def read_operation(path: Path, rel: str, problems: list[Problem]) -> OperationFile | None:
    op_id = slug_of(path, rel, "operation", problems)
    data, ok = yaml_file(path, rel, problems)
    if not ok or op_id is None:
        return None
    r = Record(data, rel, "operation file", OPERATION_KEYS, problems)
    if not r.ok:
        return None
    op = OperationFile(
        operation_id=op_id, file=rel, name=r.str("name", max_len=limits.MAX_NAME_CHARS), summary=r.str("summary"),
        country=r.str("country", pattern=vocab.COUNTRY_PATTERN), weak_sourcing=r.bool("weak_sourcing"),
        note=r.str("note"),
        kind=r.str("kind", required=True, choices=vocab.OPERATION_KINDS), series=r.slug("series"),
    )
    phase = r.raw("phase")  # 0.2: a phase number only within a series
    if phase is not MISSING:
        if isinstance(phase, bool) or not isinstance(phase, int) or phase < 1:
            r.problem("phase", "`phase` must be a whole number from 1", phase, "write e.g. `phase: 2`")
        elif op.series is None:
            r.problem("phase", "`phase` needs `series`", phase, "add `series: <series id>` or remove `phase`")
        else:
            op.phase = phase
    items = r.raw("decisions")
    r.audit()
    if items is MISSING:
        items = []
    if not isinstance(items, list):
        r.problem(None, "`decisions` must be a list", type(items).__name__, "write `decisions:` then `- field: ...`")
        items = []
    for i, item in enumerate(items, 1):
        d = Record(item, rel, f"decision {i}", DECISION_KEYS, problems, line=r.line)
        if not d.ok:
            continue
        value = d.raw("value", required=True)
        decision = RawDecision(
            file=rel, line=d.line, field=d.str("field", required=True, choices=vocab.CLAIM_FIELDS),
            group=d.slug("group"), agency=d.str("agency"),
            value=None if value is MISSING else value,
            reason=d.str("reason", required=True),
        )
        d.audit()
        if d.ok:
            op.decisions.append(decision)
    return op if r.ok else None


# -- reference files -----------------------------------------------------------


def read_reference(path: Path, rel: str, kind: str, problems: list[Problem]) -> list[RefEntry]:
    return _read_reference(path, rel, kind, problems)[0]


def _read_reference(path: Path, rel: str, kind: str, problems: list[Problem]) -> tuple[list[RefEntry], int | None]:
    """(entries, line of the first entry that could not be read, or None when every entry was read)."""
    data, ok = yaml_file(path, rel, problems)
    if not ok:
        return [], next((p.line for p in problems if p.file == rel and p.line), 1)
    if data is None:
        data = []
    if not isinstance(data, list):
        problems.append(Problem(rel, 1, "a reference file must be a list of entries", type(data).__name__,
                                "write each entry as `- id: ...`"))
        return [], 1
    out = []
    lost = None
    for i, item in enumerate(data, 1):
        r = Record(item, rel, f"{kind} {i}", REFERENCE_KEYS[kind], problems)
        if not r.ok:
            lost = lost or r.line
            continue
        entry_id = r.slug("id", required=True)
        name = r.str("name", required=True, max_len=limits.MAX_NAME_CHARS)
        # An intergovernmental body (Interpol, Europol) belongs to no one country.
        stateless = kind == "organization" or (kind == "agency" and r.data.get("kind") == "intergovernmental")
        country = r.str("country", required=not stateless, pattern=vocab.COUNTRY_PATTERN)
        attrs = {"country_code": country, "note": r.str("note")}
        if kind != "series":
            attrs["wikidata_id"] = r.str("wikidata", pattern=vocab.WIKIDATA_PATTERN)
        if kind == "agency":
            attrs |= {"acronym": r.str("acronym", max_len=limits.MAX_NAME_CHARS), "kind": r.str("kind", required=True, choices=vocab.AGENCY_KINDS),
                      "level": r.str("level", required=True, choices=vocab.AGENCY_LEVELS)}
        elif kind == "location":
            attrs |= {
                "kind": r.str("kind", required=True, choices=vocab.LOCATION_KINDS),
                "iso_3166_2": r.str("iso_3166_2", pattern=vocab.ISO_3166_2_PATTERN),
                "national_code": r.str("national_code"),
                "national_code_system": r.str("national_code_system", choices=vocab.NATIONAL_CODE_SYSTEMS),
                "latitude": r.number("latitude", -90, 90), "longitude": r.number("longitude", -180, 180),
                "geonames_id": _positive_int(r, "geonames_id"),
            }
            if (attrs["national_code"] is None) != (attrs["national_code_system"] is None):
                r.problem("national_code", "national_code and national_code_system go together",
                          attrs["national_code"], "give both, or neither")
        elif kind == "organization":
            attrs |= {"kind": r.str("kind", required=True, choices=vocab.ORGANIZATION_KINDS)}
        has_links = kind != "series"
        aliases = r.str_list("aliases") if has_links else []
        for alias in aliases:
            if (too_long := values.name_problem(alias, "an alias")) is not None:
                r.problem("aliases", too_long[0], alias[:40], too_long[1])
        entry = RefEntry(kind=kind, id=entry_id, file=rel, line=r.line, name=name,
                         parent=r.slug("parent") if has_links else None, aliases=aliases, attrs=attrs,
                         lines=dict(getattr(item, "key_lines", {})))
        r.audit()
        if r.ok:
            out.append(entry)
        else:
            lost = lost or r.line
    return out, lost


def _positive_int(r: Record, key: str) -> int | None:
    value = r.raw(key)
    if value is MISSING:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        r.problem(key, f"{key!r} must be a whole number from 1", value, "write the id's digits, e.g. 3936456")
        return None
    return value


# -- the whole folder ----------------------------------------------------------
def _listing(root: Path, sub: str, suffix: str, problems: list[Problem]) -> list[Path]:
    folder = root / sub
    if folder.is_symlink():
        problems.append(Problem(f"seeds/{sub}", None, "symbolic links are not followed in seeds/", None,
                                "replace the link with a real folder"))
        return []
    if not folder.is_dir():
        return []
    # Names, not Path objects: sorting 50,000 Paths costs more than reading the folder.
    found = [folder / n for n in sorted(e.name for e in os.scandir(folder)
                                        if e.name.endswith(suffix) and not e.name.startswith("."))]
    if len(found) > limits.MAX_SEED_FILES:
        problems.append(Problem(f"seeds/{sub}", None, f"more than {limits.MAX_SEED_FILES} files", len(found),
                                "split the corpus"))
        return []
    return found


def article_ids(root: Path, problems: list[Problem]) -> list[str]:
    """Ids of the articles to build (from articles/*.md), reporting claims files that have no article."""
    ids = [p.name.removesuffix(".md") for p in _listing(root, "articles", ".md", problems)]
    known = set(ids)
    for path in _listing(root, "claims", ".yaml", problems):
        if path.name.endswith(".draft.yaml"):
            continue  # drafts wait for a curator's review
        article_id = path.name.removesuffix(".yaml")
        if article_id not in known:
            problems.append(Problem(f"seeds/claims/{path.name}", None, "claims for an article that does not exist",
                                    article_id, f"add seeds/articles/{article_id}.md or rename this file"))
    return ids


def read_article_unit(root: Path, article_id: str, problems: list[Problem]) -> tuple[Article | None, list[RawClaim]]:
    """One article file and its claims file, parsed and checked key by key."""
    base = root.parent
    path = root / "articles" / f"{article_id}.md"
    article = read_article(path, path.relative_to(base).as_posix(), problems)
    claims_path = root / "claims" / f"{article_id}.yaml"
    raw: list[RawClaim] = []
    claims_rel = claims_path.relative_to(base).as_posix()
    if os.path.lexists(claims_path) and slug_of(claims_path, claims_rel, "article", problems):
        raw = read_claims(claims_path, claims_rel, article_id, problems)
    return article, raw


def read_meta(root: Path, problems: list[Problem]) -> Seeds:
    """The operation files and the reference files: what every article is resolved against."""
    seeds = Seeds()
    base = root.parent
    for path in _listing(root, "operations", ".yaml", problems):
        op = read_operation(path, path.relative_to(base).as_posix(), problems)
        if op:
            seeds.operations[op.operation_id] = op
    for kind, name in REFERENCE_FILES.items():
        path = root / "reference" / name
        rel = f"seeds/reference/{name}"
        if not os.path.lexists(path) and kind in OPTIONAL_REFERENCE:
            seeds.reference[kind] = []
            continue
        if not os.path.lexists(path):
            problems.append(Problem(rel, None, "reference file missing", None, f"create seeds/reference/{name}"))
            seeds.reference[kind] = []
            seeds.reference_incomplete[rel] = None
            continue
        seeds.reference[kind], lost = _read_reference(path, rel, kind, problems)
        if lost is not None:
            seeds.reference_incomplete[rel] = lost
    return seeds


def scan_tree(root: Path) -> list[Problem]:
    """Every entry under seeds/ that no reader takes (see seed_tree.py)."""
    return seed_tree.scan(root, tuple(REFERENCE_FILES.values()))


def read_seeds(root: Path) -> tuple[Seeds, list[Problem]]:
    """Read every seed file under `root` (the seeds/ folder), serially and without resolving names."""
    problems: list[Problem] = []
    if not root.is_dir():
        return Seeds(), [Problem(str(root), None, "seeds folder not found", None, "run from the repository root")]
    problems += scan_tree(root)
    seeds = read_meta(root, problems)
    for article_id in article_ids(root, problems):
        article, raw = read_article_unit(root, article_id, problems)
        if article:
            seeds.articles[article_id] = article
        seeds.claims.extend(raw)
    return seeds, problems


def parse_claim_date(value: object) -> Period:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
        value = str(value)  # YAML reads an unquoted `2023` as an integer; it is the form YYYY
    if not isinstance(value, str):
        raise ValueError(f"a date must be written as {DATE_FORMS}")
    return parse_period(value)
