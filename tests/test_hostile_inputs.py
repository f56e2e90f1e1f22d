"""Issue 10, sections 2, 4, 6 and 7: seeds that used to build silently wrong, hang, or bury their cause.

Each case failed on the code before the fix (a silent build, a hang, a traceback,
or an unreadable flood of problems); each now fails with file, line and fix.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import LIMA, REPO, SEED_ARTICLE
from tco_ops.build import inputs
from tco_ops.build.pipeline import build
from tco_ops.cli import main
from tco_ops.errors import BuildError, Problem, TcoOpsError

ARTICLE = f"seeds/articles/{SEED_ARTICLE}.md"
CLAIMS = f"seeds/claims/{SEED_ARTICLE}.yaml"
AGENCIES = "seeds/reference/agencies.yaml"


def problems_of(root: Path) -> BuildError:
    with pytest.raises(BuildError) as exc:
        build(root / "seeds", jobs=1)
    return exc.value


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# -- §2 every entry under seeds/ is read or refused --------------------------------------
RENAMES = [  # (from, to, words the refusal must contain)
    pytest.param(CLAIMS, f"seeds/claims/{SEED_ARTICLE}.yml", [f"rename it to {SEED_ARTICLE}.yaml"], id=".yml"),
    pytest.param(CLAIMS, f"seeds/claims/{SEED_ARTICLE}.YAML", [f"rename it to {SEED_ARTICLE}.yaml"], id=".YAML"),
    pytest.param(CLAIMS, f"seeds/claims/.{SEED_ARTICLE}.yaml", [f"rename it to {SEED_ARTICLE}.yaml", "hidden"],
                 id="hidden claims"),
    pytest.param(ARTICLE, f"seeds/articles/{SEED_ARTICLE}.MD", [f"rename it to {SEED_ARTICLE}.md"], id=".MD"),
    pytest.param(ARTICLE, f"seeds/articles/.{SEED_ARTICLE}.md", [f"rename it to {SEED_ARTICLE}.md"], id="hidden .x.md"),
    pytest.param(ARTICLE, "seeds/articles/..md", ["<id>.md"], id="..md"),
    pytest.param(ARTICLE, f"seeds/articles/{SEED_ARTICLE}.markdown", [f"rename it to {SEED_ARTICLE}.md"],
                 id=".markdown"),
]


@pytest.mark.parametrize("src, dest, words", RENAMES)
def test_a_seed_file_the_build_would_not_read_is_refused(mini_repo: Path, src, dest, words):
    (mini_repo / src).rename(mini_repo / dest)
    if src == ARTICLE:  # keep the claims' article, so only the renamed file is wrong
        shutil.copy(mini_repo / dest, mini_repo / src)
    err = problems_of(mini_repo)
    mine = [p for p in err.problems if p.file == dest]
    assert len(mine) == 1, err
    assert "the build does not read it" in mine[0].message
    for word in words:
        assert word in mine[0].fix, mine[0]


def test_an_extra_reference_file_is_refused(mini_repo: Path):
    shutil.copy(mini_repo / AGENCIES, mini_repo / "seeds/reference/agencies2.yaml")
    err = problems_of(mini_repo)
    [p] = [p for p in err.problems if p.file == "seeds/reference/agencies2.yaml"]
    assert "did you mean agencies.yaml" in p.fix and "merge its entries" in p.fix


@pytest.mark.parametrize("rel, words", [
    pytest.param("seeds/notes.txt", ["seeds/ holds the folders"], id="stray file at the top"),
    pytest.param("seeds/.DS_Store", ["hidden"], id="hidden file at the top"),
    pytest.param("seeds/operations/draft.txt", ["<id>.yaml"], id="stray file in operations"),
    pytest.param("seeds/coverage/notes.md", ["<id>.yaml"], id="non-yaml in coverage"),
])
def test_stray_files_are_refused(mini_repo: Path, rel, words):
    (mini_repo / rel).parent.mkdir(exist_ok=True)
    (mini_repo / rel).write_text("x\n", encoding="utf-8")
    [p] = [p for p in problems_of(mini_repo).problems if p.file == rel]
    for word in words:
        assert word in p.fix, p


def test_allow_listed_files_and_future_folders_are_accepted(mini_repo: Path):
    """README.md, EXCLUDED.md, drafts, reference/series.yaml and coverage/*.yaml are not refused."""
    seeds = mini_repo / "seeds"
    (seeds / "README.md").write_text("# seeds\n", encoding="utf-8")
    (seeds / "EXCLUDED.md").write_text("# excluded\n", encoding="utf-8")
    (seeds / "claims" / f"{SEED_ARTICLE}.draft.yaml").write_text("claims: []\n", encoding="utf-8")
    (seeds / "reference" / "series.yaml").write_text("[]\n", encoding="utf-8")
    (seeds / "coverage").mkdir()
    (seeds / "coverage" / "extra.yaml").write_text("[]\n", encoding="utf-8")  # queries.yaml is checked for reach
    build(seeds, jobs=1)


@pytest.mark.parametrize("rel, words", [
    pytest.param(CLAIMS, ["is a folder, expected a file"], id="claims file is a folder"),
    pytest.param(AGENCIES, ["is a folder, expected a file"], id="reference file is a folder"),
    pytest.param("seeds/articles/old", ["sub-folders are not read"], id="sub-folder in articles"),
    pytest.param("seeds/reference/extra", ["the reference files are"], id="sub-folder in reference"),
    pytest.param("seeds/archive", ["seeds/ holds the folders"], id="unknown folder at the top"),
])
def test_folders_where_they_do_not_belong_are_refused(mini_repo: Path, rel, words):
    path = mini_repo / rel
    if path.exists():
        path.unlink()
    path.mkdir()
    (path / "inside.yaml").write_text("a: 1\n", encoding="utf-8")
    err = problems_of(mini_repo)
    mine = [p for p in err.problems if p.file == rel]
    assert mine, err
    assert any(all(w in f"{p.message} {p.fix}" for w in words) for p in mine), mine


def test_a_file_where_a_folder_belongs_is_refused(mini_repo: Path):
    shutil.rmtree(mini_repo / "seeds" / "operations")
    (mini_repo / "seeds" / "operations").write_text("x\n", encoding="utf-8")
    err = problems_of(mini_repo)
    assert any(p.file == "seeds/operations" and "expected a folder" in p.message for p in err.problems), err


def _special(path: Path, kind: str):
    if path.exists():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
        return None
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    return sock


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "socket"])
@pytest.mark.parametrize("rel", [CLAIMS, ARTICLE, AGENCIES, "seeds/README.md", "seeds/articles/zz.txt",
                                 "seeds/coverage/q.yaml"])
def test_fifo_or_socket_is_refused_without_hanging(mini_repo: Path, rel, kind):
    """A FIFO used to block `build` forever, holding the build lock. Run in a child with a deadline."""
    path = mini_repo / rel
    path.parent.mkdir(exist_ok=True)
    if len(str(path)) > 100 and kind == "socket":
        pytest.skip("socket path too long for AF_UNIX")
    sock = _special(path, kind)
    code = textwrap.dedent(f"""
        import sys
        from tco_ops.cli import main
        sys.exit(main(["build", "--root", {str(mini_repo)!r}]))
    """)
    import tco_ops

    src = str(Path(tco_ops.__file__).resolve().parents[1])  # the code under test, in the child too
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"build hung on a {kind} at {rel}")
    finally:
        if sock is not None:
            sock.close()
    assert run.returncode == 2, run.stderr
    assert rel in run.stderr and ("not a regular file" in run.stderr or "not a seed file" in run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_reader_never_opens_a_fifo(tmp_path: Path):
    os.mkfifo(tmp_path / "x.yaml")
    problems: list[Problem] = []
    assert inputs.read_text(tmp_path / "x.yaml", "seeds/x.yaml", problems) is None
    assert "FIFO" in problems[0].message and problems[0].fix


# -- §4 hash what was read -----------------------------------------------------------------
def test_a_seed_changed_during_the_build_is_not_taken_as_up_to_date(mini_repo: Path, monkeypatch, capsys):
    """B is hashed, C is what the build reads, B is back afterwards: the next build must rebuild from B."""
    import pyarrow.parquet as pq

    article = mini_repo / ARTICLE
    b = article.read_text(encoding="utf-8").replace("note: English service", "note: Version B. English service")
    c = b.replace("Version B.", "Version C.")
    article.write_text(b, encoding="utf-8")
    real = inputs.read_text

    def racing(path, rel, problems):  # an editor saves C just before the read, and B again just after
        if rel == ARTICLE:
            article.write_text(c, encoding="utf-8")
            text = real(path, rel, problems)
            article.write_text(b, encoding="utf-8")
            return text
        return real(path, rel, problems)

    monkeypatch.setattr(inputs, "read_text", racing)
    assert main(["build", "--root", str(mini_repo)]) == 0
    monkeypatch.setattr(inputs, "read_text", real)
    capsys.readouterr()
    assert main(["build", "--root", str(mini_repo)]) == 0
    out = capsys.readouterr().out
    assert "up to date" not in out, out
    [note] = pq.read_table(mini_repo / "dataset" / "articles.parquet", columns=["note"])["note"].to_pylist()
    assert note.startswith("Version B."), note  # not C, neither from the manifest nor from the per-article cache


# -- §6 values that used to be published -------------------------------------------------
NOTE = "note: Minors the network is said to involve, not a count of people rescued."


@pytest.mark.parametrize("escape, words", [
    (r"\0", ["U+0000"]), (r"\x1b[2J", ["U+001B"]), (r"\a", ["U+0007", "BELL"]), (r"\ufeff", ["U+FEFF"]),
    (r"\N", ["U+0085"]), (r"\u202e", ["bidirectional", "U+202E"]), (r"\u2066", ["bidirectional"]),
    (r"\u200b", ["U+200B"]), (r"\u2028", ["U+2028"]), (r"\x7f", ["U+007F"]),
])
def test_control_characters_in_a_value_are_refused(mini_repo: Path, escape, words):
    edit(mini_repo, CLAIMS, NOTE, f'note: "Minors{escape} said to be involved."')
    err = problems_of(mini_repo)
    [p] = [p for p in err.problems if p.file == CLAIMS]
    assert p.line == line_of(mini_repo, CLAIMS, "Minors"), p
    for word in words:
        assert word in p.message, p
    assert "remove it" in p.fix


@pytest.mark.parametrize("rel, old, new", [
    pytest.param(CLAIMS, "value: HSI Lima\n", 'value: "HSI\\tLima"\n', id="tab in an alias value"),
    pytest.param(CLAIMS, "value: HSI Lima\n", 'value: "HSI\\nLima"\n', id="line break in a value"),
    pytest.param(AGENCIES, "  name: Policía Nacional del Perú", '  name: "Policía\\e Nacional"', id="ESC in a name"),
    pytest.param(ARTICLE, "publisher: Andina", 'publisher: "Andina\\u202e"', id="bidi in front matter"),
])
def test_control_characters_anywhere_are_refused(mini_repo: Path, rel, old, new):
    edit(mini_repo, rel, old, new)
    err = problems_of(mini_repo)
    assert any(p.file == rel and p.line == line_of(mini_repo, rel, new.split(":")[0].strip() + ":")
               or p.file == rel for p in err.problems), err
    assert any(p.file == rel and ("character" in p.message or "bidirectional" in p.message or "tab" in p.message
                                  or "line break" in p.message) for p in err.problems), err


def test_line_breaks_stay_allowed_in_free_text(mini_repo: Path):
    edit(mini_repo, CLAIMS, NOTE, 'note: "Minors the network\\nis said to involve."')
    build(mini_repo / "seeds", jobs=1)


def test_bidi_controls_in_archived_text_are_refused(mini_repo: Path):
    path = mini_repo / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\nTail \u202e text.\n", encoding="utf-8")
    [p] = [p for p in problems_of(mini_repo).problems if p.file == ARTICLE]
    assert "U+202E" in p.message and p.line == len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("rel, old, new, words", [
    pytest.param(CLAIMS, 'value: "2025-01-07"', 'value: "0001-01-01"', ["before 1990-01-01"], id="year 1"),
    pytest.param(CLAIMS, 'value: "2025-01-07"', 'value: "1989-12-31"', ["before 1990-01-01"], id="1989"),
    pytest.param(CLAIMS, 'value: "2025-01-07"', 'value: "2025-01-07/2999-01-01"', ["after today"],
                 id="interval ending in the future"),
    pytest.param(ARTICLE, "published: 2025-02-10", "published: 9999-12-31", ["after today"], id="published 9999"),
    pytest.param(ARTICLE, "published: 2025-02-10", "published: 1900", ["before 1990-01-01"], id="published 1900"),
])
def test_implausible_dates_are_refused(mini_repo: Path, rel, old, new, words):
    edit(mini_repo, rel, old, new)
    err = problems_of(mini_repo)
    line = line_of(mini_repo, rel, new.split(": ", 1)[1])
    mine = [p for p in err.problems if p.file == rel and p.line == line]
    assert mine, err
    assert all(w in mine[0].message for w in words) and mine[0].fix, mine[0]


def test_claim_after_publication_compares_at_the_coarser_precision(mini_repo: Path):
    edit(mini_repo, CLAIMS, 'value: "2025-01-07"', 'value: "2025-03"')  # month after the 10 Feb 2025 dateline
    assert any("after the article was published" in p.message for p in problems_of(mini_repo).problems)


def test_claimed_month_of_publication_is_not_after_it(mini_repo: Path):
    edit(mini_repo, CLAIMS, "value: 2025-W06\n    inferred: true", "value: 2025-02\n    inferred: true")
    build(mini_repo / "seeds", jobs=1)  # February contains 10 February: not after it


@pytest.mark.parametrize("old, new, words", [
    pytest.param("value: 300, qualifier: more_than", "value: 10000000, qualifier: more_than",
                 ["would publish 10,000,001", "10,000,000"], id="more_than the limit"),
    pytest.param("value: 20, qualifier: exact", "value: 2__0, qualifier: exact", ["plain digits"], id="1__0"),
    pytest.param("value: 20, qualifier: exact", "value: 2_0, qualifier: exact", ["plain digits"], id="2_0"),
    pytest.param("value: 20, qualifier: exact", "value: +20, qualifier: exact", ["plain digits"], id="+20"),
    pytest.param("value: 20, qualifier: exact", "value: 0x14, qualifier: exact", ["plain digits"], id="0x14"),
    pytest.param("value: 20, qualifier: exact", "value: 0o24, qualifier: exact", ["plain digits"], id="0o24"),
    pytest.param("value: 20, qualifier: exact", "value: 0:20, qualifier: exact", ["plain digits"], id="0:20"),
    pytest.param("value: 20, qualifier: exact", "value: 020, qualifier: exact", ["plain digits"], id="020"),
])
def test_count_oddities_are_refused(mini_repo: Path, old, new, words):
    edit(mini_repo, CLAIMS, old, new)
    err = problems_of(mini_repo)
    mine = [p for p in err.problems if p.file == CLAIMS and p.line == line_of(mini_repo, CLAIMS, new)]
    assert mine, err
    text = f"{mine[0].message} {mine[0].fix}"
    assert all(w in text for w in words), mine[0]


HOSTILE_URLS = [
    "https://javascript:alert(1)", "https://user:secret@andina.pe/x", "https://andina.pe@evil.example/x",
    'https://andina.pe/x"onmouseover=alert(1)', "https://andina.pe/<script>", "http://127.0.0.1/x",
    "http://[::1]/x", "http://localhost/x", "https://andina.pe:8443/x", "https://andina/x", "https://10.0.0.1:80/",
    "https://ANDINA.pe/x", "ftp://andina.pe/x", "javascript:alert(1)", "https://andina.pe/x'y", "https://-a.pe/x",
    "https://andina.pe\\@evil.example/", "https://xn--.pe/", "https://andina.123/x",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_urls_that_are_not_what_they_look_like_are_refused(mini_repo: Path, url):
    path = mini_repo / ARTICLE
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("url: ")
    lines[1] = "url: '" + url.replace("'", "''") + "'"
    path.write_text("\n".join(lines), encoding="utf-8")
    err = problems_of(mini_repo)
    mine = [p for p in err.problems if p.file == ARTICLE and p.line == 2]
    assert mine and "URL" in mine[0].message and mine[0].fix, err


@pytest.mark.parametrize("url", ["https://andina.pe/ingles/noticia-1018187.aspx", "http://www.bbc.co.uk/news?a=1#x",
                                 "https://xn--espaa-rta.es/", "https://a-b.example.org"])
def test_real_urls_are_accepted(url):
    from tco_ops.build import values

    assert values.url_problem(url) is None


@pytest.mark.parametrize("old, new, words", [
    pytest.param("quote: on the night of January 7", "quote: a\n    occurrence: 1", ["too short"],
                 id="one-letter quote"),
    pytest.param("quote: on the night of January 7", "quote: The operation took place on",
                 ["names no day, month or year"], id="date quote without the date"),
    pytest.param("value: 20, qualifier: exact, quote: arrested 20 members",
                 "value: 21, qualifier: exact, quote: arrested 20 members", ["does not contain the claimed number 21"],
                 id="count quote with another number"),
    pytest.param("value: 8, qualifier: at_least, quote: at least eight locations were identified",
                 "value: 9, qualifier: at_least, quote: at least eight locations were identified",
                 ["claimed number 9"], id="count quote with another number word"),
    pytest.param("  - field: target\n", "  - {field: name, value: Operation Phantom, quote: The operation took place}\n"
                 "  - field: target\n", ["does not contain the claimed name"], id="name not in the quote"),
])
def test_a_quote_must_support_the_claimed_value(mini_repo: Path, old, new, words):
    edit(mini_repo, CLAIMS, old, new)
    err = problems_of(mini_repo)
    mine = [p for p in err.problems if p.file == CLAIMS and all(w in p.message for w in words)]
    assert mine and mine[0].fix, err


def test_the_seed_quotes_all_support_their_values(built):
    """The 17 quoted claims of the seed article pass the evidence rule (checked by building at all)."""
    c = built.frames["claims"]
    assert c["quote"].notna().sum() >= 17


@pytest.mark.parametrize("rel, old, new", [
    pytest.param(AGENCIES, "aliases: [Peruvian National Police,", "aliases: [" + "P" * 1_500_000 + ",",
                 id="1.5 MB alias"),
    pytest.param(AGENCIES, "  name: Policía Nacional del Perú", "  name: " + "Policía " * 40, id="long name"),
    pytest.param(f"seeds/operations/{LIMA}.yaml", "summary:", "name: " + "N" * 201 + "\nsummary:",
                 id="long operation name"),
])
def test_names_and_aliases_have_a_length_limit(mini_repo: Path, rel, old, new):
    edit(mini_repo, rel, old, new)
    err = problems_of(mini_repo)
    assert any(p.file == rel and "200 characters" in p.message and p.line for p in err.problems), str(err)[:2000]


# -- §7 errors that bury their cause -------------------------------------------------------
def test_a_broken_reference_entry_is_reported_alone(tmp_path: Path):
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    edit(tmp_path, AGENCIES, "  acronym: PNP\n  country: PE\n  kind: police", "  acronym: PNP\n  country: PE\n  kind: polize")
    err = problems_of(tmp_path)
    assert len(err.problems) <= 5, str(err)[:3000]
    assert not any("no agency matches" in p.message for p in err.problems)
    assert all(p.file == AGENCIES for p in err.problems), err
    assert any("'kind' is not one of the allowed values" in p.message for p in err.problems)
    assert any("stopped here" in p.message for p in err.problems)


def test_a_flood_of_problems_is_capped_in_the_message(mini_repo: Path):
    path = mini_repo / CLAIMS
    extra = "".join(f"    unknown_{i}: x\n" for i in range(3000))
    edit(mini_repo, CLAIMS, "    quote: last week\n", "    quote: last week\n" + extra)
    err = problems_of(mini_repo)
    assert len(err.problems) == 3000  # all kept for programs
    text = str(err)
    assert len(text) < 20_000, len(text)
    assert "3000 problems" in text.splitlines()[0]
    assert "and 2,950 more" in text and "2,950" in text.split("more, by kind:")[1]
    assert path.exists()


@pytest.mark.parametrize("name, value", [
    ("TCO_OPS_TIMEOUT", "inf"), ("TCO_OPS_TIMEOUT", "1e300"), ("TCO_OPS_TIMEOUT", "nan"),
    ("TCO_OPS_TIMEOUT", "-1"), ("TCO_OPS_TIMEOUT", "soon"), ("TCO_OPS_BASE_URL", "ftp://example.org/x"),
    ("TCO_OPS_BASE_URL", "https://example.org/a b"), ("TCO_OPS_BASE_URL", "example.org"),
    ("TCO_OPS_ALLOW_REDIRECT_HOSTS", "good.example.org,bad host!"),
])
def test_environment_settings_are_checked(monkeypatch, name, value):
    from tco_ops import fetch

    monkeypatch.setenv(name, value)
    with pytest.raises(TcoOpsError) as exc:
        {"TCO_OPS_TIMEOUT": fetch.timeout, "TCO_OPS_BASE_URL": fetch.base_url,
         "TCO_OPS_ALLOW_REDIRECT_HOSTS": lambda: fetch.redirect_hosts("https://github.com/x")}[name]()
    message = str(exc.value)
    assert name in message and repr(value) in message and "must be" in message


def test_download_with_an_infinite_timeout_is_a_clear_error(monkeypatch, tmp_path: Path, capsys):
    monkeypatch.setenv("TCO_OPS_TIMEOUT", "inf")
    monkeypatch.setenv("TCO_OPS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TCO_OPS_BASE_URL", "http://127.0.0.1:9")
    code = main(["download", "0.1.0"])
    err = capsys.readouterr().err
    assert code != 0 and "TCO_OPS_TIMEOUT='inf'" in err and "3600" in err, err
