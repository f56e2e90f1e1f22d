"""One source, one figure: two different values for the same figure in one claims file are published as a
conflict, so they must be a real contradiction inside that source, never parts of one total.

Golden: the contradictions curated so far. A new one fails here until a curator confirms it is a
contradiction (add it below) or sums its parts into one claim (seeds/README.md).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import yaml

from tco_ops import vocab

REPO = Path(__file__).resolve().parents[1]
KEY_PARTS = ("group", "item", "unit", "drug", "side", "nationality")

CONTRADICTIONS = {
    ("dancefm-tren-de-aragua-arica-17-detenidos", "arrested"): {11, 17},  # headline 17, body 11
    ("firstpost-13861331", "victims_rescued"): {84, 123},  # embassy's figure against the police's
    ("fmplus-mega-operativo-cerro-chuno-arica", "personnel"): {200, 250},  # syndicated text against the PDI
}


def within_source_differences(claims_dir: Path) -> dict[tuple[str, str], set[int]]:
    out = {}
    for path in sorted(claims_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        values = defaultdict(set)
        for c in data.get("claims") or []:
            if c.get("field") in vocab.COUNT_FIELDS:
                key = (c.get("operation", data.get("operation")), c["field"], *(c.get(k) for k in KEY_PARTS))
                values[key].add(c["value"])
        for key, vals in values.items():
            if len(vals) > 1:
                out[(path.stem, key[1])] = vals
    return out


def test_every_figure_a_source_gives_twice_is_a_curated_contradiction():
    assert within_source_differences(REPO / "seeds" / "claims") == CONTRADICTIONS


def test_parts_of_one_seizure_are_caught(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "operation: pe-2099-01-01-x\nclaims:\n"
        "- {field: seized, item: firearms, unit: items, value: 3, note: rifles}\n"
        "- {field: seized, item: firearms, unit: items, value: 8, note: pistols}\n", encoding="utf-8")
    assert within_source_differences(tmp_path) == {("x", "seized"): {3, 8}}


def test_summed_parts_are_published_as_one_seizure():
    """Golden: seizures whose parts one source listed apart (0.3.0 fix; before, the larger part was published
    as a conflict with the smaller, e.g. 8 firearms for three rifles and eight pistols)."""
    import tco_ops

    seizures = tco_ops.load("seizures").set_index("seizure_id")
    expected = {
        "pe-2018-08-03-independencia-plaza-norte-firearms-items": 3,
        "pe-2022-11-10-los-gallegos-lima-firearms-items": 11,
        "us-2024-12-houston-precinct1-drug-bust-drugs-synthetic-kg": 14,
        "co-2025-12-15-bogota-crypto-laundering-arrests-other-items": 10,
        "co-2026-01-villa-del-rosario-gaula-militar-drugs-marijuana-g": 369,
    }
    for seizure_id, best in expected.items():
        row = seizures.loc[seizure_id]
        assert (int(row["quantity_best"]), bool(row["quantity_conflict"])) == (best, False), seizure_id
    assert "cl-2023-08-alto-hospicio-operacion-cava-drugs-marijuana-kg" not in seizures.index  # one unit, one row
