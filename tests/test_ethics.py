"""Data ethics, enforced: no names of arrested people or victims; cite, never copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tco_ops.build.inputs import read_seeds
from tco_ops.build.resolve import alias_key

# SHA-256 (first 16 hex) of names and aliases of arrested people and victims that appear in the
# research notes, as single words or word pairs after alias_key(). Stored as hashes so that this
# file does not itself write them. Add to it whenever research mentions a new person.
DENIED = {
    "0c4e1b5c47de7b3f", "17934bb5edf8e434", "25a3f5bb8fd57195", "25d952323282c4ff", "2f22c6b571f4a53c",
    "315b1d34d2e0ad5f", "4d9bfdaabcaf26c8", "57af1c251ab1963c", "62f70f74f6fa3b1c", "69ff8042237aeef5",
    "8264a62c8e57a9a5", "8eeccce4f02d15e2", "98c8e97641fd47cd", "af176543af735753", "d060fd6ee1ce5a67",
    "e1b50af483b70082", "e9565487f8840096", "fe14d0200848660d",
}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def denied_words(text: str) -> set[str]:
    words = alias_key(text).split()
    grams = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}
    return {g for g in grams if _hash(g) in DENIED}


def test_the_detector_works():
    assert denied_words("capturan a Carlos Gómez, alias Bobby, en Colombia") == {"bobby", "carlos gomez"}
    assert denied_words("https://example.org/capturado-larry-changa-cofundador") == {"changa", "larry changa"}
    assert denied_words("Tren de Aragua, Los Hijos de Dios, San Martín de Porres") == set()


def _texts(repo: Path):
    for path in sorted((repo / "seeds").rglob("*")):
        if path.is_file():
            yield path.relative_to(repo).as_posix(), path.read_text(encoding="utf-8")
    for name in ("datapackage.json", "CONFLICTS.md", "README.md", "CHANGELOG.md", "docs/codebook.md"):
        yield name, (repo / name).read_text(encoding="utf-8")
    for path in sorted((repo / "dataset").glob("*.parquet")):
        table = pq.read_table(path)
        for column, field in zip(table.columns, table.schema):
            if pa.types.is_string(field.type):
                yield f"{path.name}:{field.name}", "\n".join(v for v in column.to_pylist() if v)


def test_no_names_of_arrested_people_or_victims(repo):
    found = {where: sorted(words) for where, text in _texts(repo) if (words := denied_words(text))}
    assert found == {}, "names or aliases of arrested people or victims must not be written (redact URLs too)"


def test_only_the_seed_article_is_archived(repo):
    seeds, problems = read_seeds(repo / "seeds")
    assert problems == []
    archived = sorted(a.article_id for a in seeds.articles.values() if a.archived)
    assert archived == ["andina-en-1018187"]


def test_cited_sources_carry_no_quotes(built):
    claims = built.frames["claims"]
    archived = set(built.frames["articles"].query("archived")["article_id"])
    cited = claims[~claims["article_id"].isin(archived)]
    assert len(cited) > 0 and cited["quote"].isna().all()


@pytest.mark.parametrize("host", ["bitlysdowssl-aws.com", "elpssr.aidemsrv.com", "hbjhhb.com", "chof360.com",
                                  "3slastxawesome.info", "news-pravda.com"])
def test_mirror_sites_are_never_cited(built, host):
    assert not built.frames["articles"]["url"].str.contains(host, regex=False).any()
