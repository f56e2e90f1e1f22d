"""Two article files for one web page.

Each article is one source; two files with the same address would count one page
twice (as two sources for an operation, and against `single_source`). Addresses are
compared after the trivial differences that do not change the page: scheme, letter
case of the host, a `www.` prefix, a trailing slash and a #fragment.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from ..errors import Problem
from .seed_records import Article


def page_key(url: str) -> str:
    """The address with the differences that do not change the page removed."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def same_page_problems(articles: Iterable[Article]) -> list[Problem]:
    """One problem for every article whose page an earlier article (by id) already cites."""
    first: dict[str, Article] = {}
    problems = []
    for article in sorted(articles, key=lambda a: a.article_id):
        if not article.url:
            continue
        key = page_key(article.url)
        if key in first:
            other = first[key]
            problems.append(Problem(
                article.file, None, f"the same page as article '{other.article_id}' ({other.file})", article.url,
                f"keep one article per page: move any claim of seeds/claims/{article.article_id}.yaml that "
                f"seeds/claims/{other.article_id}.yaml lacks into it, then delete this article and its claims file"))
        else:
            first[key] = article
    return problems
