"""The real-news evaluation harness: halves, fingerprints, what is missing, the merge of staged entries."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import REPO
from tco_ops.draft import extractor
from tco_ops.draft.real import evaluate_real, format_real, half_of, published_of

TEXT = "La PDI detuvo ayer en Arica a 12 integrantes del Tren de Aragua.\n"  # written for the test


def _entry(url, text, **gold):
    data = text.encode("utf-8")
    return {"url": url, "query": f"query for {url}", "language": "es", "country": "CL", "report": "single",
            "operations": [], "excerpt": {"sha256": hashlib.sha256(data).hexdigest(), "chars": len(text),
                                          "first_words": " ".join(text.split()[:6])},
            "gold": {"sites": [{"id": "cl-arica", "name": "Arica"}], "agencies": [{"id": "cl-pdi", "name": "PDI"}],
                     "action_date": None, "figures": [{"field": "arrested", "value": 12, "qualifier": "exact",
                                                       "scope": "total"}], **gold}}


@given(st.text(min_size=1, max_size=80))
def test_the_half_depends_only_on_the_url_and_splits_by_the_last_hex_digit(url):
    digit = int(hashlib.sha256(url.encode()).hexdigest()[-1], 16)
    assert half_of(url) == ("dev" if digit % 2 == 0 else "test") == half_of(str(url))


def test_cached_texts_are_scored_missing_ones_named_with_their_query_and_altered_ones_refused(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    urls = [u for u in (f"https://example.org/{i}" for i in range(40)) if half_of(u) == "dev"][:3]
    entries = [_entry(u, TEXT + f"Nota {i}.\n") for i, u in enumerate(urls)]
    (cache / f"{entries[0]['excerpt']['sha256']}.txt").write_text(TEXT + "Nota 0.\n", encoding="utf-8")
    (cache / f"{entries[2]['excerpt']['sha256']}.txt").write_text(TEXT + "Nota 2, editada.\n", encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"entries": entries}, allow_unicode=True), encoding="utf-8")
    report = evaluate_real(extractor(REPO / "seeds"), gold, cache, "dev")
    assert [a.entry.url for a in report.articles] == [urls[0]]
    assert [e.url for e in report.missing] == [urls[1]]
    assert [e.url for e, _ in report.mismatched] == [urls[2]]
    table = report.table()
    assert (table["sites"].tp, table["agencies"].tp, table["figures"].tp) == (1, 1, 1)
    text = format_real(report)
    assert f"query: 'query for {urls[1]}'" in text and "fingerprint mismatch" in text


def test_the_publication_date_comes_from_the_excerpts_date_line_or_the_url():
    pub, body = published_of("https://x.org/a", " date 2025-10-26 La PDI detuvo")
    assert pub.text == "2025-10-26" and body == "La PDI detuvo"
    pub, body = published_of("https://x.org/2024/05/15/nota.html", "La PDI detuvo")
    assert pub.text == "2024-05-15" and body == "La PDI detuvo"


def test_the_merge_deduplicates_by_url_and_copies_only_texts_that_match(tmp_path):
    staging = tmp_path / "staging"
    for region, extra in (("cov-a", "one"), ("cov-b", "two")):
        (staging / region).mkdir(parents=True)
        e = _entry("https://example.org/same", TEXT)
        e["query"] = f"query {extra}"
        (staging / region / "eval.yaml").write_text(yaml.safe_dump([e], allow_unicode=True), encoding="utf-8")
    (staging / "textcache").mkdir()
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    (staging / "textcache" / f"{sha}.txt").write_text(TEXT, encoding="utf-8")
    gold, cache = tmp_path / "gold.yaml", tmp_path / "cache"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "real" / "merge_staged.py"), "--staging",
                          str(staging), "--gold", str(gold), "--cache", str(cache)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    entries = yaml.safe_load(gold.read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 1 and entries[0]["query"] == "query two"  # the later staged entry wins
    assert (cache / f"{sha}.txt").read_text(encoding="utf-8") == TEXT
    assert TEXT.strip() not in gold.read_text(encoding="utf-8")  # no article text in the gold file
