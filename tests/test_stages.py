"""Unit tests for each pipeline stage, on small hand-made inputs with hand-computed answers."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import LIMA, REPO, SEED_ARTICLE
from tco_ops import vocab
from tco_ops.build import inputs, limits, publish as pub, reconcile as rc, render, resolve, safe_yaml, verify
from tco_ops.build.dates import Period, parse_period
from tco_ops.build.pipeline import build
from tco_ops.build.record import Record
from tco_ops.errors import Problem
from tco_ops.schema import TABLES
from tco_ops.schema.crosscheck import check_all
from tco_ops.schema.frames import to_arrow

REBUILD = "run `tco-ops build`"


def messages(problems) -> str:
    return "\n".join(map(str, problems))


# -- safe_yaml ---------------------------------------------------------------------
@pytest.mark.parametrize("text, line, words", [
    pytest.param("a: 1\nb: &x 2\nc: *x\n", 2, ["anchor", "anchors and aliases are refused"], id="anchor"),
    pytest.param("a: 1\n\nb: *x\n", 3, ["alias", "anchors and aliases are refused"], id="alias without anchor"),
    pytest.param("a: 1\nb:\n  - !!python/object/apply:os.system [ls]\n", 3, ["tag", "remove the tag"],
                 id="python tag"),
    pytest.param("a: !custom x\n", 1, ["tag"], id="local tag"),
    pytest.param("a: !!str 1\n", 1, ["tag"], id="standard tag"),
    pytest.param("a: 1\nb: 2\na: 3\n", 3, ["duplicate", "each key may appear once"], id="duplicate key"),
    pytest.param("claims:\n  - field: date\n    value: 2025\n    field: name\n", 4, ["duplicate"],
                 id="duplicate key in a list item"),
    pytest.param("a: [1, 2\nb: 3\n", 2, ["YAML syntax error"], id="unclosed bracket"),
    pytest.param("a: 1\n b: 2\n", 2, ["YAML syntax error"], id="bad indentation"),
])
@pytest.mark.parametrize("first_line", [1, 7], ids=["file", "front matter at line 7"])
def test_safe_yaml_refuses(text, line, words, first_line):
    data, problems = safe_yaml.load(text, "seeds/x.yaml", first_line=first_line)
    assert data is None
    assert len(problems) == 1
    p = problems[0]
    assert (p.file, p.line) == ("seeds/x.yaml", line + first_line - 1), p
    for word in words:
        assert word in str(p), p
    assert p.fix


def test_safe_yaml_duplicate_key_names_the_key():
    _, problems = safe_yaml.load("url: x\nlanguage: en\nurl: y\n", "f.yaml")
    assert problems[0].value == "url"


def test_safe_yaml_yes_no_stay_strings():
    data, problems = safe_yaml.load(
        "a: yes\nb: no\nc: NO\nd: on\ne: off\nf: Yes\ng: y\nh: n\ni: true\nj: False\nk: [NO, PE, VE]\n", "f.yaml")
    assert problems == []
    assert data == {"a": "yes", "b": "no", "c": "NO", "d": "on", "e": "off", "f": "Yes", "g": "y", "h": "n",
                    "i": True, "j": False, "k": ["NO", "PE", "VE"]}
    assert data["i"] is True and data["j"] is False


def test_safe_yaml_scalars():
    data, problems = safe_yaml.load(
        "n: 23\nneg: -4\nf: 1.5\nz: 0123\nq: '23'\nd: 2025-02-07\nbad: 2025-02-30\nwk: 2025-W06\n"
        "nul: ~\nempty:\ncode: \"0123\"\n", "f.yaml")
    assert problems == []
    assert data == {"n": 23, "neg": -4, "f": 1.5, "z": "0123", "q": "23", "d": D(2025, 2, 7), "bad": "2025-02-30",
                    "wk": "2025-W06", "nul": None, "empty": None, "code": "0123"}


@pytest.mark.parametrize("text, line, words", [
    pytest.param("a: 1\n---\nb: 2\n", 2, ["more than one YAML document"], id="two documents"),
    pytest.param("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40)), None, ["nested"], id="deep nesting"),
    pytest.param("? [a, b]\n: 1\n", 1, ["key"], id="list as a key"),
])
def test_safe_yaml_refuses_structure(text, line, words):
    data, problems = safe_yaml.load(text, "f.yaml")
    assert data is None and len(problems) == 1
    if line is not None:
        assert problems[0].line == line
    for word in words:
        assert word in problems[0].message


def test_safe_yaml_line_numbers():
    text = ("# comment\n"            # 1
            "operation: op-1\n"      # 2
            "claims:\n"              # 3
            "  - field: date\n"      # 4
            "    value: 2025\n"      # 5
            "\n"                     # 6
            "  - {field: sites, value: 8}\n"  # 7
            "  - field: agency\n"    # 8
            "    nested:\n"          # 9
            "      deep: 1\n")       # 10
    data, problems = safe_yaml.load(text, "f.yaml")
    assert problems == []
    assert isinstance(data, safe_yaml.LineDict)
    assert data.line == 2
    assert (data.line_of("operation"), data.line_of("claims")) == (2, 3)
    first, second, third = data["claims"]
    assert (first.line, first.line_of("field"), first.line_of("value")) == (4, 4, 5)
    assert (second.line, second.line_of("value")) == (7, 7)
    assert (third.line, third.line_of("nested"), third["nested"].line) == (8, 9, 10)
    assert first.line_of("missing") == first.line  # unknown keys fall back to the mapping's line


def test_safe_yaml_line_numbers_with_offset():
    data, _ = safe_yaml.load("url: x\n\ntitle: t\n", "a.md", first_line=2)
    assert (data.line, data.line_of("url"), data.line_of("title")) == (2, 2, 4)


def test_front_matter_problem_lines(tmp_path: Path):
    path = tmp_path / "outlet-1.md"
    path.write_text("---\nurl: https://example.org/1\npublisher: X\nlanguage: en\nurl: https://example.org/2\n"
                    "archived: false\n---\n", encoding="utf-8")
    problems: list[Problem] = []
    assert inputs.read_article(path, "seeds/articles/outlet-1.md", problems) is None
    assert [(p.line, "duplicate" in p.message) for p in problems] == [(5, True)]


# -- record.Record -------------------------------------------------------------------
def record(text: str, allowed=inputs.CLAIM_KEYS, what="claim 1"):
    data, errs = safe_yaml.load(text, "seeds/claims/a.yaml")
    assert errs == []
    problems: list[Problem] = []
    return Record(data, "seeds/claims/a.yaml", what, allowed, problems), problems


def test_record_unknown_key_did_you_mean():
    r, problems = record("field: personnel\nvalue: 300\nqualifer: more_than\n")
    assert r.str("field") == "personnel"
    r.raw("value")
    r.audit()
    assert len(problems) == 1
    p = problems[0]
    assert p.line == 3
    assert "unknown key 'qualifer'" in p.message
    assert "did you mean 'qualifier'" in p.fix
    assert "allowed keys:" in p.fix and "occurrence" in p.fix


def test_record_unknown_key_far_from_any():
    r, problems = record("field: sites\nzzzzzz: 1\n")
    r.str("field")
    r.audit()
    assert "unknown key 'zzzzzz'" in problems[0].message
    assert "did you mean" not in problems[0].fix
    assert problems[0].line == 2


@pytest.mark.parametrize("text, call, expected, words", [
    pytest.param("note: [a, b]", lambda r: r.str("note"), None, ["'note' must be text"], id="list for text"),
    pytest.param("note: {a: 1}", lambda r: r.str("note"), None, ["'note' must be text"], id="mapping for text"),
    pytest.param("note: true", lambda r: r.str("note"), None, ["'note' must be text"], id="bool for text"),
    pytest.param("note: 23", lambda r: r.str("note"), "23", [], id="number read as text"),
    pytest.param("note: 2025-02-07", lambda r: r.str("note"), "2025-02-07", [], id="date read as text"),
    pytest.param("field: '  '", lambda r: r.str("field", required=True), None, ["'field' is empty"], id="blank"),
    pytest.param("note: x", lambda r: r.str("field", required=True), None, ["missing required key 'field'"],
                 id="missing required"),
    pytest.param("inferred: yes", lambda r: r.bool("inferred"), False, ["must be true or false"],
                 id="yes is not a bool"),
    pytest.param("inferred: true", lambda r: r.bool("inferred"), True, [], id="bool"),
    pytest.param("group: Main Group", lambda r: r.slug("group"), None, ["does not match", "lowercase letters"],
                 id="not a slug"),
    pytest.param("group: north-2", lambda r: r.slug("group"), "north-2", [], id="slug"),
    pytest.param("qualifier: aproximately", lambda r: r.str("qualifier", choices=vocab.QUALIFIERS), None,
                 ["'qualifier' is not one of the allowed values", "did you mean 'approximately'"], id="near choice"),
    pytest.param("role: boss", lambda r: r.str("role", choices=vocab.AGENCY_ROLES), None,
                 ["not one of the allowed values", "allowed: lead, support, participant, announced"], id="far choice"),
    pytest.param("role: lead", lambda r: r.str("role", choices=vocab.AGENCY_ROLES), "lead", [], id="choice"),
    pytest.param("note: abcdef", lambda r: r.str("note", max_len=5), None, ["longer than 5"], id="too long"),
])
def test_record_accessors(text, call, expected, words):
    r, problems = record(text)
    assert call(r) == expected
    for word in words:
        assert word in messages(problems)
    assert bool(problems) == bool(words)
    assert r.ok == (not words)
    if problems:
        assert problems[0].line == 1 and problems[0].file == "seeds/claims/a.yaml"


@pytest.mark.parametrize("text, expected, bad", [
    pytest.param("latitude: -12.05", -12.05, False, id="in range"),
    pytest.param("latitude: 91", None, True, id="out of range"),
    pytest.param("latitude: north", None, True, id="text"),
    pytest.param("latitude: true", None, True, id="bool"),
    pytest.param("latitude: .nan", None, True, id="nan"),
])
def test_record_number(text, expected, bad):
    r, problems = record(text, allowed=inputs.REFERENCE_KEYS["location"], what="location 1")
    assert r.number("latitude", -90, 90) == expected
    assert bool(problems) == bad
    if bad:
        assert "'latitude' must be a number from -90 to 90" in problems[0].message


@pytest.mark.parametrize("text, expected, bad", [
    pytest.param("aliases: [A, ' B ']", ["A", "B"], False, id="list"),
    pytest.param("aliases: One", ["One"], False, id="single text"),
    pytest.param("aliases: [A, 1]", [], True, id="number in list"),
    pytest.param("aliases: [A, '']", [], True, id="empty item"),
    pytest.param("aliases: {a: 1}", [], True, id="mapping"),
])
def test_record_str_list(text, expected, bad):
    r, problems = record(text, allowed=inputs.REFERENCE_KEYS["agency"], what="agency 1")
    assert r.str_list("aliases") == expected
    assert bool(problems) == bad


NOT_A_MAPPING = (
    "BUG: record.Record.__init__ crashes with AttributeError ('Record' object has no attribute "
    "'line') when `data` is not a mapping: it calls self.problem() before self.line is set. A "
    "claims item written as plain text (`- just a sentence`), a reference entry or decision that "
    "is not a mapping, or front matter that is a list, crashes the build with a traceback instead "
    "of the Problem '<what> must be a mapping of keys to values'")


@pytest.mark.parametrize("data", [["a", "b"], "just text", 23], ids=["list", "text", "number"])
def test_record_not_a_mapping(data):
    problems: list[Problem] = []
    r = Record(data, "seeds/claims/a.yaml", "claim 3", inputs.CLAIM_KEYS, problems, line=12)
    assert not r.ok
    assert problems[0].line == 12
    assert "claim 3 must be a mapping" in problems[0].message


def test_claims_item_not_a_mapping(tmp_path: Path):
    path = tmp_path / "outlet-1.yaml"
    path.write_text("operation: op-1\nclaims:\n  - just a sentence\n  - {field: sites, value: 3}\n")
    problems: list[Problem] = []
    claims = inputs.read_claims(path, "seeds/claims/outlet-1.yaml", "outlet-1", problems)
    assert [c.field for c in claims] == ["sites"]
    assert any("claim 1 must be a mapping" in p.message for p in problems), messages(problems)


# -- inputs.read_text ------------------------------------------------------------------
@pytest.mark.parametrize("data, line, words", [
    pytest.param(b"\xef\xbb\xbfa: 1\n", 1, ["byte-order mark"], id="BOM"),
    pytest.param(b"a: 1\nb: 2\nc: caf\xe9\n", 3, ["not valid UTF-8"], id="latin-1 byte on line 3"),
    pytest.param(b"a: 1\n\n\n\nb: \xff\xfe\n", 5, ["not valid UTF-8"], id="invalid bytes on line 5"),
    pytest.param(b"a: 1\nb: 2\r\nc: 3\r\n", 2, ["carriage return"], id="CRLF"),
    pytest.param(b"a: 1\nb: 2\nc: 3\nd: \x00\n", 4, ["NUL"], id="NUL"),
])
def test_read_text_refuses(tmp_path: Path, data, line, words):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    problems: list[Problem] = []
    assert inputs.read_text(path, "seeds/x.yaml", problems) is None
    assert len(problems) == 1
    assert (problems[0].file, problems[0].line) == ("seeds/x.yaml", line)
    for word in words:
        assert word in problems[0].message
    assert problems[0].fix


def test_read_text_accepts_utf8(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_bytes("name: Policía Nacional del Perú\n".encode())
    problems: list[Problem] = []
    assert inputs.read_text(path, "seeds/x.yaml", problems) == "name: Policía Nacional del Perú\n"
    assert problems == []


def test_read_text_refuses_symlink(tmp_path: Path):
    target = tmp_path / "real.yaml"
    target.write_text("a: 1\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    problems: list[Problem] = []
    assert inputs.read_text(link, "seeds/link.yaml", problems) is None
    assert "symbolic links are not followed" in problems[0].message


def test_read_text_refuses_oversize(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SEED_FILE_BYTES", 10)
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1234567\n")  # 11 bytes
    problems: list[Problem] = []
    assert inputs.read_text(path, "seeds/x.yaml", problems) is None
    assert "larger than 10 bytes" in problems[0].message
    assert problems[0].value == 11
    path.write_bytes(b"a: 123456\n")  # exactly at the limit
    problems.clear()
    assert inputs.read_text(path, "seeds/x.yaml", problems) == "a: 123456\n"
    assert problems == []


def test_read_seeds_refuses_symlinked_folder(tmp_path: Path):
    seeds = tmp_path / "seeds"
    (seeds / "reference").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (seeds / "articles").symlink_to(elsewhere)
    _, problems = inputs.read_seeds(seeds)
    assert any(p.file == "seeds/articles" and "symbolic links" in p.message for p in problems), problems


# -- dates -----------------------------------------------------------------------------
D = dt.date


@pytest.mark.parametrize("text, start, end, precision", [
    pytest.param("2025-02-07", D(2025, 2, 7), D(2025, 2, 7), "day", id="day"),
    pytest.param("2025-W06", D(2025, 2, 3), D(2025, 2, 9), "week", id="ISO week 2025-W06"),
    pytest.param("2025-W01", D(2024, 12, 30), D(2025, 1, 5), "week", id="week 1 starts in the previous year"),
    pytest.param("2020-W53", D(2020, 12, 28), D(2021, 1, 3), "week", id="week 53"),
    pytest.param("2025-02", D(2025, 2, 1), D(2025, 2, 28), "month", id="month"),
    pytest.param("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month", id="leap February"),
    pytest.param("2025-12", D(2025, 12, 1), D(2025, 12, 31), "month", id="December"),
    pytest.param("2025", D(2025, 1, 1), D(2025, 12, 31), "year", id="year"),
    pytest.param("2025-02-07/2025-02-09", D(2025, 2, 7), D(2025, 2, 9), "span", id="interval"),
    pytest.param("2024-12-30/2025-01-02", D(2024, 12, 30), D(2025, 1, 2), "span", id="interval over New Year"),
])
def test_parse_period(text, start, end, precision):
    p = parse_period(text)
    assert (p.start, p.end, p.precision) == (start, end, precision)
    assert p.text == text
    assert p.width == (end - start).days


def test_period_relations():
    week, day, jan = parse_period("2025-W06"), parse_period("2025-02-07"), parse_period("2025-01-07")
    assert day.within(week) and not week.within(day)
    assert day.overlaps(week) and week.overlaps(day)
    assert not jan.overlaps(week)
    with pytest.raises(ValueError):
        Period(D(2025, 2, 2), D(2025, 2, 1), "day")


def test_parse_claim_date_accepts_yaml_dates():
    assert inputs.parse_claim_date(D(2025, 2, 7)) == parse_period("2025-02-07")
    assert inputs.parse_claim_date(dt.datetime(2025, 2, 7, 22, 0)) == parse_period("2025-02-07")
    with pytest.raises(ValueError):
        inputs.parse_claim_date(2025.5)


def test_parse_claim_date_accepts_an_unquoted_year():
    # YAML reads `value: 2023` as an integer; the error used to list YYYY as a valid form and still refuse it.
    assert inputs.parse_claim_date(2023) == parse_period("2023")
    for bad in (True, 23, 20231):
        with pytest.raises(ValueError):
            inputs.parse_claim_date(bad)


# -- resolve ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_ref() -> resolve.Reference:
    seeds, problems = inputs.read_seeds(REPO / "seeds")
    assert problems == [], messages(problems)
    ref = resolve.build_reference(seeds, problems)
    assert problems == [], messages(problems)
    return ref


@pytest.mark.parametrize("kind, text, expected", [
    pytest.param("agency", "HIS Lima", "us-hsi-lima", id="misspelling listed as alias"),
    pytest.param("agency", "his lima", "us-hsi-lima", id="lower case"),
    pytest.param("agency", "  HÍS-Lima. ", "us-hsi-lima", id="accent, hyphen, dot, spaces"),
    pytest.param("agency", "us-hsi-lima", "us-hsi-lima", id="the id itself"),
    pytest.param("agency", "PNP", "pnp", id="acronym"),
    pytest.param("agency", "policia nacional del peru", "pnp", id="name without accents"),
    pytest.param("location", "San Martín de Porres", "pe-san-martin-de-porres", id="accented location"),
    pytest.param("location", "SANTA ANITA", "pe-santa-anita", id="upper-case location"),
    pytest.param("organization", "Tren de Aragua", "tren-de-aragua", id="organization"),
    pytest.param("organization", "tda", "tren-de-aragua", id="organization alias"),
])
def test_resolve_names(real_ref, kind, text, expected):
    assert real_ref.resolve(kind, text) == expected


@pytest.mark.parametrize("kind, text, suggestion, file", [
    pytest.param("agency", "U.S. Embasy in Peru", "us-embassy-peru", "agencies.yaml", id="agency typo"),
    pytest.param("location", "Santa Anitta", "pe-santa-anita", "locations.yaml", id="location typo"),
    pytest.param("organization", "Tren de Aragu", "tren-de-aragua", "organizations.yaml", id="organization typo"),
])
def test_resolve_unknown_suggests(real_ref, kind, text, suggestion, file):
    with pytest.raises(resolve.Unresolved) as info:
        real_ref.resolve(kind, text)
    assert suggestion in info.value.suggestions
    assert f"seeds/reference/{file}" in info.value.fix
    assert suggestion in info.value.fix


def test_resolve_nothing_close(real_ref):
    with pytest.raises(resolve.Unresolved) as info:
        real_ref.resolve("agency", "!!!")
    assert info.value.suggestions == []


def small_seeds(tmp_path: Path, agencies: str = "", locations: str = "", organizations: str = ""):
    ref = tmp_path / "seeds" / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    for name, text in (("agencies", agencies), ("locations", locations), ("organizations", organizations)):
        (ref / f"{name}.yaml").write_text(text, encoding="utf-8")
    seeds, problems = inputs.read_seeds(tmp_path / "seeds")
    assert problems == [], messages(problems)
    ref_ = resolve.build_reference(seeds, problems)
    return ref_, problems


def test_alias_collision_reported(tmp_path: Path):
    ref, problems = small_seeds(tmp_path, agencies=(
        "- id: pe-police\n  name: Policía Nacional\n  country: PE\n  kind: police\n  level: national\n"
        "\n"
        "- id: co-police\n  name: Colombian police\n  country: CO\n  kind: police\n  level: national\n"
        "  aliases: [Policia Nacional]\n"))
    assert len(problems) == 1, messages(problems)
    p = problems[0]
    assert (p.file, p.line) == ("seeds/reference/agencies.yaml", 7)
    assert "alias 'Policia Nacional' also names pe-police" in p.message
    assert p.fix
    assert ref.resolve("agency", "policia nacional") == "pe-police"  # the first owner keeps it


def test_same_alias_twice_in_one_entry_is_fine(tmp_path: Path):
    _, problems = small_seeds(tmp_path, agencies=(
        "- id: pe-police\n  name: Policía Nacional\n  country: PE\n  kind: police\n  level: national\n"
        "  aliases: [Policia Nacional, POLICÍA NACIONAL]\n"))
    assert problems == []


@pytest.mark.parametrize("orgs, line, words", [
    pytest.param("- {id: a, name: A, kind: gang, parent: b}\n- {id: b, name: B, kind: gang, parent: a}\n",
                 1, ["cycle in the organization parent chain", "a → b → a"], id="two-entry cycle"),
    pytest.param("- {id: x, name: X, kind: gang}\n- {id: s, name: S, kind: cell, parent: s}\n",
                 2, ["cycle in the organization parent chain", "s → s"], id="own parent"),
    pytest.param("- id: f\n  name: F\n  kind: faction\n  parent: tren-de-aragu\n",
                 4, ["parent organization does not exist", "tren-de-aragu"], id="missing parent"),
    pytest.param("- {id: g, name: G, kind: gang}\n- {id: g, name: G2, kind: gang}\n",
                 2, ["duplicate organization id"], id="duplicate id"),
])
def test_reference_structure_problems(tmp_path: Path, orgs, line, words):
    _, problems = small_seeds(tmp_path, organizations=orgs)
    assert len(problems) == 1, messages(problems)
    assert (problems[0].file, problems[0].line) == ("seeds/reference/organizations.yaml", line)
    for word in words:
        assert word in str(problems[0])


def test_cycle_reported_once_with_its_members(tmp_path: Path):
    _, problems = small_seeds(tmp_path, organizations=(
        "- {id: a, name: A, kind: gang, parent: c}\n- {id: b, name: B, kind: gang, parent: a}\n"
        "- {id: c, name: C, kind: gang, parent: b}\n- {id: d, name: D, kind: cell, parent: a}\n"))
    cycles = [p for p in problems if "cycle" in p.message]
    assert len(cycles) == 1, messages(problems)
    assert set(cycles[0].value.split(" → ")) == {"a", "b", "c"}


def test_location_country_must_match_parent(tmp_path: Path):
    _, problems = small_seeds(tmp_path, locations=(
        "- {id: pe, name: Peru, kind: country, country: PE}\n"
        "- {id: lima, name: Lima, kind: city, country: CL, parent: pe}\n"))
    assert [p.line for p in problems] == [2]
    assert "country differs from its parent" in problems[0].message


def test_claim_ids_survive_reordering(real_ref):
    seeds, problems = inputs.read_seeds(REPO / "seeds")
    forward = resolve.resolve_claims(seeds, real_ref, problems)
    seeds.claims.reverse()
    backward = resolve.resolve_claims(seeds, real_ref, problems)
    assert problems == []
    assert sorted(c.claim_id for c in forward) == sorted(c.claim_id for c in backward)
    assert len({c.claim_id for c in forward}) == len(forward)


# -- reconcile: hand-computed examples ------------------------------------------------------
def src(article, origin, published=None):
    return rc.Support(article, origin, published)


def test_counts_example_majority_of_origins():
    claims = [
        rc.CountClaim(20, "exact", src("embassy-1", "us embassy", D(2025, 2, 10))),
        rc.CountClaim(23, "exact", src("afp-1", "afp", D(2025, 2, 8))),
        rc.CountClaim(23, "exact", src("efe-1", "efe", D(2025, 2, 8))),
        rc.CountClaim(24, "exact", src("infobae-1", "infobae", D(2025, 2, 11))),
    ]
    fig = rc.reconcile_counts(claims)
    assert fig == rc.Figure(best=23, low=20, high=24, n_sources=4, conflict=True, qualifier="exact")
    decided = rc.reconcile_counts(claims, 24)
    assert (decided.best, decided.low, decided.high) == (24, 20, 24)
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_counts(claims, 22)


def test_counts_one_wire_relayed_is_one_origin():
    claims = [rc.CountClaim(23, "exact", src(f"paper-{i}", "afp", D(2025, 2, 8))) for i in range(5)]
    claims += [rc.CountClaim(20, "exact", src("andina-1", "andina", D(2025, 2, 10))),
               rc.CountClaim(20, "exact", src("rpp-1", "rpp", D(2025, 2, 9)))]
    fig = rc.reconcile_counts(claims)
    assert (fig.best, fig.low, fig.high, fig.n_sources) == (20, 20, 23, 7)


@pytest.mark.parametrize("claims, best", [
    pytest.param([(20, "a", D(2025, 2, 9)), (23, "b", D(2025, 2, 10))], 23, id="tie: later publication wins"),
    pytest.param([(23, "a", D(2025, 2, 10)), (20, "b", D(2025, 2, 9))], 23, id="tie: later publication wins (2)"),
    pytest.param([(20, "a", D(2025, 2, 10)), (23, "b", D(2025, 2, 10))], 23, id="tie: same day, larger wins"),
    pytest.param([(20, "a", None), (23, "b", None)], 23, id="tie: no dates, larger wins"),
    pytest.param([(20, "a", D(2025, 2, 1)), (23, "b", None)], 20, id="a dated source beats an undated one"),
])
def test_counts_tie_breaks(claims, best):
    cs = [rc.CountClaim(v, "exact", src(f"art-{i}", o, d)) for i, (v, o, d) in enumerate(claims)]
    assert rc.reconcile_counts(cs).best == best


def test_counts_qualifiers():
    """0.2: the number as stated, with the direction in the qualifier (0.1 published 301 here)."""
    more = rc.CountClaim(300, "more_than", src("andina-1", "andina"))
    fig = rc.reconcile_counts([more])
    assert fig == rc.Figure(300, 300, 300, 1, False, "more_than")
    other = rc.reconcile_counts([more, rc.CountClaim(301, "exact", src("afp-1", "afp"))])
    assert (other.low, other.high, other.conflict) == (300, 301, True)  # two stated numbers
    clash = rc.reconcile_counts([more, rc.CountClaim(300, "exact", src("afp-1", "afp"))])
    assert (clash.best, clash.qualifier, clash.conflict) == (300, "exact", True)  # 'exactly' vs 'more than' 300
    assert rc.reconcile_counts([more], 450).best == 450  # a decision within an open bound
    assert rc.reconcile_counts([more], 300).qualifier == "more_than"  # the stated number itself
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_counts([more], 299)
    fewer = rc.reconcile_counts([rc.CountClaim(10, "fewer_than", src("x", "x"))])
    assert (fewer.best, fewer.low, fewer.high, fewer.qualifier) == (10, 10, 10, "fewer_than")


def test_dates_example_day_vs_week_conflict():
    andina = src(SEED_ARTICLE, "andina", D(2025, 2, 10))
    jan7 = rc.DateClaim(parse_period("2025-01-07"), True, andina)
    w06 = rc.DateClaim(parse_period("2025-W06"), True, andina)
    res = rc.reconcile_dates([jan7, w06])
    assert res.conflict is True
    assert res.period == parse_period("2025-01-07")  # one origin each: the finer precision wins
    assert res.n_sources == 1 and res.inferred is True
    decided = rc.reconcile_dates([jan7, w06], parse_period("2025-W06"))
    assert decided.period == parse_period("2025-W06") and decided.conflict is True
    inside = rc.reconcile_dates([jan7, w06], parse_period("2025-02-07"))
    assert inside.period == parse_period("2025-02-07")
    with pytest.raises(rc.UnsupportedDecision):
        rc.reconcile_dates([jan7, w06], parse_period("2025-02-10"))


def test_dates_day_inside_week_agrees():
    day = rc.DateClaim(parse_period("2025-02-07"), False, src("a", "afp"))
    week = rc.DateClaim(parse_period("2025-W06"), False, src("b", "efe"))
    other = rc.DateClaim(parse_period("2025-02-05"), False, src("c", "reuters"))
    res = rc.reconcile_dates([week, day])
    assert (res.period, res.conflict, res.inferred, res.n_sources) == (day.period, False, False, 2)
    # two different days in the week: each agrees with 2 origins, the week with all 3
    res = rc.reconcile_dates([week, day, other])
    assert (res.period, res.conflict) == (week.period, True)
    # the same day from a third origin: the day (3 origins, finer) beats the week (3 origins)
    res = rc.reconcile_dates([week, day, rc.DateClaim(day.period, True, src("d", "reuters"))])
    assert (res.period, res.inferred) == (day.period, False)


def test_dates_most_origins_beats_precision():
    month = [rc.DateClaim(parse_period("2025-02"), False, src(f"m{i}", o)) for i, o in enumerate(["afp", "efe"])]
    jan = rc.DateClaim(parse_period("2025-01-07"), False, src("j", "andina"))
    assert rc.reconcile_dates([jan, *month]).period == parse_period("2025-02")


@pytest.mark.parametrize("roles, best", [
    pytest.param(["support", "lead"], "lead", id="lead before support"),
    pytest.param(["participant", "support"], "support", id="support before participant"),
    pytest.param(["announced", "participant"], "participant", id="participant before announced"),
    pytest.param(["announced", "lead", "participant", "support"], "lead", id="all four"),
    pytest.param(["support", "support", "lead"], "support", id="two origins beat the order"),
])
def test_agency_role_tie_break_order(roles, best):
    claims = [(role, src(f"art-{i}", f"origin-{i}", D(2025, 2, 10))) for i, role in enumerate(roles)]
    res = rc.reconcile_choice(claims, order=vocab.AGENCY_ROLES)
    assert res.best == best
    assert res.conflict == (len(set(roles)) > 1)
    assert res.n_sources == len(roles)


def test_agency_role_tie_ignores_publication_date():
    """README: 'the most claimed role, ties in the order lead, support, participant, announced'."""
    claims = [("lead", src("a", "afp", D(2025, 2, 8))), ("support", src("b", "efe", D(2025, 2, 10)))]
    assert rc.reconcile_choice(claims, order=vocab.AGENCY_ROLES).best == "lead"
    claims = [("announced", src("a", "afp", None)), ("participant", src("b", "efe", D(2025, 2, 10)))]
    assert rc.reconcile_choice(claims, order=vocab.AGENCY_ROLES).best == "participant"


def test_target_chain_and_conflict():
    parent = {"tren-de-aragua": None, "los-gallegos": "tren-de-aragua", "cell-1": "los-gallegos",
              "tren-del-coro": None}
    chain = [("tren-de-aragua", src("a", "afp")), ("los-gallegos", src("b", "efe")), ("cell-1", src("c", "efe"))]
    res = rc.reconcile_target(chain, parent)
    assert (res.best, res.conflict, res.n_sources) == ("cell-1", False, 3)
    rival = [("tren-de-aragua", src("a", "afp")), ("los-gallegos", src("b", "efe")),
             ("tren-del-coro", src("c", "andina"))]
    res = rc.reconcile_target(rival, parent)
    # the faction is backed by both the gang's and its own claim (2 origins) against 1
    assert (res.best, res.conflict) == ("los-gallegos", True)


# -- render / publish -----------------------------------------------------------------------
def test_render_is_deterministic(built):
    created = json.loads(built.files["datapackage.json"]).get("created")  # the release date, from CHANGELOG.md
    again = render.render_all(built.tables, built.conflicts, created)
    assert again == built.files
    pkg = json.loads(built.files["datapackage.json"])
    for res in pkg["resources"]:
        assert res["hash"] == "sha256:" + hashlib.sha256(built.files[res["path"]]).hexdigest()
        assert res["schema"] in built.files
    assert {r["name"] for r in pkg["resources"]} == set(TABLES)
    conflicts = built.files["CONFLICTS.md"].decode()
    assert f"## {LIMA}" in conflicts and "| date |" in conflicts and "2025-W06" in conflicts


def test_publish_writes_then_changes_nothing(tmp_path: Path):
    files = {"dataset/a.parquet": b"A1", "dataset/b.parquet": b"B1", "schema/a.json": b"{}\n",
             "datapackage.json": b"{}\n"}
    assert sorted(pub.publish(tmp_path, files)) == sorted(files)
    assert {rel: (tmp_path / rel).read_bytes() for rel in files} == files
    mtimes = {rel: (tmp_path / rel).stat().st_mtime_ns for rel in files}
    assert pub.publish(tmp_path, files) == []
    assert {rel: (tmp_path / rel).stat().st_mtime_ns for rel in files} == mtimes  # untouched
    assert pub.publish(tmp_path, {**files, "dataset/b.parquet": b"B2"}) == ["dataset/b.parquet"]
    assert (tmp_path / "dataset/b.parquet").read_bytes() == b"B2"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".staging")]


def test_publish_deletes_a_removed_tables_files(tmp_path: Path):
    files = {"dataset/a.parquet": b"A", "dataset/old.parquet": b"O", "schema/a.json": b"{}",
             "schema/old.json": b"{}", "datapackage.json": b"{}"}
    pub.publish(tmp_path, files)
    (tmp_path / "notes.txt").write_text("not generated\n")
    kept = {k: v for k, v in files.items() if "old" not in k}
    changed = pub.publish(tmp_path, kept)
    assert sorted(changed) == ["dataset/old.parquet", "schema/old.json"]
    assert not (tmp_path / "dataset/old.parquet").exists() and not (tmp_path / "schema/old.json").exists()
    assert (tmp_path / "dataset/a.parquet").read_bytes() == b"A"
    assert (tmp_path / "notes.txt").exists()  # outside dataset/ and schema/: left alone


def test_publish_real_build(tmp_path: Path, built):
    assert len(pub.publish(tmp_path, built.files)) == len(built.files)
    for rel, data in built.files.items():
        assert (tmp_path / rel).read_bytes() == data
    assert pub.publish(tmp_path, built.files) == []


def test_build_lock_refuses_a_second_holder(tmp_path: Path):
    with pub.build_lock(tmp_path):
        with pytest.raises(pub.BuildLocked) as info:
            with pub.build_lock(tmp_path):
                pass
        assert pub.LOCK_NAME in str(info.value)
    with pub.build_lock(tmp_path):  # released: the next build may run
        pass


# -- verify.compare ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    """A copy of the checkout's seeds and outputs, brought up to date with its own seeds."""
    root = tmp_path_factory.mktemp("pristine") / "repo"
    root.mkdir()
    for name in ("dataset", "schema", "seeds"):
        shutil.copytree(REPO / name, root / name)
    for name in ("datapackage.json", "CONFLICTS.md", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    result = build(root / "seeds")
    pub.publish(root, result.files)  # a no-op when the committed outputs are current
    assert verify.compare(root, result) == []
    return root, result


@pytest.fixture
def checkout(pristine, tmp_path: Path):
    root, result = pristine
    copy = tmp_path / "repo"
    shutil.copytree(root, copy)
    return copy, result


def flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def rewrite_rows(root: Path, name: str, result, change) -> None:
    rows = result.tables[name].to_pylist()
    rows = change(rows)
    (root / f"dataset/{name}.parquet").write_bytes(render.parquet_bytes(to_arrow(TABLES[name], rows)))


def _set_personnel(rows):
    row = next(r for r in rows if r["operation_id"] == LIMA)
    row["personnel_best"] = 999
    return rows


MUTATIONS = [
    pytest.param("dataset/claims.parquet", lambda root, res: flip(root / "dataset/claims.parquet", -1),
                 ["unreadable"], id="flip the last byte of a parquet file"),
    pytest.param("dataset/arrests.parquet", lambda root, res: flip(root / "dataset/arrests.parquet", -8),
                 ["unreadable"], id="flip a byte of the footer length"),
    pytest.param("dataset/operations.parquet", lambda root, res: rewrite_rows(root, "operations", res, _set_personnel),
                 ["changed", LIMA, "personnel_best", "999"], id="change a value"),
    pytest.param("dataset/operation_agencies.parquet",
                 lambda root, res: rewrite_rows(root, "operation_agencies", res, lambda rows: rows[1:]),
                 ["rows only in the build"], id="drop a row"),
    pytest.param("dataset/decisions.parquet", lambda root, res: (root / "dataset/decisions.parquet").unlink(),
                 ["missing"], id="delete a parquet file"),
    pytest.param("schema/claims.json", lambda root, res: (root / "schema/claims.json").unlink(),
                 ["missing"], id="delete a schema file"),
    pytest.param("dataset/old_table.parquet",
                 lambda root, res: (root / "dataset/old_table.parquet").write_bytes(b"PAR1"),
                 ["not produced by the build", "delete it"], id="stray file in dataset"),
    pytest.param("schema/notes.json", lambda root, res: (root / "schema/notes.json").write_text("{}"),
                 ["not produced by the build"], id="stray file in schema"),
    pytest.param("datapackage.json", lambda root, res: (root / "datapackage.json").write_text(
        (root / "datapackage.json").read_text().replace('"name": "tco-ops"', '"name": "tco-ops-edited"')),
                 ["differs from what the seeds build", "tco-ops-edited"], id="edit datapackage.json"),
    pytest.param("datapackage.json", lambda root, res: (root / "datapackage.json").unlink(),
                 ["missing"], id="delete datapackage.json"),
    pytest.param("CONFLICTS.md", lambda root, res: (root / "CONFLICTS.md").write_text("# edited\n"),
                 ["differs from what the seeds build"], id="edit CONFLICTS.md"),
]


@pytest.mark.parametrize("rel, mutate, words", MUTATIONS)
def test_compare_reports_each_difference(checkout, rel, mutate, words):
    root, result = checkout
    mutate(root, result)
    out = verify.compare(root, result)
    assert len(out) == 1, out
    assert out[0].startswith(f"{rel}: "), out[0]
    assert REBUILD in out[0] or f"or {REBUILD}" in out[0], out[0]
    for word in words:
        assert word in out[0], out[0]


def test_compare_flipped_header_byte_says_rebuild(checkout):
    root, result = checkout
    flip(root / "dataset/claims.parquet", 0)
    out = verify.compare(root, result)
    assert len(out) == 1 and out[0].startswith("dataset/claims.parquet: ")
    assert REBUILD in out[0], out[0]


def test_compare_duplicated_key_in_committed_file(checkout):
    root, result = checkout
    rewrite_rows(root, "operation_agencies", result, lambda rows: rows + rows[:1])
    out = verify.compare(root, result)
    assert out and out[0].startswith("dataset/operation_agencies.parquet: ") and REBUILD in out[0]


def test_compare_invalid_utf8_in_committed_file(checkout):
    root, result = checkout
    table = result.tables["claims"]
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="none", use_dictionary=False, write_statistics=False)
    raw = sink.getvalue()
    needle = table.column("claim_id")[0].as_py().encode()
    assert raw.count(needle) == 1  # test setup
    (root / "dataset/claims.parquet").write_bytes(raw.replace(needle, b"\xff" + needle[1:]))
    out = verify.compare(root, result)
    assert out and out[0].startswith("dataset/claims.parquet: ") and REBUILD in out[0]


