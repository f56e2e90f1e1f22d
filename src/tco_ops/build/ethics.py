"""The ethics rule, enforced by the build: never write the name of an arrested person or a victim.

`tco-ops build` and `tco-ops validate` run two checks over every file under seeds/ (and
validate over the generated text files too):

- the deny-list: names and nicknames met in research, stored as hashes
  (ethics_denylist.py), matched as single words and word pairs anywhere, the archived
  article's text, file names and URLs included;
- alias markers ("alias X", "apodado", "conocido como", "a.k.a.", "(a)", "vulgo",
  "known as"...) in free text and in URL slugs (`alias-x`, `a-k-a`): they announce a
  nickname even when it is on no list.

Marker exemptions, each because the text is not ours or is not about a person: the archived
article's body and the claims' `quote:` values (the source's own words; the deny-list still
reads them), the `aliases:` lists of the reference files (an agency's or a gang's other
names), a marker followed by the name of a reference entry ("the prison known as Tocorón",
"the alias GAULA"), "an alias"/"the alias" used as a noun in the reference files' notes, and
the prose of documentation files (seeds/README.md, seeds/EXCLUDED.md), whose URLs are checked.

Messages never repeat the name they found: a log is a place too. They show the marker and
a window with the following words reduced to initials.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml

from ..errors import Problem
from . import limits
from .ethics_denylist import DENIED
from .resolve import _FOLD, alias_key

FIX = ("remove the person's name or nickname; roles like 'leader' or 'minor' are fine "
       "(seeds/README.md, the ethics rule)")

# Matched on folded text (NFKD, marks and invisible characters dropped, casefolded), so
# "ALIAS", "Apodáda" and "al\u200bias" all match. Word edges are letters and digits only:
# "alias-x" (a slug) and "alias_x" match, "aliases" does not.
_B, _E, _SEP = r"(?<![0-9a-z])", r"(?![0-9a-z])", r"[\s_.-]+"
MARKERS = re.compile(
    _B + r"(?:alias|apodad[oa]s?|apodo|vulgo|nicknamed"
    + r"|conocid[oa]s?" + _SEP + r"como|conhecid[oa]s?" + _SEP + r"como|known" + _SEP + r"as"
    + r"|a[\s_.-]?k[\s_.-]?a)" + _E
    + r"|" + _B + r"\(\s*a\s*\)" + _E)  # "(a)", the Spanish press abbreviation; not "detenido(a)"
_INVISIBLE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # marks
                        "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
_URL = re.compile(r"https?://[^\s<>\"'|)\]]+", re.IGNORECASE)
_NOUN = re.compile(r"(?:^|[^0-9a-z])(?:an|the|no|any|one|this|that|its)\s+$")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_ARTICLES = frozenset({"el", "la", "los", "las", "lo", "the", "o", "a", "os", "as"})
_JOINERS = re.compile(r"[.'’`´]")  # as resolve.alias_key: "H.S.I." = "HSI", "O'Brien" = "OBrien"
_APOSTROPHES = re.compile(r"['’`´]")
_INNER_DOT_LINES = re.compile(r"^.*[0-9a-z]\.[0-9a-z].*$", re.MULTILINE)
_FOLDED_LETTERS = re.compile("[" + re.escape("".join(map(chr, _FOLD))) + "]")
MAX_PER_FILE = 10  # one bad file should not bury the others


def fold(text: str) -> str:
    """Case, accents and invisible characters ignored; newlines kept, so lines still count."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKD", text)).casefold()


def _bare(text: str) -> str:
    """alias_key's first steps: special letters, NFKD, combining marks dropped, casefold."""
    if _FOLDED_LETTERS.search(text):
        text = text.translate(_FOLD)
    bare = _INVISIBLE.sub("", unicodedata.normalize("NFKD", text))
    if not bare.isascii() and any(unicodedata.combining(ch) for ch in set(bare)):
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return bare.casefold()


def _words(bare: str, joiners: re.Pattern) -> list[str]:
    return [w for w in _NON_WORD.split(joiners.sub("", bare)) if w]


def word_key(text: str) -> str:
    """`resolve.alias_key(text)`, several times faster on long text: marks go by regex, and
    the per-character test runs only when some other combining character is left."""
    return " ".join(_words(_bare(text), _JOINERS))


def gram_hash(text: str) -> str:
    return hashlib.sha256(alias_key(text).encode()).hexdigest()[:16]


def _grams(words: list[str]) -> set[str]:
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _text_grams(text: str) -> set[str]:
    """Words and pairs as alias_key reads them, and again with dots as spaces: alias_key joins
    "H.S.I." into "hsi", which would also join a name to a file or URL extension ("name.html")."""
    bare = _bare(text)
    grams = _grams(_words(bare, _JOINERS))
    for line in _INNER_DOT_LINES.findall(bare):  # only lines where a dot joins two words
        grams |= _grams(_words(line, _APOSTROPHES))
    return grams


