"""The curation log's arithmetic and its use of the draft a curator actually saw."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("curation_log", REPO / "benchmarks" / "curation_log.py")
curation_log = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(curation_log)

values = st.sets(st.integers(0, 12), max_size=8)


@given(values, values)
def test_counts_account_for_every_drafted_and_curated_value(drafted, curated):
    c = curation_log.compare(drafted, curated)
    assert min(c.values()) >= 0
    assert c["kept"] + c["changed"] + c["removed"] == len(drafted)
    assert c["kept"] + c["changed"] + c["added"] == len(curated)


def test_golden_counts():
    # drafted {1,2,3}, curated {1,4}: 1 kept; 2 and 3 are extra, 4 missing -> one change, one removal
    assert curation_log.compare({1, 2, 3}, {1, 4}) == {"kept": 1, "changed": 1, "removed": 1, "added": 0}


def test_a_saved_draft_is_compared_not_a_redraft(tmp_path):
    """A staged article drafted before curation is logged from its saved draft (draft_first: true)."""
    stage = tmp_path / "cov-x"
    (stage / "seeds" / "articles").mkdir(parents=True)
    (stage / "seeds" / "claims").mkdir(parents=True)
    (stage / "drafts").mkdir()
    url = "https://example.org/2025/01/02/invented-report"
    (stage / "seeds" / "articles" / "ex-invented.md").write_text(f"---\nurl: {url}\n---\n", encoding="utf-8")
    (stage / "seeds" / "claims" / "ex-invented.yaml").write_text(
        "claims:\n- {field: arrested, value: 7}\n- {field: arrested, value: 9}\n", encoding="utf-8")
    (stage / "drafts" / "ex-invented.json").write_text(json.dumps(
        {"article": "ex-invented", "url": url, "claims": [{"field": "arrested", "value": "7"},
                                                          {"field": "arrested", "value": "5"}]}), encoding="utf-8")
    out = tmp_path / "log.jsonl"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "curation_log.py"), "--staging", str(tmp_path),
                          "--out", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = [r for r in rows if r["url"] == url]
    assert len(mine) == 1 and mine[0]["draft_first"] is True
    assert mine[0]["fields"]["figures"] == {"kept": 1, "changed": 1, "removed": 0, "added": 0}
    assert "Drafted BEFORE curation (" in run.stdout  # the repository's own saved drafts are counted too