# -- crosscheck ---------------------------------------------------------------------------------
# Each mutation computes its target from the built frames (the seeds keep growing), changes one
# thing, and names words that one reported problem must contain.
def frames_of(built) -> dict[str, pd.DataFrame]:
    return {name: df.copy(deep=True) for name, df in built.frames.items()}


def test_crosscheck_clean(built):
    assert check_all(frames_of(built), built.texts) == []


def op_index(f, op_id=LIMA):
    ops = f["operations"]
    return ops.index[ops["operation_id"] == op_id][0]


def claims_for(f, field, op_id=LIMA, **where) -> pd.DataFrame:
    c = f["claims"]
    mask = (c["operation_id"] == op_id) & (c["field"] == field)
    for k, v in where.items():
        mask &= c[k] == v
    return c[mask]


def unsupported(cs: pd.DataFrame) -> int:
    """The smallest count that none of the count claims `cs` supports."""
    pairs = [(int(v), q) for v, q in zip(cs["value"], cs["qualifier"])]
    assert pairs, "test setup: no count claims"
    return next(n for n in range(10**6) if not any(rc.supports(v, q, n) for v, q in pairs))


def unclaimed_org(f, claimed) -> str:
    return next(o for o in f["organizations"]["organization_id"] if o not in set(claimed))


