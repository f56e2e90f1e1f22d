"""Write a draft as a claims file (seeds/README.md format) with the confidence in comments.

The claims schema has no `confidence` key, so each claim's confidence and the
reason for it sit in a YAML comment on the claim's first line:

    - field: agency  # confidence 0.95 | lead: led by the FBI Houston field office

Comments vanish when the YAML is read, so once the curator deletes the wrong
claims (and sets `operation:`), the file is a valid claims file as it stands.
`note:` is used only for facts a curator keeps (how a date or a qualifier was
read). Candidates below the threshold are listed at the end, commented out;
uncommenting one adds it to the list.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ..build.inputs import Article
from ..build.quotes import find_all
from .candidates import Candidate, Draft
from .gazetteer import Gazetteer

# Location roles the claims format records; the drafter's others (dateline, other) stay in the comment.
CLAIM_PLACE_ROLES = ("site", "area", "origin", "destination", "announced_at")


_PLAIN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_RESERVED = re.compile(r"[0-9-]+|true|false|null|yes|no|on|off")


def _scalar(value) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    return _text_scalar(str(value))


@lru_cache(maxsize=8192)
def _text_scalar(text: str) -> str:
    """Cached: field names, ids and roles recur in every claim."""
    if _PLAIN.fullmatch(text) and not _RESERVED.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def quote_of(text: str, c: Candidate) -> tuple[str, int | None]:
    """The verbatim quote for a candidate and its `occurrence` when the same words occur more than once."""
    quote = text[c.start:c.end].strip()
    start = c.start + (len(text[c.start:c.end]) - len(text[c.start:c.end].lstrip()))
    starts = find_all(text, quote)
    if len(starts) <= 1:
        return quote, None
    return quote, starts.index(start) + 1 if start in starts else 1


def claim_items(text: str, c: Candidate, operation: str | None = None) -> list[tuple[str, object]]:
    quote, occurrence = quote_of(text, c)
    items: list[tuple[str, object]] = [("field", c.field), ("value", c.value)]
    if c.qualifier is not None:
        items.append(("qualifier", c.qualifier))
    if c.role is not None and (c.field != "location" or c.role in CLAIM_PLACE_ROLES):
        items.append(("role", c.role))
    if operation is not None:
        items.append(("operation", operation))
    items.append(("quote", quote))
    if occurrence is not None:
        items.append(("occurrence", occurrence))
    if c.inferred:
        items.append(("inferred", True))
    if c.note:
        items.append(("note", c.note))
    return items


def _comment(c: Candidate) -> str:
    reason = " ".join(c.reason.split()).replace("#", "")
    tags = [t for t in (f"role {c.role}" if c.field == "location" else None,
                        f"date role {c.date_role}" if c.date_role else None,
                        f"scope {c.scope}" if c.scope else None,
                        f"operation segment {c.segment}" if c.segment else None,
                        "NEW: add it to seeds/reference (see the end)" if c.new else None) if t]
    return f"confidence {c.confidence:.2f} | {'; '.join(tags + [reason])}"


def _new_entries(draft: Draft, threshold: float) -> list[str]:
    """Reference entries to add for the places and agencies the draft names that seeds/reference lacks."""
    lines = []
    seen = set()
    for c in sorted(draft.candidates, key=lambda c: (c.field, str(c.value))):
        if not c.new or (c.field, c.value) in seen or c.field not in ("location", "agency"):
            continue
        seen.add((c.field, c.value))
        entry = {"id": c.value, **{k: v for k, v in c.new.items() if v is not None and k != "population"}}
        if "country" in entry:
            entry["country"] = entry["country"]
        body = ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items())
        target = "locations" if c.field == "location" else "agencies"
        lines.append(f"#  {target}.yaml: - {{{body}}}")
    return lines


def suggest_operation(article: Article, draft: Draft, g: Gazetteer, threshold: float) -> str:
    """An operation id in the project's style, <country>-<date>-<place>, from the likeliest claims."""
    claims = draft.claims(threshold)
    places = sorted((c for c in claims if c.field == "location"), key=lambda c: -c.confidence)
    dates = sorted((c for c in claims if c.field == "date"), key=lambda c: (-c.confidence, c.start))
    country = None
    for c in places:
        country = g.countries["location"].get(c.value)
        if country:
            break
    parts = [country.lower() if country else "xx"]
    if dates:
        parts.append(str(dates[0].value).split("/")[0].lower())
    elif article.published is not None:
        parts.append(article.published.text.lower())
    if places:
        place = places[0].value
        cc = (country or "").lower()
        parts.append(place[len(cc) + 1:] if cc and place.startswith(cc + "-") else place)
    slug = "-".join(parts)
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")
    return slug or "unassigned"


def render(article: Article, draft: Draft, g: Gazetteer, threshold: float, source: str = "") -> str:
    text = article.text or ""
    claims = draft.claims(threshold)
    rest = sorted(draft.rejected(threshold), key=lambda c: -c.confidence)
    published = article.published.text if article.published is not None else "unknown"
    lines = [
        f"# DRAFT claims for {article.article_id}, written by `tco-ops draft` from {source or 'the article'}",
        f"# (published {published}, language {article.language}).",
        "# Nothing here is curated. Review every claim against the text: delete what is wrong, check",
        "# each role and qualifier, set `operation:` to an id in seeds/operations/ (or create that file),",
        "# claims of an earlier operation carry their own `operation:` (one block per operation), then rename",
        f"# this file to {article.article_id}.yaml. The build ignores *.draft.yaml until then.",
        "# Each claim's first line ends with `# confidence C | why`; C is in [0, 1]. Candidates that",
        "# contradict each other are all kept: the curator chooses, or keeps both as the seed claims do.",
        f"# Candidates below {threshold:.2f} are listed at the end, commented out.",
    ]
    if not draft.event_article:
        lines.append("# No sentence in this article reads as a report of an operation: it may have nothing to claim.")
    lines.append(f"operation: {suggest_operation(article, draft, g, threshold)}  # suggested id: check it")
    if not claims:
        lines.append("claims: []  # nothing proposed; to keep a candidate below, replace [] by the item")
    else:
        lines.append("claims:")
    main = suggest_operation(article, draft, g, threshold)
    ops = {seg: f"{main}-earlier-{seg}" for seg in range(1, draft.segments)}
    for c in sorted(claims, key=lambda c: c.segment):
        items = claim_items(text, c, ops.get(c.segment))
        (k0, v0), *tail = items
        lines.append(f"  - {k0}: {_scalar(v0)}  # {_comment(c)}")
        for k, v in tail:
            lines.append(f"    {k}: {_scalar(v)}")
    if rest:
        lines.append(f"# --- set aside (below {threshold:.2f}, or a role a claim does not record: a place that is not"
                     " the site, a date that is not the action's, a figure that is not this operation's total);"
                     " uncomment a line to keep it:")
        for c in rest:
            body = ", ".join(f"{k}: {_scalar(v)}" for k, v in claim_items(text, c, ops.get(c.segment)))
            lines.append(f"#  - {{{body}}}  # {_comment(c)}")
    new = _new_entries(draft, threshold)
    if new:
        lines.append("# --- not in seeds/reference yet: add these entries (check them) before the claims build:")
        lines += new
    return "\n".join(lines) + "\n"
