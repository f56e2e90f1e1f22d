"""The sources page: every article and the operations it informs; the sources left out, and why."""

from __future__ import annotations

import re
from pathlib import Path

from .html import esc, ext_link, page, table

_ROW = re.compile(r"^\|(.*)\|\s*$")


def excluded(folder: Path) -> list[tuple[str, list[str], list[list[str]]]] | None:
    """Sections of seeds/EXCLUDED.md as (heading, header cells, rows), or None when this is not a checkout.

    The file is Markdown written by the curator: `## heading` lines and pipe tables.
    Cells are shown as text (escaped later); addresses are not made into links,
    since they are mirrors and scrapers we chose not to cite.
    """
    path = folder / "seeds" / "EXCLUDED.md"
    if not path.is_file():
        return None
    sections, heading, header = [], "Left out", None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading, header = line[3:].strip(), None
            continue
        m = _ROW.match(line.strip())
        if not m:
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if all(set(c) <= set("-: ") for c in cells):
            continue
        if header is None:
            header = cells
            sections.append((heading, header, []))
        else:
            sections[-1][2].append(cells)
    return sections


def _md_inline(text: str) -> str:
    """Escape, then render only `code` spans (the one markup EXCLUDED.md uses)."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", esc(text))


def render(data) -> str:
    rows = []
    for aid, art in sorted(data.articles.items(), key=lambda kv: (kv[1].get("publisher") or "", kv[0])):
        ops = data.ops_of_article.get(aid, [])
        informs = ", ".join(f'<a href="operations/{esc(o)}.html">{esc(data.op_by_id[o].get("label") or o)}</a>'
                            for o in ops if o in data.op_by_id) or '<span class="muted">none</span>'
        rows.append([f'<span id="a-{esc(aid)}">{ext_link(art.get("url"), art.get("publisher") or aid)}</span>',
                     esc(art.get("title")), esc(art.get("published_date")), esc(art.get("language")),
                     esc(art.get("wire")), informs])
    body = ["<h1>Sources</h1>",
            f"<p>{len(rows)} articles. Each is cited, not copied: only the seed article's text is archived in the "
            "repository. The operations column says which operations each article informs.</p>",
            table(["Outlet", "Headline", "Published", "Language", "Wire", "Informs"], rows, cls="sources"),
            '<h2 id="excluded">Sources left out</h2>']
    sections = excluded(data.folder)
    if sections is None:
        body.append("<p>Sources the curator looked at and left out (copies, mirrors, aggregators, addresses that "
                    "carry a person's name) are listed, with the reason for each, in <code>seeds/EXCLUDED.md</code> "
                    "in the repository.</p>")
    else:
        total = sum(len(rows) for _, _, rows in sections)
        body.append(f"<p>{total} sources looked at and left out, with the curator's reason for each.</p>")
        for heading, header, srows in sections:
            body.append(f"<h3>{esc(heading)}</h3>")
            body.append(table([esc(h) for h in header], [[_md_inline(c) for c in r] for r in srows]))
    return page("Sources", "\n".join(body), 0, "sources.html", data.version)