def m_figure_unsupported(f, texts, measure="personnel"):
    value = unsupported(claims_for(f, measure))
    f["operations"].loc[op_index(f), f"{measure}_best"] = value
    return [f"{LIMA}", measure, f"best = {value}", "supported by no claim"]


def m_high_unsupported(f, texts):
    value = unsupported(claims_for(f, "persons_targeted"))
    f["operations"].loc[op_index(f), "persons_targeted_high"] = value
    return [LIMA, "persons_targeted", f"high = {value}", "supported by no claim"]


def m_figure_n_sources(f, texts):
    i = op_index(f)
    n = int(f["operations"].loc[i, "sites_n_sources"]) + 5
    f["operations"].loc[i, "sites_n_sources"] = n
    return [LIMA, "sites", f"n_sources = {n}"]


def m_figure_without_claims(f, texts):
    ops = f["operations"]
    op_id, measure = next((row["operation_id"], m) for row in ops.to_dict("records")
                          for m in vocab.OPERATION_MEASURES if m != "arrested" and row[f"{m}_n_sources"] == 0)
    i = op_index(f, op_id)
    ops.loc[i, [f"{measure}_best", f"{measure}_low", f"{measure}_high"]] = 3
    return [op_id, measure, "best = 3"]


def m_date_outside(f, texts):
    f["operations"].loc[op_index(f), "date_start"] = D(1990, 1, 1)
    return [LIMA, "not within any date claim"]


