from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_ARTICLE = "andina-en-1018187"
LIMA = "pe-2025-02-07-lima-pnp-hsi"
OUTPUTS = ("dataset", "schema", "datapackage.json", "CONFLICTS.md")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def built():
    """The dataset built in memory from the real seeds/ (never written)."""
    from tco_ops.build.pipeline import build

    return build(REPO / "seeds")


@pytest.fixture
def mini_repo(tmp_path: Path) -> Path:
    """A throwaway checkout holding only the seed article, its claims and the reference files,
    built once so that tests can check a failed build leaves the outputs untouched."""
    from tco_ops.cli import main

    root = tmp_path / "repo"
    (root / "seeds").mkdir(parents=True)
    for name in ("pyproject.toml", "CITATION.cff", "CHANGELOG.md"):
        shutil.copy(REPO / name, root / name)
    for sub, name in (("articles", f"{SEED_ARTICLE}.md"), ("claims", f"{SEED_ARTICLE}.yaml")):
        (root / "seeds" / sub).mkdir()
        shutil.copy(REPO / "seeds" / sub / name, root / "seeds" / sub / name)
    (root / "seeds" / "operations").mkdir()
    (root / "seeds" / "operations" / f"{LIMA}.yaml").write_text(
        "kind: raid\nsummary: Joint PNP and HSI raids in Lima.\n", encoding="utf-8")
    shutil.copytree(REPO / "seeds" / "reference", root / "seeds" / "reference")
    assert main(["build", "--root", str(root)]) == 0
    return root


def snapshot(root: Path) -> dict[str, str]:
    """SHA-256 of every generated file under `root`."""
    out = {}
    for name in OUTPUTS:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.is_file():
                out[f.relative_to(root).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def copy_installed_data(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the installed data under tmp_path, which the loader, export and the CLI then read
    instead of the real one (so a test may damage it)."""
    from tco_ops import _paths, integrity

    src = _paths.data_dir()
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(src / "datapackage.json", folder / "datapackage.json")
    for sub in ("dataset", "schema"):
        shutil.copytree(src / sub, folder / sub)
    monkeypatch.setattr(_paths, "data_dir", lambda: folder)
    integrity.forget()
    return folder
