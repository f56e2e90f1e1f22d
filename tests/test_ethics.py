"""Data ethics, enforced: no names of arrested people or victims; cite, never copy.

The rule itself lives in src/tco_ops/build/ethics.py and runs in every build and validate;
these tests prove it works, and sweep every published file with it once more. Fixtures use
invented names ("Zyx Qwerty", "Zorblax Placeholder"), never a real one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import LIMA, REPO, SEED_ARTICLE
from tco_ops.build import ethics
from tco_ops.build.inputs import read_meta, read_seeds
from tco_ops.build.pipeline import build
from tco_ops.build.resolve import alias_key
from tco_ops.cli import main
from tco_ops.errors import BuildError

CLAIMS = f"seeds/claims/{SEED_ARTICLE}.yaml"
ARTICLE = f"seeds/articles/{SEED_ARTICLE}.md"
OPERATION = f"seeds/operations/{LIMA}.yaml"
ORGS = "seeds/reference/organizations.yaml"
NOTE = "    note: The year is not printed; 2025 is read from the dateline."


@pytest.fixture
def fake_denied(monkeypatch):
    """Put the invented person 'Zyx Qwerty' (and the nickname 'Zorblax') on the deny-list."""
    monkeypatch.setattr(ethics, "DENIED", ethics.DENIED | {ethics.gram_hash("Zyx Qwerty"), ethics.gram_hash("Zorblax")})


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """The seed article, its claims, the Lima operation and the reference files (not built)."""
    root = tmp_path / "repo"
    for rel in (ARTICLE, CLAIMS):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    (root / OPERATION).parent.mkdir()
    (root / OPERATION).write_text("kind: raid\nsummary: Joint PNP and HSI raids in Lima.\n", encoding="utf-8")
    shutil.copytree(REPO / "seeds" / "reference", root / "seeds" / "reference")
    return root


def _edit(root: Path, rel: str, old: str, new: str, needle: str = "") -> int:
    """Replace `old` by `new` once; the first line of the result holding `needle` (or where `new` starts)."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    if needle:
        return next(n for n, line in enumerate(edited.split("\n"), 1) if needle.casefold() in line.casefold())
    return text[:text.index(old)].count("\n") + 1


def _problems(root: Path) -> list:
    with pytest.raises(BuildError) as exc:
        build(root / "seeds", jobs=1)
    return exc.value.problems


# -- the deny-list ------------------------------------------------------------------------
def test_the_detector_works(fake_denied):
    assert ethics.denied_words("capturan a Zyx Qwerty, alias Zorblax, en Colombia") == {"zorblax", "zyx qwerty"}
    assert ethics.denied_words("https://example.org/capturado-zyx-qwerty-cofundador") == {"zyx qwerty"}
    assert ethics.denied_words("https://example.org/capturan-a-zyx-qwerty.html") == {"zyx qwerty"}  # extension
    assert ethics.denied_words("ZYX  QWÉRTY") == {"zyx qwerty"}
    assert ethics.denied_words("Zy\u200bx Qwe\u0301rty") == {"zyx qwerty"}  # invisible and combining characters
    assert ethics.denied_words("Tren de Aragua, Los Hijos de Dios, San Martín de Porres") == set()


def test_the_deny_list_ships_hashes_only():
    assert len(ethics.DENIED) >= 18
    assert all(len(h) == 16 and set(h) <= set("0123456789abcdef") for h in ethics.DENIED)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cf")), max_size=200))
def test_the_fast_key_is_alias_key(text):
    """The deny-list hashes are of resolve.alias_key(); the build's faster key must agree."""
    assert ethics.word_key(text) == alias_key(text)


# Third-party excerpts refilled for the real evaluation: git-ignored, never committed or published,
# and full of the names the rule keeps out of everything we write.
NOT_OURS = ("benchmarks/real/cache/",)


def _texts(repo: Path):
    for folder in ("seeds", "tests", "src", "benchmarks"):  # fixtures and code are places too
        for path in sorted((repo / folder).rglob("*")):
            rel = path.relative_to(repo).as_posix()
            if rel.startswith(NOT_OURS):
                continue
            if path.is_file() and path.suffix in (".md", ".yaml", ".py", ".json", ".txt"):
                yield path.relative_to(repo).as_posix(), path.read_text(encoding="utf-8")
    for name in ("datapackage.json", "CONFLICTS.md", "README.md", "CHANGELOG.md", "docs/codebook.md"):
        yield name, (repo / name).read_text(encoding="utf-8")
    for path in sorted((repo / "dataset").glob("*.parquet")):
        table = pq.read_table(path)
        for column, field in zip(table.columns, table.schema):
            if pa.types.is_string(field.type):
                yield f"{path.name}:{field.name}", "\n".join(v for v in column.to_pylist() if v)