def m_date_n_sources(f, texts):
    i = op_index(f)
    f["operations"].loc[i, "date_n_sources"] = int(f["operations"].loc[i, "date_n_sources"]) + 3
    return [LIMA, "date_n_sources"]


def m_target_unclaimed(f, texts):
    org = unclaimed_org(f, claims_for(f, "target")["value"])
    f["operations"].loc[op_index(f), "target_organization_id"] = org
    return [LIMA, "target_organization_id has no supporting", org]


def m_arrested_not_sum(f, texts):
    i = op_index(f)
    f["operations"].loc[i, "arrested_best"] = int(f["operations"].loc[i, "arrested_best"]) + 1
    return [LIMA, "arrested_best is not the sum of its arrest groups"]


def arrest_index(f, arrest_id=f"{LIMA}-main"):
    a = f["arrests"]
    return a.index[a["arrest_id"] == arrest_id][0]


def m_arrest_count_unsupported(f, texts):
    value = unsupported(claims_for(f, "arrested", arrest_id=f"{LIMA}-main"))
    f["arrests"].loc[arrest_index(f), "count_best"] = value
    return [f"{LIMA}-main", f"best = {value}", "supported by no claim"]


def m_arrest_affiliation_unclaimed(f, texts):
    org = unclaimed_org(f, claims_for(f, "arrested_affiliation")["value"])
    f["arrests"].loc[arrest_index(f), "affiliation_organization_id"] = org
    return [f"{LIMA}-main", "affiliation_organization_id has no supporting"]


