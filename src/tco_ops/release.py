"""`tco-ops release`: the versioned artifacts of a release, and its registry entry.

dist/ receives the data zip, every table as its own asset, datapackage.json,
SHA256SUMS and the id change summary. The registry entry
(src/tco_ops/registry/<version>.json) records every file's SHA-256 and size; it
is written once and never changes: a different build under a released version
number is refused, so a release never changes under its users.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from ._version import __version__
from .errors import TcoOpsError, VerificationError
from .registry import known_versions, previous_version, registry

ZIP_NAME = "tco-ops-data-{version}.zip"
SITE_ZIP_NAME = "tco-ops-site-{version}.zip"  # the static site (tco_ops.site), built from the same tables
# Tables whose rows are entities with stable ids: the change summary tracks each id.
ID_TABLES = ("articles", "agencies", "locations", "organizations", "series", "operations", "arrests", "seizures",
             "decisions")
REGISTRY_DIR = Path(__file__).resolve().parent / "registry"


def _digest(data: bytes) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def changelog_section(text: str, version: str) -> str:
    match = re.search(rf"^## \[{re.escape(version)}\].*?(?=^## \[|\Z)", text, flags=re.M | re.S)
    if not match:
        raise TcoOpsError(f"CHANGELOG.md has no section `## [{version}] - YYYY-MM-DD`; add one before releasing")
    return match.group(0).rstrip() + "\n"


def release_date(root: Path) -> str:
    import yaml

    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return str(cff["date-released"])


def check_versions(root: Path) -> list[str]:
    """The version must be the same in the package, datapackage.json, CITATION.cff and CHANGELOG.md."""
    import yaml

    found = {"src/tco_ops/_version.py": __version__}
    pkg = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    found["datapackage.json"] = pkg.get("version")
    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    found["CITATION.cff version"] = str(cff.get("version"))
    found["CITATION.cff preferred-citation"] = str(cff.get("preferred-citation", {}).get("version"))
    top = re.search(r"^## \[([^\]]+)\]", (root / "CHANGELOG.md").read_text(encoding="utf-8"), flags=re.M)
    found["CHANGELOG.md (latest section)"] = top.group(1) if top else None
    return [f"{where} says {v!r}, the package says {__version__!r}" for where, v in found.items() if v != __version__]


def _zip(members: dict[str, bytes], date: str) -> bytes:
    """Deterministic: sorted members, fixed timestamps and permissions."""
    year, month, day = (int(p) for p in date.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine releases it
            zf.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def table_ids(tables) -> dict:
    """Rows per table; for entity tables, a short hash of each row by id (for change summaries)."""
    from .schema import TABLES

    out = {}
    for name, table in tables.items():
        entry = {"rows": table.num_rows}
        if name in ID_TABLES:
            key = TABLES[name].primary_key[0]
            entry["ids"] = {
                row[key]: hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()[:12]
                for row in table.to_pylist()}
        out[name] = entry
    return out


def change_summary(version: str, tables: dict, previous: dict | None) -> str:
    lines = [f"# Changes in {version}", ""]
    if previous is None:
        lines += ["First release: every id is new.", "", "| table | rows |", "|---|---:|"]
        lines += [f"| {name} | {info['rows']} |" for name, info in tables.items()]
        return "\n".join(lines) + "\n"
    lines += [f"Compared with {previous['version']} (ids added, changed or retired; ids are never reused).", "",
              "| table | rows | added | changed | retired |", "|---|---:|---|---|---|"]
    for name, info in tables.items():
        before = previous.get("tables", {}).get(name, {})
        if "ids" not in info:
            lines.append(f"| {name} | {before.get('rows', 0)} → {info['rows']} | | | |")
            continue
        old, new = before.get("ids", {}), info["ids"]
        added = sorted(set(new) - set(old))
        retired = sorted(set(old) - set(new))
        changed = sorted(k for k in set(new) & set(old) if new[k] != old[k])
        fmt = lambda ids: ", ".join(f"`{i}`" for i in ids) or "—"  # noqa: E731
        lines.append(f"| {name} | {before.get('rows', 0)} → {info['rows']} | {fmt(added)} | {fmt(changed)} | "
                     f"{fmt(retired)} |")
    return "\n".join(lines) + "\n"


def artifacts(root: Path, result, site: bool = False) -> tuple[dict[str, bytes], dict]:
    """(dist files by name, registry entry) for the current version, from a fresh build.

    site=True adds the static site zip, rendered from the published files in `root`
    (release() has checked that they are what `result` builds)."""
    version, date = __version__, release_date(root)
    members = {rel: data for rel, data in result.files.items()
               if rel == "datapackage.json" or rel.startswith(("dataset/", "schema/"))}
    for extra in ("CITATION.cff", "LICENSE", "LICENSE-DATA"):
        members[extra] = (root / extra).read_bytes()
    members["CHANGELOG.md"] = changelog_section((root / "CHANGELOG.md").read_text(encoding="utf-8"),
                                                version).encode("utf-8")
    tables = table_ids(result.tables)
    prev_version = previous_version(version)
    changes = change_summary(version, tables, registry(prev_version) if prev_version else None).encode("utf-8")
    members["CHANGES.md"] = changes
    assets = {ZIP_NAME.format(version=version): _zip(members, date),
              "datapackage.json": members["datapackage.json"], f"CHANGES-{version}.md": changes}
    for rel, data in members.items():
        if rel.startswith("dataset/"):
            assets[rel.removeprefix("dataset/")] = data
    if site:
        from .site import render, zip_bytes

        data_assets = {n: _digest(d) for n, d in sorted(assets.items())}
        assets[SITE_ZIP_NAME.format(version=version)] = zip_bytes(
            render(root, data_assets, "this release's files"), date)
    sums = "".join(f"{hashlib.sha256(assets[n]).hexdigest()}  {n}\n" for n in sorted(assets))
    assets["SHA256SUMS"] = sums.encode("ascii")
    entry = {"version": version, "date": date,
             "assets": {n: _digest(d) for n, d in sorted(assets.items())},
             "zip_members": {n: _digest(d) for n, d in sorted(members.items())},
             "tables": tables}
    return assets, entry


def _registry_bytes(entry: dict) -> bytes:
    return (json.dumps(entry, indent=1, sort_keys=True) + "\n").encode("utf-8")


def owns_registry(root: Path) -> bool:
    """True when `root` is the checkout whose src/ holds this package's registry.

    Only there does "the files must equal the release" apply: a copy, a synthetic
    corpus or a fork under test builds other data under the same version number.
    """
    return (root / "src" / "tco_ops" / "registry").resolve() == REGISTRY_DIR.resolve()


def data_part(entry: dict) -> dict:
    """A registry entry without the site zip and SHA256SUMS (which lists it): what the data promise covers.

    The site is a view of the data; its bytes follow the site code, so a later
    change to the pages must not make the released data look changed."""
    site = SITE_ZIP_NAME.format(version=entry.get("version"))
    return {**entry, "assets": {n: m for n, m in entry.get("assets", {}).items() if n not in (site, "SHA256SUMS")}}


def check_registry(root: Path, result) -> list[str]:
    """If the current version was released, the files must be exactly what was released."""
    if __version__ not in known_versions():
        return []
    _, entry = artifacts(root, result)
    if data_part(entry) != data_part(registry(__version__)):
        released = registry(__version__)
        differ = sorted(n for n in set(entry["zip_members"]) | set(released["zip_members"])
                        if entry["zip_members"].get(n) != released["zip_members"].get(n))
        return [f"version {__version__} was already released with different files ({', '.join(differ)}); "
                "a release never changes: bump the version (src/tco_ops/_version.py, CITATION.cff, CHANGELOG.md) "
                "and run `tco-ops build`"]
    return []


def release(root: Path, result, out: Path) -> tuple[list[Path], Path]:
    from .build.verify import compare

    problems = check_versions(root) + compare(root, result)
    if problems:
        raise VerificationError("cannot release:\n- " + "\n- ".join(problems))
    assets, entry = artifacts(root, result, site=True)
    reg_path = REGISTRY_DIR / f"{__version__}.json"
    data = _registry_bytes(entry)
    if reg_path.exists() and reg_path.read_bytes() != data:
        raise VerificationError(check_registry(root, result)[0] if check_registry(root, result)
                                else f"{reg_path} differs from this release; bump the version")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, blob in sorted(assets.items()):
        path = out / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(blob)
        tmp.replace(path)
        written.append(path)
    if not reg_path.exists():
        reg_path.write_bytes(data)
    return written, reg_path
