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

from ..build.inputs import Article
from ..build.quotes import find_all
from .extract import Candidate, Draft
from .gazetteer import Gazetteer


_PLAIN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_RESERVED = re.compile(r"[0-9-]+|true|false|null|yes|no|on|off")


def _scalar(value) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
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


def claim_items(text: str, c: Candidate) -> list[tuple[str, object]]:
    quote, occurrence = quote_of(text, c)
    items: list[tuple[str, object]] = [("field", c.field), ("value", c.value)]
    if c.qualifier is not None:
        items.append(("qualifier", c.qualifier))
    if c.role is not None:
        items.append(("role", c.role))
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
    return f"confidence {c.confidence:.2f} | {reason}"


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
        "# split claims with `operation:` if the article reports more than one operation, then rename",
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
    for c in claims:
        items = claim_items(text, c)
        (k0, v0), *tail = items
        lines.append(f"  - {k0}: {_scalar(v0)}  # {_comment(c)}")
        for k, v in tail:
            lines.append(f"    {k}: {_scalar(v)}")
    if rest:
        lines.append(f"# --- set aside (confidence below {threshold:.2f}); uncomment a line to keep it:")
        for c in rest:
            body = ", ".join(f"{k}: {_scalar(v)}" for k, v in claim_items(text, c))
            lines.append(f"#  - {{{body}}}  # {_comment(c)}")
    return "\n".join(lines) + "\n"