def drop_link_support(table, field, col, sources):
    """Drop one article's claims behind a link row supported by `sources` articles (1 or several)."""
    def mutate(f, texts):
        links = f[table]
        row = links[links["n_sources"] == 1].iloc[0] if sources == 1 else \
            links.sort_values("n_sources").iloc[-1]
        cs = claims_for(f, field, row["operation_id"], value=row[col])
        article = cs["article_id"].iloc[0]
        f["claims"] = f["claims"].drop(index=cs.index[cs["article_id"] == article])
        key = f"{row['operation_id']}/{row[col]}"
        return [key, "has no supporting claim"] if sources == 1 else [key, "n_sources disagrees with the claims"]
    return mutate


def m_role_unclaimed(f, texts):
    links = f["operation_agencies"]
    i = links.index[(links["operation_id"] == LIMA) & (links["agency_id"] == "us-hsi-lima")][0]
    claimed = set(claims_for(f, "agency", value="us-hsi-lima")["role"])
    role = next(r for r in vocab.AGENCY_ROLES if r not in claimed)
    links.loc[i, "role"] = role
    return [f"{LIMA}/us-hsi-lima", f"role {role} is claimed by no source"]


def m_fk_operation(f, texts):
    f["claims"].loc[claims_for(f, "sites").index[0], "operation_id"] = "pe-no-such-operation"
    return ["operation_id refers to operations rows that do not exist", "pe-no-such-operation"]