class Memo:
    """Grams already hashed in this run: set algebra, so a repeated word costs no hash."""

    __slots__ = ("seen", "bad")

    def __init__(self):
        self.seen: set[str] = set()
        self.bad: set[str] = set()


def denied_words(text: str, memo: Memo | None = None) -> set[str]:
    """The words and word pairs of `text` on the deny-list (keyed like resolve.alias_key)."""
    memo = Memo() if memo is None else memo
    grams = _text_grams(text)
    for gram in grams - memo.seen:
        if hashlib.sha256(gram.encode()).hexdigest()[:16] in DENIED:
            memo.bad.add(gram)
    memo.seen |= grams
    return grams & memo.bad


def initials(text: str) -> str:
    """'Zyx Qwerty' → 'Z… Q…': enough to find the words, without writing them again."""
    return re.sub(r"(\w)\w+", r"\1…", text)


# -- which text is checked for markers ---------------------------------------------------
def _kind(rel: str) -> str:
    parts = rel.split("/")
    folder = parts[1] if len(parts) > 2 else ""
    return {"articles": "article", "claims": "claims", "operations": "yaml", "reference": "reference"}.get(
        folder, "doc")


def _exempt_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Character ranges where markers are not looked for (see the module docstring)."""
    if kind == "article":
        close = text.find("\n---\n", 3) if text.startswith("---\n") else -1
        return [(close + 5, len(text))] if close != -1 else []
    if kind == "doc":  # prose about the rule itself; only its URLs are data
        spans, at = [], 0
        for m in _URL.finditer(text):
            spans.append((at, m.start()))
            at = m.end()
        return spans + [(at, len(text))]
    exempt_key = {"claims": "quote", "reference": "aliases"}.get(kind)
    if exempt_key is None:
        return []
    spans = []
    try:  # the parser's marks are character offsets; a file that does not parse is checked whole
        stack: list[list] = []  # [is_mapping, expecting_key, key, exempt]
        for ev in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                top = stack[-1] if stack else None
                is_key = bool(top and top[0] and top[1])
                exempt = bool(top and (top[3] or (top[0] and not top[1] and top[2] == exempt_key)))
                if top and top[0]:
                    top[1] = not top[1]
                if isinstance(ev, yaml.ScalarEvent):
                    if is_key:
                        top[2] = ev.value
                    elif exempt:
                        spans.append((ev.start_mark.index, ev.end_mark.index))
                else:
                    stack.append([isinstance(ev, yaml.MappingStartEvent), True, None, exempt])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    except yaml.YAMLError:
        return spans
    return spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the exempt spans replaced by spaces (newlines kept, so offsets and lines hold)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _about_an_entity(after: str, entities: frozenset[str]) -> bool:
    """Is the text after a marker the name of a reference entry ("known as Tocorón")?"""
    words = alias_key(_NON_WORD.sub(" ", after[:120])).split()[:8]
    if words and words[0] in _ARTICLES:
        words = words[1:]  # "la banda conocida como el Tren de Aragua": the article is not part of the name
    return any(" ".join(words[:n]) in entities for n in range(len(words), 0, -1))


def _fold_map(line: str) -> tuple[str, list[int]]:
    """fold(line) and, for each of its characters, the column it came from in `line`."""
    parts, cols = [], []
    for i, ch in enumerate(line):
        f = fold(ch)
        parts.append(f)
        cols.extend([i] * len(f))
    return "".join(parts), cols


def _window(text: str, start: int, end: int) -> str:
    """The marker with a little context; the words after it, and capitalised words, as initials."""
    before = text[max(0, start - 30):start].rsplit("\n", 1)[-1]
    if start > 30 and " " in before:
        before = "…" + before.split(" ", 1)[1]  # from a word's start
    before = re.sub(r"\b([A-ZÀ-Þ])\w+", r"\1…", before)
    after = initials(text[end:end + 30].split("\n", 1)[0] if text[end:end + 1] != "\n"
                     else " ".join(text[end:end + 60].split())[:30])
    return " ".join((before + text[start:end] + after).split())


def _original(blanked: str, folded: str, pos: int) -> int:
    """The offset in `blanked` of folded position `pos` (lines agree; columns are mapped)."""
    line_start = folded.rfind("\n", 0, pos) + 1
    line_no = folded.count("\n", 0, pos)
    o_start = 0
    for _ in range(line_no):
        o_start = blanked.index("\n", o_start) + 1
    o_end = blanked.find("\n", o_start)
    _, cols = _fold_map(blanked[o_start:o_end if o_end != -1 else len(blanked)])
    at = pos - line_start
    return o_start + (cols[at] if at < len(cols) else (cols[-1] + 1 if cols else 0))


def marker_problems(rel: str, text: str, entities: frozenset[str] = frozenset(),
                    kind: str | None = None) -> list[Problem]:
    kind = kind or _kind(rel)
    folded = fold(text)
    if not MARKERS.search(folded):
        return []  # the common case: one regex pass and done
    blanked = _blank(text, _exempt_spans(text, kind))
    folded = fold(blanked)
    out = []
    for m in MARKERS.finditer(folded):
        if _about_an_entity(folded[m.end():m.end() + 160], entities):
            continue
        start, end = _original(blanked, folded, m.start()), _original(blanked, folded, m.end() - 1) + 1
        marker = " ".join(m.group().split())
        if kind in ("reference", "output") and marker == "alias" \
                and _NOUN.search(folded[max(0, m.start() - 12):m.start()]) \
                and re.match(r"[ \t]*(?:[a-z(,.;:]|$)", blanked[end:end + 2]):
            continue  # "not an alias here": the noun, about an entry's other names, not a nickname
        out.append(Problem(rel, folded.count("\n", 0, m.start()) + 1,
                           f"alias marker {marker!r}: a person's nickname must not be written",
                           _window(blanked, start, end), FIX))
        if len(out) >= MAX_PER_FILE:
            break
    return out


def name_problems(rel: str, text: str, memo: Memo) -> list[Problem]:
    found = denied_words(text, memo)
    if not found:
        return []
    out, prev, seen = [], [], set()
    for n, line in enumerate(text.split("\n"), 1):  # a pair may straddle a folded YAML line
        words = word_key(line).split()
        grams = _text_grams(line) | ({f"{prev[-1]} {words[0]}"} if prev and words else set())
        for gram in sorted(grams & found):
            if gram not in seen:
                seen.add(gram)
                out.append(Problem(rel, n, "the name of an arrested person or a victim (on the ethics deny-list)",
                                   initials(gram), FIX))
        prev = words or prev
    return out[:MAX_PER_FILE]


def check_text(rel: str, text: str, entities: frozenset[str] = frozenset(),
               memo: Memo | None = None) -> list[Problem]:
    """Every ethics problem in one file's text; `rel` (seeds/<folder>/<name>) decides the exemptions."""
    memo = Memo() if memo is None else memo
    problems = []
    name = rel.rsplit("/", 1)[-1]
    if m := MARKERS.search(fold(name)):  # a slug: the folded name keeps the original's columns
        problems.append(Problem(rel, None, f"the file name carries the alias marker {m.group()!r}",
                                _window(name, m.start(), m.end()), FIX))
    if found := denied_words(name, memo):
        problems.append(Problem(rel, None, "the file name carries the name of an arrested person or a victim",
                                ", ".join(sorted(map(initials, found))), FIX))
    return problems + name_problems(rel, text, memo) + marker_problems(rel, text, entities)


