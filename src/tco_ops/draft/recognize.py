"""Recognition: every agency, place and organization named in a text, resolved to one id.

Steps, in order (each a function below):
1. names from the gazetteer (reference, agencies_gazetteer.yaml, world places), longest first;
2. patterns for agencies no list can hold: "<Place> County Sheriff's Office", "<Place> Police
   Department", "Policía de <country>", "Fiscalía <Regional|Local…> de <place>";
3. a place name that several places share is resolved by the article's countries;
4. generic agency names ("National Police") by the country before them or the article's;
5. "<agency> office in <city>" becomes the city office when the reference has one;
6. names set aside: a parent body in a chain of names, a place inside an institution's name,
   a single-word place that is part of a person's name ("Santiago Zyx"), the dateline.

Roles (site, destination, ...) are not decided here: see roles.py.
"""

from __future__ import annotations

import re
from collections import Counter

from .cues import CONNECTOR_GAP, INSTITUTION_AFTER, INSTITUTION_BEFORE, OFFICE_GAP
from .gazetteer import DEMONYMS, Gazetteer, Mention
from .text import Doc
from .world import slug
from ..build.resolve import alias_key

COUNTY_SHERIFF = re.compile(r"\b((?:[A-Z][a-z]+ ){1,3})County Sheriff['’]?s?['’]? (?:Office|Department)")
SHERIFF = re.compile(r"\b((?:[A-Z][a-z]+ ){1,3})Sheriff['’]?s?['’]? (?:Office|Department)")
POLICE_DEPT = re.compile(r"\b((?:[A-Z][a-z]+ ){1,3})Police Department")
FISCALIA = re.compile(r"\b(?:Fiscal[ií]a|Prosecutor['’]s Office)((?: (?:Regional|Local|Provincial|Especializada|"
                      r"Metropolitana|Seccional|Departamental|Superior|Penal|de Alta Complejidad|Centro Norte|Centro "
                      r"Sur|Oriente|Occidente)){1,3})? (?:de(?:l| la| los)?|of) (?=[A-ZÁÉÍÓÚ])")
# a prosecutor's title before a place (folded): "fiscal regional de", "fiscal jefe de", "la fiscal de"
FISCAL_TITLE = re.compile(r"\bfiscal (?:(regional|jefe|local) )?de(?:l| la)? ")
POLICE_OF = re.compile(r"\bpolic[ií]a(?: nacional)? (?:de(?:l)?|of) (?:la |the )?$")
# "alias Caracas", "alias Ratón, Caracas y Viejo Daniel", "apodado", "la Sra. Ferguson" (folded)
NICKNAME_BEFORE = re.compile(r"(?:\b(?:alias|apodad[oa]|a\.?k\.?a\.?|conocid[oa] como)\s+(?:[\w’'\"“”-]+\s*(?:,|y|and)\s*)*"
                             r"|\b(?:sra?|srta|mrs?|ms|dr|dra)\.?\s+)[\"“']?$")
# Portuguese and Spanish words that fold to a place's name but keep their accent in the text:
# "Até o momento" is "until now", not Ate (Lima)
ACCENTED_WORDS = frozenset({"até", "já", "só", "está", "será", "após", "também", "así", "más", "sí"})
LINE_HEAD = re.compile(r"[\d:|.\s]*")
AND = frozenset(("and", "y", "e"))
# a Brazilian state body without its state (folded); see _state_bodies
STATE_BODY = re.compile(r"\b(?:policia civil|policia militar|ministerio publico|secretaria de seguranca publica)\b"
                        r"(?! (?:de|do|da|del|federal|estadual) [a-z])")
DATELINE_END = re.compile(r"\s*(?:,|\.|-|–|—|\()")


