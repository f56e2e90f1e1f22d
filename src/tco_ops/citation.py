"""Citations of the installed release, generated from CITATION.cff."""

from __future__ import annotations

from pathlib import Path

from . import _paths
from .errors import DataNotFoundError, UsageError

FORMATS = ("bibtex", "apa", "cff")


def citation_file(folder: Path | None = None) -> Path:
    path = (folder or _paths.data_dir()) / "CITATION.cff"
    if not path.is_file():
        raise DataNotFoundError(f"CITATION.cff not found at {path}; reinstall tco-ops")
    return path


def citation(folder: Path | None = None) -> dict:
    import yaml

    return yaml.safe_load(citation_file(folder).read_text(encoding="utf-8"))


# Proper names BibTeX styles must not lower-case ("Tren de Aragua" would become "tren de aragua").
PROPER_NAMES = ("Tren de Aragua",)


def protect(text: str) -> str:
    """Brace-protect the proper names in a BibTeX field."""
    for name in PROPER_NAMES:
        text = text.replace(name, "{" + name + "}")
    return text


def cite(format: str = "bibtex", folder: Path | None = None) -> str:
    if format not in FORMATS:
        raise UsageError(f"Unknown citation format {format!r}; use one of: {', '.join(FORMATS)}")
    if format == "cff":
        return citation_file(folder).read_text(encoding="utf-8")
    cff = citation(folder)
    pref = cff.get("preferred-citation", cff)
    version = str(pref.get("version", cff["version"]))
    released = str(pref.get("date-released", cff["date-released"]))
    year = released[:4]
    authors = [a.get("name") or " ".join(filter(None, [a.get("given-names"), a.get("family-names")]))
               for a in pref.get("authors", cff["authors"])]
    title, url = pref["title"], pref.get("url", cff.get("url"))
    licence = pref.get("license", cff.get("license"))
    doi = pref.get("doi") or cff.get("doi")  # set once the release has one (Zenodo, .zenodo.json)
    if format == "apa":
        return f"{', '.join(authors)}. ({year}). {title} (Version {version}) [Data set]. " + (
            f"https://doi.org/{doi}" if doi else str(url))
    key = "tco_ops_" + version.replace(".", "_")
    author = " and ".join("{" + a + "}" for a in authors)
    return "\n".join([
        f"@misc{{{key},",
        f"  title = {{{protect(title)}}},",
        f"  author = {{{author}}},",
        f"  year = {{{year}}},",
        f"  version = {{{version}}},",
        f"  howpublished = {{\\url{{{url}}}}},",
        *([f"  doi = {{{doi}}},"] if doi else []),
        f"  note = {{{protect(f'Dataset, version {version}, released {released}. Licence: {licence}')}}},",
        "}",
    ])
