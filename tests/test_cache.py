"""The per-article cache and the no-op manifest are invalidated by every input they depend on."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_ARTICLE, snapshot
from tco_ops.build.inputs import article_ids, read_meta
from tco_ops.build.pipeline import build
from tco_ops.build.resolve import build_reference
from tco_ops.build.units import run_cached
from tco_ops.cli import main


def _units(root: Path, cache: Path):
    problems: list = []
    seeds = read_meta(root / "seeds", problems)
    ref = build_reference(seeds, problems)
    ids = article_ids(root / "seeds", problems)
    return run_cached(root / "seeds", ids, ref, frozenset(seeds.operations), 1, cache)


def _add_article(root: Path, n: int) -> None:
    for i in range(n):
        (root / "seeds" / "articles" / f"extra-{i}.md").write_text(
            f"---\nurl: https://example.org/{i}\npublisher: Example\nlanguage: en\narchived: false\n---\n")


def test_unchanged_articles_come_from_the_cache(mini_repo: Path, tmp_path: Path):
    _add_article(mini_repo, 3)
    cache = tmp_path / "units.pickle"
    _, hits = _units(mini_repo, cache)
    assert hits == 0
    _, hits = _units(mini_repo, cache)
    assert hits == 4
    article = mini_repo / "seeds" / "articles" / "extra-1.md"
    article.write_text(article.read_text().replace("Example", "Example Daily"))
    units, hits = _units(mini_repo, cache)
    assert hits == 3, "only the edited article is processed again"
    assert units["extra-1"].article.publisher == "Example Daily"


def test_a_changed_reference_file_invalidates_dependent_articles(mini_repo: Path, tmp_path: Path):
    cache = tmp_path / "units.pickle"
    units, _ = _units(mini_repo, cache)
    assert {c.value for c in units[SEED_ARTICLE].claims if c.field == "agency"} >= {"us-hsi-lima"}
    agencies = mini_repo / "seeds" / "reference" / "agencies.yaml"
    # Take "HIS Lima" away from HSI Lima: the seed's claim that uses it must now fail to resolve.
    agencies.write_text(agencies.read_text().replace("HSI Lima, HIS Lima,", "HSI Lima,"))
    units, hits = _units(mini_repo, cache)
    assert hits == 0
    assert any("no agency matches 'HIS Lima'" in p.message for p in units[SEED_ARTICLE].problems)


def test_a_new_operation_id_invalidates_the_cache(mini_repo: Path, tmp_path: Path):
    cache = tmp_path / "units.pickle"
    _units(mini_repo, cache)
    (mini_repo / "seeds" / "operations" / "xx-new-operation.yaml").write_text("kind: raid\nsummary: x\n")
    _, hits = _units(mini_repo, cache)
    assert hits == 0, "claims are checked against the operation ids, so a new id invalidates every unit"


def test_cached_and_uncached_builds_are_identical(mini_repo: Path, tmp_path: Path):
    cache = tmp_path / "units.pickle"
    cold = build(mini_repo / "seeds", jobs=1, cache=cache).files
    warm = build(mini_repo / "seeds", jobs=1, cache=cache).files
    plain = build(mini_repo / "seeds", jobs=1).files
    assert cold == warm == plain


def test_no_op_shortcut_is_defeated_by_any_change(mini_repo: Path, capsys):
    assert main(["build", "--root", str(mini_repo)]) == 0
    assert "up to date" in capsys.readouterr().out
    before = snapshot(mini_repo)
    (mini_repo / "dataset" / "claims.parquet").write_bytes(b"oops")  # a hand-edited output
    assert main(["build", "--root", str(mini_repo)]) == 0
    assert "up to date" not in capsys.readouterr().out
    assert snapshot(mini_repo) == before, "the build restored the file"
    seed = mini_repo / "seeds" / "operations" / "pe-2025-02-07-lima-pnp-hsi.yaml"
    seed.write_text(seed.read_text().replace("Lima.", "Lima (edited)."))
    assert main(["build", "--root", str(mini_repo)]) == 0
    assert "file(s) changed" in capsys.readouterr().out and snapshot(mini_repo) != before