def recognize(g: Gazetteer, doc: Doc) -> tuple[list[Mention], dict[str, dict]]:
    """(mentions, new agencies found by pattern: id -> entry to propose)."""
    mentions = g.find(doc)
    mentions = _shared_modifier(g, doc, mentions)
    found: dict[str, dict] = {}
    mentions = _patterns(g, doc, mentions, found)
    _ambiguous(g, mentions)
    mentions = _state_bodies(g, doc, mentions)
    _foreign(g, mentions)
    _generic(g, doc, mentions)
    _office_rule(g, doc, mentions, found)
    _chains(g, doc, mentions)
    _persons_and_datelines(doc, mentions)
    return mentions, found


def _state_bodies(g: Gazetteer, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A Brazilian state's police or prosecutor named without its state ("a Polícia Civil", "o Ministério
    Público") is the one of the state the article's places lie in: "Polícia Civil de Roraima" when Boa
    Vista is named. Only when the reference holds that state's body and no other agency spans the words."""
    hits = [m for m in STATE_BODY.finditer(doc.folded)
            if not any(x.kind == "agency" and x.start < m.end() and m.start() < x.end for x in mentions)]
    if not hits:
        return mentions
    states: Counter = Counter()
    for x in mentions:
        if x.kind != "location" or x.dropped or x.id.startswith("?"):
            continue
        chain = [x.id, *g.ancestors("location", x.id)]
        state = next((i for i in chain if g.kinds["location"].get(i) == "region"), None)
        if state and g.countries["location"].get(state) == "BR":
            states[state] += 1
    if not states:
        return mentions
    state = g.names["location"][states.most_common(1)[0][0]]
    new = []
    for m in hits:
        keys = {alias_key(f"{m.group()} {p} {state}") for p in ("de", "do", "da")}
        aid = next((i for i, names in g.names_of.get("agency", {}).items() if names & keys), None)
        if aid is not None:
            new.append(_mention(doc, "agency", aid, m.start(), m.end(), doc.text[m.start():m.end()]))
    return sorted(mentions + new, key=lambda x: x.start) if new else mentions


def article_countries(g: Gazetteer, mentions: list[Mention]) -> Counter:
    """ISO countries of the places and agencies an article names (ambiguous ones left out)."""
    out: Counter = Counter()
    for m in mentions:
        if m.kind in ("location", "agency") and not m.id.startswith("?"):
            cc = g.countries.get(m.kind, {}).get(m.id)
            if cc:
                out[cc] += 1
    return out


def _shared_modifier(g: Gazetteer, doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """"Peruvian police and prosecutors": the demonym qualifies both nouns, so the second is the
    agency named "Peruvian prosecutors" (when the gazetteer has that name), not a common noun."""
    taken = {i for m in mentions for i in range(m.tok_i, m.tok_j)}
    new = []
    for m in mentions:
        if m.kind not in ("agency", "generic") or m.tok_j + 1 >= len(doc.toks) or doc.toks[m.tok_j] not in AND:
            continue
        mod = next((i for i in (m.tok_i, m.tok_i - 1) if i >= 0 and doc.toks[i] in DEMONYMS), None)
        if mod is None or m.tok_j + 1 in taken:
            continue
        for k in (3, 2, 1):  # the longest name first
            a, b = m.tok_j + 1, m.tok_j + 1 + k
            if b > len(doc.toks) or any(i in taken for i in range(a, b)) or doc.sentence_at(doc.tok_starts[b - 1]) \
                    != doc.sentence_at(doc.tok_starts[a]):
                continue
            words = [doc.text[doc.tok_starts[i]:doc.tok_ends[i]] for i in (mod, *range(a, b))]
            name = g.exact((doc.toks[mod], *doc.toks[a:b]), words)
            if name is not None and name.kind == "agency":
                new.append(Mention("agency", name.id, doc.tok_starts[a], doc.tok_ends[b - 1], a, b, name.text))
                taken.update(range(a, b))
                break
    return sorted(mentions + new, key=lambda x: x.start) if new else mentions


def _patterns(g: Gazetteer, doc: Doc, mentions: list[Mention], found: dict) -> list[Mention]:
    text = doc.text
    new: list[Mention] = []
    agencies = g.kinds.get("agency", {})
    for rx, suffix, label, needs in ((COUNTY_SHERIFF, "county-sheriff", "{} County Sheriff's Office", "Sheriff"),
                                     (SHERIFF, "sheriff", "{} Sheriff's Office", "Sheriff"),
                                     (POLICE_DEPT, "pd", "{} Police Department", "Police Department")):
        if needs not in text:  # a substring test is far cheaper than a scan that finds nothing
            continue
        for m in rx.finditer(text):
            place = m.group(1).strip()
            if place.split()[0] in ("The", "A", "El", "La", "And", "Y"):
                place = " ".join(place.split()[1:])
                if not place:
                    continue
            aid = f"us-{slug(place)}-{suffix}"
            if any(x.kind == "agency" and x.start < m.end() and m.start() < x.end for x in (*new, *mentions)):
                continue  # a listed name ("New York City Police Department" = NYPD) or a longer pattern wins
            if aid not in agencies:
                found[aid] = {"name": label.format(place), "country": "US", "level": "local", "kind": "police"}
            start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            new.append(_mention(doc, "agency", aid, start, m.end(), label.format(place)))
    for m in FISCALIA.finditer(text):
        place = next((x for x in mentions if x.kind == "location" and x.start == m.end()), None)
        if place is None:
            continue
        cc = g.countries.get("location", {}).get(place.id) or ""
        words = slug(m.group(1) or "")
        aid = f"{cc.lower()}-fiscalia-{slug(doc.text[place.start:place.end])}"
        if aid not in agencies and f"{aid}-{words}" not in agencies:
            found[aid] = {"name": text[m.start():place.end], "country": cc or None, "level": "state",
                          "kind": "prosecution"}
        new.append(_mention(doc, "agency", aid, m.start(), place.end, text[m.start():place.end]))
    for m in FISCAL_TITLE.finditer(doc.folded):  # "el fiscal regional de Tarapacá": his office is named
        place = next((x for x in mentions if x.kind == "location" and x.start == m.end()), None)
        if place is None or any(x.kind == "agency" and x.start < place.end and m.start() < x.end for x in mentions):
            continue
        where = alias_key(doc.text[place.start:place.end])
        level = (m.group(1) or "").strip()
        aid = next((g.named("agency", f"fiscalia {w}de {where}") for w in (f"{level} " if level else "", "regional ",
                                                                              "local ", "")
                    if g.named("agency", f"fiscalia {w}de {where}")), None)
        if aid:
            new.append(_mention(doc, "agency", aid, m.start(), place.end, doc.text[m.start():place.end]))
    for x in mentions:  # "Policía de Bolivia", "police of Ecuador": the country's national police
        if x.kind != "location" or g.kinds.get("location", {}).get(x.id) != "country":
            continue
        head = doc.folded[max(0, x.start - 30):x.start]
        pm = POLICE_OF.search(head)
        cc = g.countries["location"].get(x.id)
        if pm and cc in g.police_of:
            start = x.start - (len(head) - pm.start())
            new.append(_mention(doc, "agency", g.police_of[cc], start, x.end, doc.text[start:x.end]))
    if not new:
        return mentions
    kept = [x for x in mentions if not any(n.start <= x.start and x.end <= n.end or
                                           (x.start < n.start < x.end and x.kind == "agency") for n in new)]
    return sorted(kept + new, key=lambda x: x.start)


def _mention(doc: Doc, kind: str, aid: str, start: int, end: int, name: str) -> Mention:
    i, j = doc.token_at(start), doc.token_at(end - 1) + 1
    return Mention(kind, aid, start, end, i, j, name)


def _ambiguous(g: Gazetteer, mentions: list[Mention]) -> None:
    """"Valencia", "Harris County": the option in a state or country the article names, else the largest."""
    countries = article_countries(g, mentions)
    named = {m.id for m in mentions}
    for m in mentions:
        if not m.id.startswith("?"):
            continue
        options = g.ambiguous[m.id]
        parents = g.parents.get("location", {})
        pick = next((o for o in options if parents.get(o) in named), None)
        if pick is None and countries:
            pick = max(options, key=lambda o: (countries.get(g.countries["location"].get(o), 0), -options.index(o)))
        m.id = pick or options[0]


def _foreign(g: Gazetteer, mentions: list[Mention]) -> None:
    """A place from the shipped gazetteers in a country the article does not otherwise name is set aside.

    "Cerro", "Una", "Bonito" are towns somewhere; in a Chilean report they are words. The
    reference's places, countries and big cities (a million people or more) are exempt.
    """
    known = Counter()
    for m in mentions:
        if m.kind == "agency" or (m.kind == "location" and (m.id not in g.new.get("location", {})
                                                            or g.kinds["location"].get(m.id) == "country")):
            cc = g.countries.get(m.kind, {}).get(m.id)
            if cc:
                known[cc] += 1
    for m in mentions:
        new = g.new.get("location", {}).get(m.id) if m.kind == "location" else None
        if new and new["kind"] != "country" and new["country"] not in known and new.get("population", 0) < 1_000_000:
            m.dropped = f"a place in {new['country']}, a country the article does not name"


def _generic(g: Gazetteer, doc: Doc, mentions: list[Mention]) -> None:
    """Resolve "the Interior Ministry", "National Police" by the country before them or the article's."""
    ranked = article_countries(g, mentions).most_common(1)
    article_cc = ranked[0][0] if ranked else None
    for m in mentions:
        if m.kind != "generic":
            continue
        options = g.generic[m.id]
        before = doc.toks[max(0, m.tok_i - 2):m.tok_i]
        after = doc.toks[m.tok_j:m.tok_j + 1]
        cc = None
        if before and before[-1] in DEMONYMS:
            cc = DEMONYMS[before[-1]]
        elif after and after[0] in DEMONYMS:  # "la Policía Nacional boliviana"
            cc = DEMONYMS[after[0]]
        elif len(before) == 2 and before[-1] == "s" and before[0] in g.country_words:
            cc = g.country_words[before[0]]
        cc = cc or article_cc
        if cc in options:
            m.kind, m.id = "agency", options[cc]
        elif cc in g.police_of and "police" in m.id or "policia" in m.id and cc in g.police_of:
            m.kind, m.id = "agency", g.police_of[cc]
        else:
            m.kind, m.dropped = "agency-unresolved", "a generic name whose country is unclear"


def _office_rule(g: Gazetteer, doc: Doc, mentions: list[Mention], found: dict) -> None:
    """"HSI office in Lima" -> the reference's HSI Lima; "FBI Houston", "DEA El Paso" -> a new city office."""
    for a, b in zip(mentions, mentions[1:]):
        if a.kind != "agency" or b.kind != "location" or a.dropped or b.dropped:
            continue
        gap = doc.folded[a.end:b.start]
        if not (OFFICE_GAP.match(gap) or (gap == " " and doc.text[a.start:a.end].isupper()
                                          and g.kinds.get("location", {}).get(b.id) == "city")):
            continue
        place = " ".join(doc.toks[b.tok_i:b.tok_j])
        for child, keys in g.children.get("agency", {}).get(a.id, ()):
            if any(re.search(rf"\b{re.escape(place)}\b", k) for k in keys):
                a.id, a.end, a.tok_j = child, b.end, b.tok_j
                b.dropped = "part of an agency office's name"
                break
        else:
            if gap == " " and g.countries.get("agency", {}).get(a.id) == "US":  # "FBI Houston": the field office
                office = f"{a.id}-{slug(doc.text[b.start:b.end])}"
                name = f"{doc.text[a.start:a.end]} {doc.text[b.start:b.end]}"
                if office not in g.kinds.get("agency", {}):
                    found[office] = {"name": name, "country": "US", "level": "national", "kind": "investigation",
                                     "parent": a.id}
                a.id, a.end, a.tok_j = office, b.end, b.tok_j
                b.dropped = "part of an agency office's name"


def _chains(g: Gazetteer, doc: Doc, mentions: list[Mention]) -> None:
    """In "A (B) Office of the C at the D", parent bodies of the most specific name are descriptions."""
    agencies = [m for m in mentions if m.kind == "agency" and not m.dropped]
    chain: list[Mention] = []
    for m in agencies + [None]:
        if m is not None and chain and CONNECTOR_GAP.match(doc.folded[chain[-1].end:m.start]) \
                and doc.sentence_at(m.start) == doc.sentence_at(chain[-1].start):
            chain.append(m)
            continue
        if len(chain) > 1:
            ids = {c.id for c in chain}
            above = {a for i in ids for a in g.ancestors("agency", i)}
            seen = set()
            for c in chain:
                if c.id in above:
                    c.dropped = "names a parent body of the agency it describes"
                elif c.id in seen:
                    c.dropped = "repeats the name just before it"
                seen.add(c.id)
        chain = [m] if m is not None else []
    for m in mentions:
        if m.kind == "location" and not m.dropped:
            if INSTITUTION_AFTER.match(doc.folded, m.end) and not doc.folded.startswith("'s", m.end):
                m.dropped = "part of an institution's name"
            elif INSTITUTION_BEFORE.search(doc.folded, max(0, m.start - 30), m.start):
                m.dropped = "part of an institution's name"
    locs = [m for m in mentions if m.kind == "location" and not m.dropped]
    for a, b in zip(locs, locs[1:]):
        gap = doc.folded[a.end:b.start]
        if gap.strip() == "(" and doc.text[b.end:b.end + 1] == ")":
            b.dropped = "a qualifier in brackets after another place"


def _persons_and_datelines(doc: Doc, mentions: list[Mention]) -> None:
    text = doc.text
    starts = {m.tok_i for m in mentions}
    for m in mentions:
        if m.kind != "location" or m.dropped:
            continue
        if text[m.start:m.end].lower() in ACCENTED_WORDS:
            m.dropped = "a word written with its accent ('até'), not the place"
            continue
        line_start = text.rfind("\n", 0, m.start) + 1
        if LINE_HEAD.fullmatch(text, line_start, m.start) and DATELINE_END.match(text, m.end):
            m.dropped = "the dateline: where the story was filed"
            # "BOGOTA, Colombia (AP) —": the country after the dateline city is part of it
            for n in mentions:
                if n.kind == "location" and m.end < n.start <= m.end + 4 and text[m.end:n.start].strip() == ",":
                    n.dropped = "the dateline: where the story was filed"
            continue
        if NICKNAME_BEFORE.search(doc.folded, max(0, m.start - 40), m.start):
            m.dropped = "a nickname or a person's surname ('alias Caracas', 'la Sra. Ferguson'), not the place"
            continue
        if m.tok_j - m.tok_i != 1:
            continue
        nxt = doc.tok_starts[m.tok_j] if m.tok_j < len(doc.toks) else None
        prev = doc.tok_starts[m.tok_i - 1] if m.tok_i > 0 else None
        gap_next = text[m.end:nxt] if nxt is not None else ""
        gap_prev = text[doc.tok_ends[m.tok_i - 1]:m.start] if prev is not None else ""
        # "Santiago Zyx", "Zyx Valencia": a capitalised word joined to the place by a space is a person's name
        if nxt is not None and gap_next == " " and text[nxt].isupper() and doc.toks[m.tok_j] not in ("de", "del"):
            m.dropped = "a single word joined to a capitalised word: likely part of a person's name"
        elif prev is not None and gap_prev == " " and text[prev].isupper() and doc.sentence_at(prev) == \
                doc.sentence_at(m.start) and doc.sents and doc.sents[doc.sentence_at(m.start)].start != prev \
                and (m.tok_i - 1) not in starts and doc.toks[m.tok_i - 1] not in _TITLES:
            m.dropped = "a single word after a capitalised word: likely part of a person's name"


# Words before a place that are not a first name ("Región Metropolitana" aside, these stay places)
_TITLES = frozenset("en in at de del desde from to a hacia para city ciudad region departamento provincia estado state "
                    "comuna municipio county condado distrito district barrio sector near cerca north south "
                    "northern southern eastern western norte sur".split())