def entity_names(reference: dict) -> frozenset[str]:
    """alias_key of every reference entry's id, name, acronym and aliases."""
    out = set()
    for entries in reference.values():
        for e in entries:
            for text in (e.id.replace("-", " "), e.name, e.attrs.get("acronym"), *e.aliases):
                if text:
                    out.add(alias_key(text))
    out.discard("")
    return frozenset(out)


def check_seeds(seeds_dir: Path, reference: dict, problems: list[Problem]) -> None:
    """Add a Problem for every name or alias marker in any file under seeds/ (see the module docstring)."""
    entities = entity_names(reference)
    memo = Memo()
    base = seeds_dir.parent
    for dirpath, dirnames, filenames in os.walk(seeds_dir):  # does not follow linked folders
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            try:
                st = path.lstat()
                if not stat.S_ISREG(st.st_mode):
                    continue  # links, FIFOs and devices are refused by the reader; opening a FIFO would hang
                with open(path, "rb") as handle:
                    data = handle.read(limits.MAX_SEED_FILE_BYTES)
            except OSError:
                continue  # unreadable files are the reader's to report
            rel = path.relative_to(base).as_posix()
            problems.extend(check_text(rel, data.decode("utf-8", "replace"), entities, memo))


OUTPUTS = ("CONFLICTS.md", "docs/codebook.md", "datapackage.json")


def check_outputs(root: Path, reference: dict) -> list[str]:
    """The generated text files: decision reasons and descriptions are free text too."""
    entities = entity_names(reference)
    out = []
    for rel in OUTPUTS:
        path = root / rel
        if not path.is_file():
            continue  # a missing output is reported by the comparison with the build
        text = path.read_text(encoding="utf-8", errors="replace")
        out += map(str, name_problems(rel, text, Memo()) + marker_problems(rel, text, entities, kind="output"))
    return out
