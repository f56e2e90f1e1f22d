"""One web page, one article: a second article file for the same address is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import given, strategies as st

from conftest import SEED_ARTICLE
from test_bad_input import failed_build

from tco_ops.build.same_page import page_key, same_page_problems
from tco_ops.build.seed_records import Article


def _article(article_id: str, url: str | None) -> Article:
    return Article(article_id=article_id, file=f"seeds/articles/{article_id}.md", url=url, title=None, publisher=None,
                   wire=None, published=None, published_basis=None, language=None, byline=None, archived=False,
                   rights=None, note=None, text=None)


def test_a_second_file_for_the_same_page_is_refused_with_both_files_and_the_fix():
    problems = same_page_problems([
        _article("outlet-b", "https://www.example.org/news/raid/"),
        _article("outlet-a", "http://example.org/news/raid"),
        _article("outlet-c", "https://example.org/news/other"),
    ])
    assert len(problems) == 1
    p = problems[0]
    assert p.file == "seeds/articles/outlet-b.md"  # the later id is the one to remove
    assert "outlet-a" in p.message and p.value == "https://www.example.org/news/raid/"
    assert "seeds/claims/outlet-a.yaml" in p.fix and "delete" in p.fix


def test_different_queries_are_different_pages():
    assert same_page_problems([_article("a", "https://x.org/p?id=1"), _article("b", "https://x.org/p?id=2")]) == []


host = st.from_regex(r"[a-z]{1,8}\.(com|org|pe)", fullmatch=True)
path = st.from_regex(r"(/[a-z0-9-]{1,10}){0,3}", fullmatch=True)


@given(host, path, st.booleans(), st.booleans(), st.booleans(), st.sampled_from(["http", "https"]))
def test_trivial_variants_of_an_address_are_the_same_page(h, p, www, slash, upper, scheme):
    variant = f"{scheme}://{'www.' if www else ''}{h.upper() if upper else h}{p}{'/' if slash else ''}"
    assert page_key(variant) == page_key(f"https://{h}{p}")


def test_the_build_refuses_two_articles_for_one_page(mini_repo: Path, capsys):
    seeds = mini_repo / "seeds"
    shutil.copy(seeds / "articles" / f"{SEED_ARTICLE}.md", seeds / "articles" / "zz-copy.md")
    shutil.copy(seeds / "claims" / f"{SEED_ARTICLE}.yaml", seeds / "claims" / "zz-copy.yaml")
    err = failed_build(mini_repo, capsys)
    assert "seeds/articles/zz-copy.md" in err
    assert f"the same page as article '{SEED_ARTICLE}'" in err
