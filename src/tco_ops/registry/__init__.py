"""The release registry: SHA-256 and size of every file of every released version.

One JSON file per release, `registry/<version>.json`, written by `tco-ops release`
and never edited afterwards (a release never changes under you):

    {
      "version": "0.1.0",
      "date": "2026-11-27",
      "assets": {                      # files attached to the release, by name
        "tco-ops-data-0.1.0.zip": {"sha256": "...", "size": 12345},
        "datapackage.json": {...}, "operations.parquet": {...}, ..., "SHA256SUMS": {...}
      },
      "zip_members": {                 # what the zip holds, path → hash and size
        "datapackage.json": {...}, "dataset/operations.parquet": {...}, "CITATION.cff": {...}, ...
      },
      "tables": {                      # per table: rows, and row hashes for entity tables
        "operations": {"rows": 26, "ids": {"pe-...": "1a2b3c4d", ...}}, ...
      }
    }
"""

from __future__ import annotations

import json
import re
from importlib import resources

from ..errors import DataNotFoundError

_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def known_versions() -> list[str]:
    """Released versions, oldest first."""
    names = [p.name.removesuffix(".json") for p in resources.files(__name__).iterdir() if p.name.endswith(".json")]
    return sorted((n for n in names if _VERSION.match(n)), key=_key)


def registry(version: str) -> dict:
    """The registry entry of one released version; an unknown version lists the known ones."""
    if not _VERSION.match(str(version)) or version not in known_versions():
        known = ", ".join(known_versions()) or "none yet"
        raise DataNotFoundError(f"Unknown release {version!r}. Known releases: {known}. "
                                "Upgrade tco-ops (pip install -U tco-ops) to see newer releases.")
    return json.loads(resources.files(__name__).joinpath(f"{version}.json").read_text(encoding="utf-8"))


def previous_version(version: str) -> str | None:
    """The latest released version before `version`, if any."""
    older = [v for v in known_versions() if _key(v) < _key(version)]
    return older[-1] if older else None