def set_cell(table, column, value, row=0):
    def mutate(f, texts):
        f[table].loc[f[table].index[row], column] = value
        return [f"<{table}>", column]
    return mutate


def duplicate_row(table):
    def mutate(f, texts):
        f[table] = pd.concat([f[table], f[table].iloc[[0]]], ignore_index=True)
        return [f"<{table}>", f"duplicate primary key {list(TABLES[table].primary_key)}"]
    return mutate


def quoted_claim(f):
    c = f["claims"]
    return c.index[c["quote"].notna()][0]


def m_shift_quote(f, texts):
    i = quoted_claim(f)
    c = f["claims"]
    start, end = int(c.loc[i, "char_start"]), int(c.loc[i, "char_end"])
    text = texts[c.loc[i, "article_id"]]
    assert text[start + 1:end + 1] != c.loc[i, "quote"], "test setup: the shift must change the quoted text"
    c.loc[i, ["char_start", "char_end"]] = [start + 1, end + 1]
    return [c.loc[i, "claim_id"], "quote is not at its offsets"]


def m_char_start(f, texts):
    i = quoted_claim(f)
    c = f["claims"]
    assert int(c.loc[i, "char_start"]) > 0, "test setup"
    c.loc[i, "char_start"] = 0
    return [c.loc[i, "claim_id"], "quote is not at its offsets"]


