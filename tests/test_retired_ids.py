"""Operations retired between releases: each is explained, and no id comes back.

A released operation id that leaves the record (a re-screen finds it out of scope, a
duplicate is merged) must be named in seeds/EXCLUDED.md with its reason, so a user who
cited it can learn why it went; and ids are never reused, so an id missing from one
release must not reappear in a later one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, strategies as st

from conftest import REPO

REGISTRY = REPO / "src" / "tco_ops" / "registry"


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in path.stem.split("."))


def _released_operation_ids() -> list[tuple[str, set[str]]]:
    out = []
    for path in sorted(REGISTRY.glob("*.json"), key=_version_key):
        entry = json.loads(path.read_text(encoding="utf-8"))
        out.append((entry["version"], set(entry["tables"]["operations"]["ids"])))
    return out


def _current_operation_ids() -> set[str]:
    return {p.stem for p in (REPO / "seeds" / "operations").glob("*.yaml")}


def retired_without_reason(released: list[tuple[str, set[str]]], current: set[str], excluded_text: str) -> list[str]:
    """Released ids absent from the record whose id EXCLUDED.md does not name on a line with a reason."""
    named = {m.group(1) for m in re.finditer(r"^\|\s*([a-z]{2}-[0-9a-z-]+)\s*\|\s*[^|\s]", excluded_text, re.M)}
    gone = set().union(*(ids for _, ids in released)) - current if released else set()
    return sorted(gone - named)


def reused_ids(released: list[tuple[str, set[str]]], current: set[str]) -> list[str]:
    """Ids present in some release, absent from a later one, and present again after that (or now)."""
    seen, gone, back = set(), set(), set()
    for _, ids in released + [("current", current)]:
        back |= ids & gone
        gone |= seen - ids
        seen |= ids
    return sorted(back)


def test_every_retired_operation_is_explained_in_excluded_md():
    released = _released_operation_ids()
    assert released, "no release registry found"
    missing = retired_without_reason(released, _current_operation_ids(),
                                     (REPO / "seeds" / "EXCLUDED.md").read_text(encoding="utf-8"))
    assert missing == [], (f"released operations no longer in seeds/operations/ and not explained in seeds/EXCLUDED.md: "
                           f"{missing}; add a table row '| <id> | <why> |' under a section for this release")


def test_no_retired_operation_id_comes_back():
    assert reused_ids(_released_operation_ids(), _current_operation_ids()) == []


def test_the_checks_catch_an_unexplained_retirement_and_a_reused_id():
    released = [("0.1.0", {"us-a", "us-b"}), ("0.2.0", {"us-b"})]
    assert retired_without_reason(released, {"us-b"}, "") == ["us-a"]
    assert retired_without_reason(released, {"us-b"}, "| us-a | a routine stop |\n") == []
    assert retired_without_reason(released, {"us-b"}, "| us-a |  |\n") == ["us-a"]
    assert reused_ids(released, {"us-a", "us-b"}) == ["us-a"]
    assert reused_ids(released, {"us-b"}) == []


_ids = st.sets(st.sampled_from([f"us-{n}" for n in range(8)]))


@given(st.lists(_ids, min_size=1, max_size=5))
def test_a_record_that_only_grows_reuses_nothing(steps):
    released, acc = [], set()
    for n, ids in enumerate(steps):
        acc |= ids
        released.append((f"0.{n}.0", set(acc)))
    assert reused_ids(released[:-1], released[-1][1]) == []


@given(st.lists(_ids, min_size=2, max_size=5), _ids)
def test_a_reused_id_was_released_then_missing_then_present(steps, current):
    released = [(f"0.{n}.0", ids) for n, ids in enumerate(steps)]
    sets = [ids for _, ids in released] + [current]
    for oid in reused_ids(released, current):
        first = next(i for i, ids in enumerate(sets) if oid in ids)
        gap = next(i for i in range(first + 1, len(sets)) if oid not in sets[i])
        assert any(oid in ids for ids in sets[gap + 1:])