def test_no_names_of_arrested_people_or_victims(repo):
    found = {where: sorted(words) for where, text in _texts(repo) if (words := ethics.denied_words(text))}
    assert found == {}, "names or aliases of arrested people or victims must not be written (redact URLs too)"


def test_the_build_refuses_a_name_on_the_deny_list(seeds_copy, fake_denied):
    line = _edit(seeds_copy, CLAIMS, NOTE, NOTE + " Detenido Zyx Qwerty.")
    [p] = [p for p in _problems(seeds_copy) if "deny-list" in p.message]
    assert (p.file, p.line, p.value) == (CLAIMS, line, "z… q…")
    assert "remove the person's name or nickname" in p.fix
    assert "Qwerty" not in str(p), "the error must not write the name again"


def test_a_name_split_across_lines_is_found(seeds_copy, fake_denied):
    line = _edit(seeds_copy, OPERATION, "summary: Joint", "summary: >-\n  Detenido Zyx\n  Qwerty. Joint")
    [p] = [p for p in _problems(seeds_copy) if "deny-list" in p.message]
    assert (p.file, p.line) == (OPERATION, line + 2)


# -- alias markers ------------------------------------------------------------------------
def _marked(rel, old, new, marker, id, needle="Zorblax"):
    """A case: in `rel` replace `old` by `new`; the error names `marker` on the first line holding `needle`."""
    return pytest.param(rel, old, new, marker, needle, id=id)


MARKED = [
    _marked(CLAIMS, NOTE, NOTE + " Detenido Zyx Qwerty, alias Zorblax.", "alias", "claim note"),
    _marked(CLAIMS, NOTE, NOTE + " Capturado (a) Zorblax.", "(a)", "(a) in a claim note"),
    _marked(CLAIMS, NOTE, NOTE + " El cabecilla, APODÁDO Zorblax.", "apodado", "accents and case"),
    _marked(CLAIMS, NOTE, NOTE + " A leader, a.k.a. Zorblax.", "a.k.a", "a.k.a."),
    _marked(CLAIMS, NOTE, NOTE + " Leader AKA Zorblax.", "aka", "aka"),
    _marked(CLAIMS, NOTE, NOTE + " La jefa, conocida como Zorblax.", "conocida como", "conocida como"),
    _marked(CLAIMS, NOTE, NOTE + " Leader vulgo Zorblax.", "vulgo", "vulgo"),
    _marked(CLAIMS, NOTE, NOTE + " El jefe, conocido como el Zorblax.", "conocido como", "an article before a nickname"),
    _marked(CLAIMS, NOTE, NOTE + " A leader known as Zorblax.", "known as", "known as"),
    _marked(CLAIMS, NOTE, NOTE + " Leader al\u200bias Zorblax.", "alias", "zero-width space inside"),
    _marked(OPERATION, "summary: Joint", "summary: >-\n  Leader conocido\n  como Zorblax. Joint", "conocido como",
            "marker across a folded line", needle="conocido"),
    _marked(OPERATION, "summary: Joint", "name: Operación Alias Zorblax\nsummary: Joint", "alias", "operation name"),
    _marked(ARTICLE, "title: U.S. Ambassador", "title: Alias Zorblax cae; U.S. Ambassador", "alias", "article title"),
    _marked(ARTICLE, "url: https://andina.pe/ingles/noticia-", "url: https://andina.pe/ingles/alias-zorblax-",
            "alias", "URL slug alias-x"),
    _marked(ARTICLE, "url: https://andina.pe/ingles/noticia-", "url: https://andina.pe/ingles/leader-a-k-a-zorblax-",
            "a-k-a", "URL slug a-k-a"),
    _marked(ORGS, "  kind: gang\n  country: VE\n", "  kind: gang\n  country: VE\n  note: Led by alias Zorblax.\n",
            "alias", "organization note"),
    _marked(CLAIMS, "  # --- where", "  # Leader apodado Zorblax\n  # --- where", "apodado", "YAML comment"),
]


@pytest.mark.parametrize("rel, old, new, marker, needle", MARKED)
def test_the_build_refuses_an_alias_marker(seeds_copy, rel, old, new, marker, needle):
    line = _edit(seeds_copy, rel, old, new, needle)
    found = [p for p in _problems(seeds_copy) if p.message.startswith("alias marker")]
    assert len(found) == 1, found
    p = found[0]
    assert (p.file, p.line) == (rel, line)
    assert repr(marker) in p.message
    assert "z…" in p.value.lower() and "zorblax" not in str(p).lower(), "the nickname is shown as initials only"
    assert "roles like 'leader'" in p.fix


def test_a_marker_in_a_file_name_is_refused(seeds_copy):
    for sub, suffix in (("articles", ".md"), ("claims", ".yaml")):
        src = seeds_copy / "seeds" / sub / f"{SEED_ARTICLE}{suffix}"
        src.rename(src.with_name(f"cae-alias-zorblax{suffix}"))
    found = [p for p in _problems(seeds_copy) if "file name carries the alias marker" in p.message]
    assert sorted(p.file for p in found) == ["seeds/articles/cae-alias-zorblax.md", "seeds/claims/cae-alias-zorblax.yaml"]


