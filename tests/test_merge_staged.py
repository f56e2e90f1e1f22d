"""benchmarks/real/merge_staged.py: staged gold is added, scored gold is not recoded silently."""

from __future__ import annotations

import hashlib
import importlib.util

import yaml

from conftest import REPO

_spec = importlib.util.spec_from_file_location("merge_staged", REPO / "benchmarks" / "real" / "merge_staged.py")
merge_staged = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(merge_staged)


def _entry(url: str, text: str, site: str) -> dict:
    return {"url": url, "query": "q", "language": "es", "country": "PE", "report": "single",
            "operations": [], "excerpt": {"sha256": hashlib.sha256(text.encode()).hexdigest(), "chars": len(text),
                                          "first_words": text[:10]},
            "gold": {"sites": [{"id": site, "name": site}], "agencies": [], "action_date": None, "figures": []}}


def _setup(tmp_path, staged_entries, gold_entries):
    staging = tmp_path / "staging"
    (staging / "cov-x").mkdir(parents=True)
    (staging / "textcache").mkdir()
    for e, text in staged_entries:
        (staging / "textcache" / f"{e['excerpt']['sha256']}.txt").write_text(text, encoding="utf-8")
    (staging / "cov-x" / "eval.yaml").write_text(yaml.safe_dump([e for e, _ in staged_entries]), encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"note": "n", "entries": gold_entries}), encoding="utf-8")
    return staging, gold


def _sites(gold):
    return {e["url"]: e["gold"]["sites"][0]["id"] for e in yaml.safe_load(gold.read_text())["entries"]}


def test_an_entry_already_in_gold_is_kept_unless_replace_is_asked(tmp_path, capsys):
    scored = _entry("https://a.pe/1", "texto uno", "pe-lima")
    recoded = _entry("https://a.pe/1", "texto uno", "pe-callao")
    new = _entry("https://a.pe/2", "texto dos", "pe-lima")
    staging, gold = _setup(tmp_path, [(recoded, "texto uno"), (new, "texto dos")], [scored])
    args = ["--staging", str(staging), "--gold", str(gold), "--cache", str(tmp_path / "cache")]
    assert merge_staged.main(args) == 0
    assert _sites(gold) == {"https://a.pe/1": "pe-lima", "https://a.pe/2": "pe-lima"}
    assert "1 new, 0 updated" in capsys.readouterr().out
    assert merge_staged.main(args + ["--replace"]) == 0
    assert _sites(gold)["https://a.pe/1"] == "pe-callao"
