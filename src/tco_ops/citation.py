"""Citations of the installed release, generated from CITATION.cff."""

from __future__ import annotations

from pathlib import Path

from . import _paths
from .errors import DataIntegrityError, DataNotFoundError, UsageError

FORMATS = ("bibtex", "apa", "cff")


def citation_file(folder: Path | None = None) -> Path:
    path = (folder or _paths.data_dir()) / "CITATION.cff"
    if not path.is_file():
        raise DataNotFoundError(f"CITATION.cff not found at {path}; reinstall tco-ops")
    return path


def citation(folder: Path | None = None) -> dict:
    import yaml

    path = citation_file(folder)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataIntegrityError(f"{path} is not readable YAML ({_first_line(exc)}); {_FIX}") from None
    if not isinstance(data, dict):
        raise DataIntegrityError(f"{path} is not a CITATION.cff (a YAML mapping of keys); {_FIX}")
    return data


_FIX = "restore it: `git checkout CITATION.cff` in a checkout, else pip install --force-reinstall tco-ops"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


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
        path = citation_file(folder)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataIntegrityError(f"{path} is not readable UTF-8 text ({_first_line(exc)}); {_FIX}") from None
    cff = citation(folder)
    try:
        return _format(cff, format)
    except (KeyError, TypeError, AttributeError) as exc:  # a key missing, or of the wrong shape
        raise DataIntegrityError(f"{citation_file(folder)} lacks what a citation needs ({type(exc).__name__}: "
                                 f"{exc}); {_FIX}") from None


def _format(cff: dict, format: str) -> str:
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