# Not a person's alias: each of these builds.
ALLOWED = [
    pytest.param(ORGS, "aliases: [Tren de Aragua, TdA,", "aliases: [Tren de Aragua, TdA, Alias TdA, Conocido como TdA,",
                 id="an organization's aliases list"),
    pytest.param(ORGS, "  kind: gang\n  country: VE\n", "  kind: gang\n  country: VE\n  note: Also known as TdA.\n",
                 id="marker followed by an organization's alias"),
    pytest.param(ORGS, "  kind: gang\n  country: VE\n", "  kind: gang\n  country: VE\n  note: Tren is not an alias here.\n",
                 id="'an alias' as a noun in a reference note"),
    pytest.param(ORGS, "  kind: gang\n  country: VE\n", "  kind: gang\n  country: VE\n  note: Una banda conocida como el Tren de Aragua.\n",
                 id="marker, an article, then an organization's name"),
    pytest.param(CLAIMS, NOTE, NOTE + " See https://example.org/2024/capturar-a-la-banda-conocida-como-el-tren-de-aragua/.",
                 id="the same in a URL slug"),
    pytest.param(CLAIMS, NOTE, NOTE + " Detenido(a) y sus aliases; one ALIASES list.", id="detenido(a), aliases"),
    pytest.param(CLAIMS, NOTE, NOTE + " The general, quoted in his public role.", id="officials' roles"),
]


@pytest.mark.parametrize("rel, old, new", ALLOWED)
def test_no_false_alarm(seeds_copy, rel, old, new):
    _edit(seeds_copy, rel, old, new)
    build(seeds_copy / "seeds", jobs=1)


def test_the_archived_text_and_its_quotes_are_the_source_s_words(seeds_copy):
    """A marker inside the archived article and a quote of it is not ours to remove."""
    _edit(seeds_copy, ARTICLE, "Photo: Embassy of the United States in Peru",
          "Photo: Embassy of the United States in Peru, alias the Embassy")
    _edit(seeds_copy, CLAIMS, "  # --- where",
          "  - {field: agency, value: U.S. Embassy in Peru, role: announced, quote: 'Peru, alias the Embassy'}\n"
          "  # --- where")
    build(seeds_copy / "seeds", jobs=1)


def test_the_current_seeds_pass():
    problems = []
    ethics.check_seeds(REPO / "seeds", read_meta(REPO / "seeds", []).reference, problems)
    assert problems == []


def test_validate_checks_the_generated_texts(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "CONFLICTS.md").write_text("# Conflicts\n\n| a | curator: the leader, alias Zorblax |\n", encoding="utf-8")
    (tmp_path / "docs" / "codebook.md").write_text("an alias list\n", encoding="utf-8")
    reference = read_meta(REPO / "seeds", []).reference
    [problem] = ethics.check_outputs(tmp_path, reference)
    assert problem.startswith("CONFLICTS.md:3: alias marker 'alias'") and "Zorblax" not in problem


def test_build_and_validate_refuse_on_the_command_line(mini_repo: Path, capsys):
    _edit(mini_repo, CLAIMS, NOTE, NOTE + " Detenido Zyx Qwerty, alias Zorblax.")
    for command in ("build", "validate"):
        assert main([command, "--root", str(mini_repo)]) == 2
        err = capsys.readouterr().err
        assert f"{CLAIMS}:" in err and "alias marker 'alias'" in err and "Zorblax" not in err


def test_the_seed_readme_states_the_line_for_officials(repo):
    text = (repo / "seeds" / "README.md").read_text(encoding="utf-8")
    assert "Officials named in their public role" in text and "not covered by the rule" in text


# -- cite, never copy -----------------------------------------------------------------------
def test_only_the_seed_article_is_archived(repo):
    seeds, problems = read_seeds(repo / "seeds")
    assert problems == []
    archived = sorted(a.article_id for a in seeds.articles.values() if a.archived)
    assert archived == ["andina-en-1018187"]


def test_cited_sources_carry_no_quotes(built):
    claims = built.frames["claims"]
    archived = set(built.frames["articles"].query("archived")["article_id"])
    cited = claims[~claims["article_id"].isin(archived)]
    assert len(cited) > 0 and cited["quote"].isna().all()


@pytest.mark.parametrize("host", ["bitlysdowssl-aws.com", "elpssr.aidemsrv.com", "hbjhhb.com", "chof360.com",
                                  "3slastxawesome.info", "news-pravda.com"])
def test_mirror_sites_are_never_cited(built, host):
    assert not built.frames["articles"]["url"].str.contains(host, regex=False).any()