def m_quote_edited(f, texts):
    i = quoted_claim(f)
    c = f["claims"]
    c.loc[i, "quote"] = c.loc[i, "quote"] + " and more"
    return [c.loc[i, "claim_id"], "quote is not at its offsets"]


def m_offsets_without_quote(f, texts):
    i = quoted_claim(f)
    f["claims"].loc[i, "quote"] = pd.NA
    return ["offsets without a quote", f["claims"].loc[i, "claim_id"]]


CROSS = [
    pytest.param(m_figure_unsupported, id="figure no claim supports"),
    pytest.param(m_high_unsupported, id="high no claim supports"),
    pytest.param(m_figure_n_sources, id="figure n_sources"),
    pytest.param(m_figure_without_claims, id="figure without any claim"),
    pytest.param(m_date_outside, id="date outside every claim"),
    pytest.param(m_date_n_sources, id="date n_sources"),
    pytest.param(m_target_unclaimed, id="target not claimed"),
    pytest.param(m_arrested_not_sum, id="arrested not the sum of groups"),
    pytest.param(m_arrest_count_unsupported, id="arrest count unsupported"),
    pytest.param(m_arrest_affiliation_unclaimed, id="arrest affiliation unclaimed"),
    pytest.param(drop_link_support("operation_agencies", "agency", "agency_id", 1),
                 id="drop the only claim behind an agency row"),
    pytest.param(drop_link_support("operation_agencies", "agency", "agency_id", 2),
                 id="drop one article behind a multi-source agency row"),
    pytest.param(drop_link_support("operation_locations", "location", "location_id", 1),
                 id="drop the only claim behind a location row"),
    pytest.param(drop_link_support("operation_locations", "location", "location_id", 2),
                 id="drop one article behind a multi-source location row"),
    pytest.param(m_role_unclaimed, id="agency role unclaimed"),
    pytest.param(m_fk_operation, id="foreign key claims.operation_id"),
    pytest.param(set_cell("operation_agencies", "agency_id", "no-such-agency"), id="foreign key agency_id"),
    pytest.param(set_cell("claims", "article_id", "no-such-article"), id="foreign key article_id"),
    pytest.param(set_cell("arrests", "location_id", "no-such-place"), id="foreign key arrests.location_id"),
    pytest.param(duplicate_row("agencies"), id="duplicate primary key"),
    pytest.param(duplicate_row("operation_locations"), id="duplicate composite key"),
    pytest.param(set_cell("locations", "location_id", pd.NA, row=-1), id="null primary key"),
    pytest.param(m_shift_quote, id="shift a quote's offsets"),
    pytest.param(m_char_start, id="wrong char_start"),
    pytest.param(m_quote_edited, id="quote text edited"),
    pytest.param(m_offsets_without_quote, id="offsets without a quote"),
]


@pytest.mark.parametrize("mutate", CROSS)
def test_crosscheck_reports(built, mutate):
    frames = frames_of(built)
    words = mutate(frames, built.texts)
    problems = check_all(frames, built.texts)
    assert any(all(w in str(p) for w in words) for p in problems), (words, messages(problems))


def test_crosscheck_quote_needs_archived_text(built):
    text = messages(check_all(frames_of(built), {}))
    assert "quote from an article whose text is not archived" in text


def test_crosscheck_does_not_mutate_its_input(built):
    frames = frames_of(built)
    check_all(frames, built.texts)
    for name, df in frames.items():
        pd.testing.assert_frame_equal(df, built.frames[name])
