"""HTML building blocks: escaping, the page frame, tables and numbers.

Every value that comes from the tables is untrusted input (a summary or a URL
could hold markup), so it reaches the page only through esc() or attr().
Templates are plain Python strings: the pages are simple and a template engine
would add a dependency without removing any escaping decisions.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

NAV = (("index.html", "Home"), ("operations.html", "Operations"), ("countries.html", "Countries"),
       ("organizations.html", "Organizations"), ("sources.html", "Sources"),
       ("downloads.html", "Downloads and citation"))


def esc(value) -> str:
    """Text content: None/NA become an empty string; everything else is escaped."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


def attr(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(url) -> str | None:
    """An external link target only if it is http(s): a `javascript:` URL in the data must not become a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(str(url)).scheme.lower()
    except ValueError:
        return None
    return str(url) if scheme in ("http", "https") else None


def ext_link(url, text) -> str:
    target = safe_url(url)
    if target is None:
        return esc(text)
    return f'<a href="{attr(target)}" rel="noopener noreferrer">{esc(text)}</a>'


def num(value) -> str:
    """An integer as shown on the site: digits with thin grouping commas; unknown is an em dash."""
    if value is None:
        return "—"
    return f"{int(value):,}"


def table(headers, rows, caption: str | None = None, cls: str = "", row_attrs=None) -> str:
    """A data table: <th scope="col"> headers; the first cell of each row is a <th scope="row">.

    Cells are already-escaped HTML strings (callers escape with esc()).
    """
    out = [f'<div class="table-wrap"><table{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in headers) + "</tr></thead><tbody>")
    for i, row in enumerate(rows):
        extra = row_attrs[i] if row_attrs else ""
        first, *rest = row
        out.append(f"<tr{extra}><th scope=\"row\">{first}</th>" + "".join(f"<td>{c}</td>" for c in rest) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def dl(pairs) -> str:
    """A definition list of (term, already-escaped HTML) pairs; empty values are left out."""
    items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in pairs if v not in (None, ""))
    return f"<dl class=\"facts\">{items}</dl>"


def page(title: str, body: str, depth: int, current: str, version: str, description: str = "") -> str:
    """The frame of every page: header with the site name and nav, main, footer. `depth` is how many
    folders below the site root the page lives, for relative links (file:// needs relative links)."""
    up = "../" * depth
    nav = "".join(
        f'<li><a href="{up}{href}"{" aria-current=" + chr(34) + "page" + chr(34) if href == current else ""}>'
        f"{label}</a></li>" for href, label in NAV)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · tco-ops {esc(version)}</title>\n"
        f'<meta name="description" content="{attr(description or title)}">\n'
        f'<link rel="stylesheet" href="{up}assets/site.css">\n'
        "</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to content</a>\n'
        f'<header class="site"><p class="brand"><a href="{up}index.html">tco-ops</a> '
        f'<span class="version">data {esc(version)}</span></p>\n'
        f'<nav aria-label="Site"><ul>{nav}</ul></nav></header>\n'
        f'<main id="main">\n{body}\n</main>\n'
        '<footer class="site"><p>Law-enforcement operations against transnational criminal organizations, '
        "every figure traced to its sources. Data licence CC BY 4.0; no names of arrested people or victims "
        f'are recorded. <a href="{up}downloads.html#cite">How to cite</a>.</p></footer>\n'
        "</body>\n</html>\n")
