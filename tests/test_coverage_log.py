"""The screening log (seeds/coverage/queries.yaml): reading, reach and saturation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from tco_ops.build import coverage

ENTRY = """\
- query: "desarticulan Tren de Aragua Ecuador"
  language: es
  country: EC
  form: desarticulan
  year: 2023
  run: 2026-11-27
  screened: 8
  yielded: [ec-2023-09-29-tulcan]
  also_found: []
  excluded:
    - {url: "https://example.org/a", reason: "background piece, no specific action"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "seeds" / "coverage"
    folder.mkdir(parents=True)
    (folder / "queries.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "seeds"


def test_reads_a_valid_entry(tmp_path):
    problems = []
    queries = coverage.read_log(_write(tmp_path, ENTRY), problems)
    assert problems == []
    assert len(queries) == 1
    q = queries[0]
    assert (q.country, q.form, q.year, q.screened) == ("EC", "desarticulan", 2023, 8)
    assert q.run == dt.date(2026, 11, 27)
    assert q.yielded == ["ec-2023-09-29-tulcan"]
    assert q.excluded == [("https://example.org/a", "background piece, no specific action")]


def test_missing_log_is_none_and_reach_check_says_to_add_it(tmp_path):
    (tmp_path / "seeds").mkdir()
    assert coverage.read_log(tmp_path / "seeds", []) is None
    problems = coverage.check_reached(None, ["x-1"])
    assert len(problems) == 1 and "no screening log" in problems[0].message


@pytest.mark.parametrize("bad, needle", [
    pytest.param(ENTRY.replace("form: desarticulan", "form: desarticulam"), "form", id="form typo"),
    pytest.param(ENTRY.replace("screened: 8", "screened: many"), "screened", id="screened not int"),
    pytest.param(ENTRY.replace("year: 2023", "year: 2017"), "year", id="year before period"),
    pytest.param(ENTRY.replace("run: 2026-11-27", "run: 2999-01-01"), "run", id="run in future"),
    pytest.param(ENTRY.replace("country: EC", "country: ecu"), "country", id="country code"),
    pytest.param(ENTRY.replace("language: es", "language: Spanish"), "language", id="language name"),
    pytest.param(ENTRY.replace("screened: 8", "screened: 8\n  notes: x"), "unknown key", id="notes typo"),
    pytest.param(ENTRY.replace("yielded:", "yeilded:"), "unknown key", id="key typo"),
    pytest.param(ENTRY.replace("ec-2023-09-29-tulcan", "EC 2023"), "yielded", id="id not slug"),
    pytest.param(ENTRY.replace("reason: \"background piece, no specific action\"", "why: x"), "reason",
                 id="exclusion without reason"),
])
def test_bad_entries_are_reported_with_line_and_fix(tmp_path, bad, needle):
    problems = []
    coverage.read_log(_write(tmp_path, bad), problems)
    assert problems, "a bad entry must be reported"
    p = problems[0]
    assert p.file == "seeds/coverage/queries.yaml" and p.line and p.line >= 1
    assert needle in (p.message + p.fix)
    assert p.fix


def test_a_language_without_a_two_letter_code_takes_its_iso_639_3_code(tmp_path):
    # Papiamento (Curaçao) has no ISO 639-1 code; a query in it was refused, and logging it as Dutch would be false.
    problems = []
    queries = coverage.read_log(_write(tmp_path, ENTRY.replace("language: es", "language: pap")), problems)
    assert problems == [] and queries[0].language == "pap"


def test_not_a_list_is_refused(tmp_path):
    problems = []
    assert coverage.read_log(_write(tmp_path, "query: x\n"), problems) == []
    assert "must be a list" in problems[0].message


def _q(line, country, yielded=(), also=()):
    return coverage.Query(line, "q", "es", country, "raids", None, dt.date(2026, 11, 27), 5,
                          list(yielded), list(also), [])


def test_reach_finds_unreached_unknown_and_double_first_finds():
    log = [_q(1, "EC", ["a-1"]), _q(2, "EC", ["a-1"], ["b-2x"]), _q(3, "CO", [], ["a-1"])]
    problems = coverage.check_reached(log, ["a-1", "b-2", "c-3"])
    messages = sorted((p.message, p.value) for p in problems)
    assert ("an operation is not reached by any logged query", "b-2") in messages
    assert ("an operation is not reached by any logged query", "c-3") in messages
    assert ("the log names an operation that does not exist", "b-2x") in messages
    assert any(m.startswith("operation first found again") for m, _ in messages)
    unknown = next(p for p in problems if p.value == "b-2x")
    assert "did you mean 'b-2'" in unknown.fix


def test_reach_is_clean_when_every_operation_is_logged():
    log = [_q(1, "EC", ["a-1"]), _q(2, "EC", [], ["a-1", "b-2"]), _q(3, "EC", ["b-2x"])]
    assert coverage.check_reached(log, ["a-1", "b-2", "b-2x"]) == []


@given(st.lists(st.tuples(st.sampled_from(["CO", "EC", "US"]), st.integers(0, 3)), max_size=120))
def test_curves_count_every_new_operation_once(entries):
    log, n = [], 0
    for i, (country, k) in enumerate(entries):
        log.append(_q(i + 1, country, [f"op-{n + j}" for j in range(k)]))
        n += k
    curves = {c.country: c for c in coverage.curves(log)}
    assert sum(c.operations for c in curves.values()) == n
    for country, c in curves.items():
        new = [len(q.yielded) for q in log if q.country == country]
        assert c.queries == len(new)
        assert sum(c.per_window) == sum(new)
        assert len(c.per_window) == -(-len(new) // coverage.WINDOW)
        # saturated exactly when the last SATURATION_RUN queries of the country found nothing
        assert c.saturated == (len(new) >= coverage.SATURATION_RUN and not any(new[-coverage.SATURATION_RUN:]))


def test_render_curves_golden():
    log = [_q(i + 1, "EC", ["x-%d" % i] if i < 3 else []) for i in range(25)]
    assert coverage.render_curves(log).splitlines()[2] == "| EC | 25 | 3 | 3, 0, 0 | 22 | yes |"


def test_note_and_a_query_for_no_one_country_are_accepted(tmp_path):
    text = ENTRY.replace("country: EC", "country: null").replace("screened: 8", "screened: 8\n  note: redacted")
    problems = []
    queries = coverage.read_log(_write(tmp_path, text), problems)
    assert problems == [] and queries[0].country is None
    assert coverage.curves(queries)[0].country == coverage.MULTI_COUNTRY


REPO = Path(__file__).resolve().parents[1]


def test_every_published_operation_is_reached_from_the_real_log():
    problems = []
    queries = coverage.read_log(REPO / "seeds", problems)
    assert queries, "seeds/coverage/queries.yaml must exist and hold the screening log"
    assert problems == []
    operations = sorted(p.stem for p in (REPO / "seeds" / "operations").glob("*.yaml"))
    assert coverage.check_reached(queries, operations) == []


def test_the_build_refuses_an_operation_the_log_does_not_reach(tmp_path):
    import shutil

    from tco_ops.build.pipeline import build
    from tco_ops.errors import BuildError

    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    log = seeds / "coverage" / "queries.yaml"
    text = log.read_text(encoding="utf-8")
    target = "pe-2025-06-la-guerrilla-pobre"
    assert text.count(f"- {target}\n") >= 1, "test setup: the id is logged"
    log.write_text(text.replace(f"  - {target}\n", ""), encoding="utf-8")  # every mention: yielded and also_found
    with pytest.raises(BuildError) as err:
        build(seeds, jobs=1)
    assert any(p.value == target and "not reached" in p.message for p in err.value.problems)


def test_the_protocols_saturation_table_is_the_logs():
    doc = (REPO / "docs" / "coverage.md").read_text(encoding="utf-8")
    published = doc.split("<!-- generated by: tco-ops coverage -->\n", 1)[1].split("<!-- end generated -->", 1)[0]
    assert published == coverage.render_curves(coverage.read_log(REPO / "seeds", []))
