"""Every kind of bad seed fails the build with file, line, value and fix, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LIMA, SEED_ARTICLE, snapshot
from tco_ops.cli import main

ARTICLE = f"seeds/articles/{SEED_ARTICLE}.md"
CLAIMS = f"seeds/claims/{SEED_ARTICLE}.yaml"
AGENCIES = "seeds/reference/agencies.yaml"
LOCATIONS = "seeds/reference/locations.yaml"
ORGS = "seeds/reference/organizations.yaml"
OPERATION = f"seeds/operations/{LIMA}.yaml"


def replace(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    """The last line containing `needle` (a repeated id is reported where it repeats)."""
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    if needle.endswith("$"):  # anchored at the end of the line
        found = [n for n, line in enumerate(lines, 1) if line.endswith(needle[:-1])]
    else:
        found = [n for n, line in enumerate(lines, 1) if needle in line]
    assert found, f"test setup: {needle!r} not in {rel}"
    return found[-1]


def failed_build(root: Path, capsys) -> str:
    before = snapshot(root)
    code = main(["build", "--root", str(root)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "nothing was written" in err
    assert snapshot(root) == before, "a failed build must leave the published files untouched"
    return err


# (id, file, old text, new text, needle locating the offending line, words the message must contain)
CASES = [
    pytest.param(ARTICLE, "---\nurl:", "url:", None, ["front matter missing", "fix:"], id="front matter missing"),
    pytest.param(ARTICLE, "language: en", "language: [en", "archived:",
                 ["YAML syntax error", "flow sequence that starts on line 7"], id="front matter malformed"),
    pytest.param(ARTICLE, "language: en", "langauge: en", "langauge", ["unknown key 'langauge'", "'language'"],
                 id="unknown key in front matter"),
    pytest.param(CLAIMS, "qualifier: more_than", "qualifer: more_than", "qualifer",
                 ["unknown key 'qualifer'", "did you mean 'qualifier'"], id="unknown key in a claim"),
    pytest.param(AGENCIES, "  acronym: PNP", "  acronymn: PNP", "acronymn",
                 ["unknown key 'acronymn'", "'acronym'"], id="unknown key in a reference file"),
    pytest.param(OPERATION, "summary:", "sumary:", "sumary", ["unknown key 'sumary'", "'summary'"],
                 id="unknown key in an operation file"),
    pytest.param(CLAIMS, "quote: last week", "quote: last month", "last month",
                 ["quote not found", "closest passage", "'last week"], id="quote not found"),
    pytest.param(CLAIMS, "quote: HSI Lima officers", "quote: HSI Lima", "quote: HSI Lima",
                 ["occurs 2 times", "occurrence"], id="quote found twice"),
    pytest.param(CLAIMS, "value: U.S. Embassy in Peru", "value: U.S. Embasy in Peru", "Embasy",
                 ["no agency matches", "closest ids"], id="unknown agency"),
    pytest.param(CLAIMS, "value: Santa Anita,", "value: Santa Anitta,", "Santa Anitta",
                 ["no location matches", "pe-santa-anita"], id="unknown location"),
    pytest.param(CLAIMS, "value: Tren de Aragua\n    quote: against", "value: Tren de Aragu\n    quote: against",
                 "Tren de Aragu$", ["no organization matches", "tren-de-aragua"], id="unknown organization"),
    pytest.param(CLAIMS, f"operation: {LIMA}", "operation: pe-2025-02-07-lima-pnp-his", "operation:",
                 ["operation that does not exist", LIMA], id="unknown operation"),
    pytest.param(LOCATIONS, "- id: pe-puente-piedra", "- id: pe-santa-anita", "id: pe-santa-anita",
                 ["duplicate location id", "pe-santa-anita"], id="duplicate id"),
    pytest.param(CLAIMS, 'value: "2025-01-07"', 'value: "2025-02-30"', "2025-02-30",
                 ["not a valid date", "YYYY-MM-DD"], id="impossible date"),
    pytest.param(CLAIMS, 'value: "2025-01-07"', 'value: "2025-02-09/2025-02-01"', "2025-02-09/",
                 ["date_end is before date_start"], id="date_end before date_start"),
    pytest.param(CLAIMS, "value: 24, qualifier: approximately", "value: -24, qualifier: approximately", "-24",
                 ["count cannot be negative"], id="negative count"),
    pytest.param(CLAIMS, "value: 24, qualifier: approximately", "value: 24, qualifier: roughly", "roughly",
                 ["'qualifier' is not one of the allowed values", "approximately"], id="unknown qualifier"),
    pytest.param(AGENCIES, "  kind: ministry\n  level: national\n  aliases: [Ministry of the Interior of Peru",
                 "  kind: ministry\n  level: national\n  parent: pnp\n  aliases: [Ministry of the Interior of Peru",
                 "id: pe-mininter", ["cycle in the agency parent chain", "pe-mininter → pnp → pe-mininter"],
                 id="cycle in parent chain"),
    pytest.param(ORGS, "kind: gang", "kind: gang\n  tags: &a [x]\n  more: *a", "&a",
                 ["anchor", "anchors and aliases are refused"], id="yaml anchor"),
    pytest.param(ORGS, "kind: gang", "kind: !!python/object:os.system gang", "!!python",
                 ["tag", "remove the tag"], id="yaml tag"),
]


@pytest.mark.parametrize("rel, old, new, needle, words", CASES)
def test_bad_seed_fails_with_location_and_fix(mini_repo: Path, capsys, rel, old, new, needle, words):
    replace(mini_repo, rel, old, new)
    err = failed_build(mini_repo, capsys)
    where = f"{rel}:{line_of(mini_repo, rel, needle)}" if needle else f"{rel}:1"
    assert where in err, err
    assert "fix:" in err
    for word in words:
        assert word in err, err


def test_file_not_utf8(mini_repo: Path, capsys):
    path = mini_repo / CLAIMS
    data = path.read_bytes().replace(b"# --- where", b"# --- wh\xe9re")
    path.write_bytes(data)
    err = failed_build(mini_repo, capsys)
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    assert f"{CLAIMS}:{line}: file is not valid UTF-8" in err
    assert "re-save the file as UTF-8" in err


def test_every_problem_reported_at_once(mini_repo: Path, capsys):
    replace(mini_repo, CLAIMS, "qualifier: more_than", "qualifer: more_than")
    replace(mini_repo, CLAIMS, "quote: last week", "quote: last month")
    replace(mini_repo, AGENCIES, "  acronym: PNP", "  acronymn: PNP")
    err = failed_build(mini_repo, capsys)
    assert err.count("fix:") >= 3
    assert "3 problems" in err or "4 problems" in err, err.splitlines()[0]


def test_valid_seeds_still_build(mini_repo: Path, capsys):
    """The fixture itself: without edits the mini checkout builds cleanly and twice gives the same bytes."""
    before = snapshot(mini_repo)
    assert main(["build", "--root", str(mini_repo)]) == 0
    assert "up to date" in capsys.readouterr().out  # nothing changed: the manifest short-cut
    assert main(["build", "--root", str(mini_repo), "--force", "--no-cache"]) == 0
    assert snapshot(mini_repo) == before
    assert "0 file(s) changed" in capsys.readouterr().out
