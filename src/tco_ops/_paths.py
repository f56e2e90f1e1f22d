"""Where the published data lives: inside the installed wheel, else the checkout.

A wheel carries it at tco_ops/data/ (hatchling force-include); an editable
install does not, so fall back to the repository root above src/.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import DataNotFoundError

_PACKAGE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def data_dir() -> Path:
    for candidate in (_PACKAGE / "data", _PACKAGE.parent.parent):
        if (candidate / "datapackage.json").is_file() and (candidate / "dataset").is_dir():
            return candidate
    raise DataNotFoundError(
        "tco-ops cannot find its data (datapackage.json and dataset/). In a checkout, run "
        "`tco-ops build` at the repository root; otherwise reinstall the package: pip install --force-reinstall tco-ops")


def checkout_root(start: Path | None = None) -> Path:
    """The repository root: the nearest folder at or above `start` with seeds/ and pyproject.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "seeds").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    raise DataNotFoundError(f"no tco-ops checkout (a folder with seeds/ and pyproject.toml) at or above {here}; "
                            "run this command inside the repository")
