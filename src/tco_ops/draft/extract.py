"""Draft candidate claims from one article's text: rules, cue words and a confidence per claim.

The pipeline, in order:

1. Names: agencies, places and organizations from the reference files (gazetteer.py).
   An agency written as "<agency> office in <city>" becomes the city office when the
   reference has one ("HSI ... office in Lima" -> HSI Lima). In a chain of names joined
   only by connectors ("HSI (HIS Lima) Office of the ICE", "División ... de la DIRINCRI")
   the parent bodies are descriptions of the most specific one and are set aside.
2. Sentences get a score from cue words: an event (arrested, raid, "el operativo",
   capturaron ...) raises it; generic statements ("works closely with", "remains
   committed"), background (a year before the publication year) and photo captions
   lower it. An article with no event sentence at all (analysis, opinion) is damped.
3. Candidates: dates (dates.py), counts bound to a measure by the noun after the
   number and the nearest verb (numbers.py + the lexicon below), agencies with a role
   from cue words, places (the most specific ones), target organizations.
4. Confidence in [0, 1] per candidate; those at or above `THRESHOLD` are proposed as
   claims, the rest are listed (commented out) for the curator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..build.dates import Period
from collections import Counter

from .dates import find_dates
from .gazetteer import DEMONYMS, Gazetteer, Mention
from .numbers import Count, find_counts
from .text import Doc

THRESHOLD = 0.5
FIELD_ORDER = ("date", "location", "agency", "target", "arrested", "arrested_affiliation", "charged",
               "persons_targeted", "personnel", "sites", "victims_rescued", "minors_rescued", "minors_in_network")


@dataclass
class Candidate:
    field: str
    value: object
    start: int  # quote span in the text
    end: int
    confidence: float
    reason: str
    qualifier: str | None = None
    role: str | None = None
    inferred: bool = False
    note: str | None = None

    @property
    def key(self) -> tuple:
        return (self.field, self.value, self.qualifier, self.role)


def _rx(*phrases: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


# -- cue lexicon (folded: lower case, no accents) ------------------------------------
EVENT = _rx(
    # English
    r"arrest(?:ed|s|ing)?", r"detain(?:ed|ing)?", r"captur(?:ed|ing|e)", r"apprehend(?:ed|ing)?",
    r"raid(?:ed|s)?", r"rescu(?:ed|e|ing)", r"freed", r"dismantl(?:ed|e|ing)", r"seiz(?:ed|ure)",
    r"searched", r"took part", r"carried out", r"took place", r"booked", r"indicted", r"charg(?:ed|ing)",
    r"(?:the|an|this|that) operation", r"sting", r"crackdown", r"were held", r"taken into custody",
    r"executed search warrants", r"busted",
    # Spanish
    r"detuv(?:o|ieron)", r"detenid[oa]s?", r"detenciones", r"captur(?:o|aron|ados|adas|ado|ada|an)",
    r"se captur[oa]", r"arrest(?:o|aron|ados|adas|ado|ada)", r"aprehend(?:io|ieron|idos|idas|ido|ida)",
    r"allan(?:o|aron|amientos?)", r"rescat(?:o|aron|ados|adas|an)", r"liber(?:o|aron|adas|ados)",
    r"desarticul(?:o|aron|a|an|ada|ado)", r"desmantel(?:o|aron|a|an)", r"incaut(?:o|aron|a|an)",
    r"(?:el|un|este|del|al|gran) (?:mega)?operativo", r"megaoperativo", r"(?:la|una|esta) operacion",
    r"(?:la|una) intervencion", r"redada", r"(?:el|un|este) procedimiento", r"entrada y registro", r"tomaron el control", r"participaron", r"se realizo",
    r"se produjo", r"cae", r"cayo", r"caen", r"cayeron", r"detienen", r"capturan", r"rescatan",
)
SPEECH = _rx(
    r"said", r"says", r"stated", r"told", r"announced", r"reported", r"highlighted", r"added", r"noted",
    r"explained", r"confirmed", r"according to", r"in a statement",
    r"dijo", r"informo", r"informaron", r"senalo", r"senalaron", r"indico", r"indicaron", r"anuncio",
    r"declaro", r"preciso", r"explico", r"afirmo", r"aseguro", r"destaco", r"segun", r"de acuerdo con",
    r"confirmo", r"reporto", r"detallo", r"dio a conocer", r"informa",
)
GENERIC = _rx(
    r"works? (?:closely )?with", r"is working", r"are working", r"remains? committed", r"committed to",
    r"a priority", r"around the world", r"worldwide", r"has opened", r"have opened", r"designated",
    r"sanctions", r"presumed innocent", r"are allegations", r"experts?", r"researchers?", r"reafirma",
    r"compromiso", r"trabaja(?:n)? (?:con|junto)", r"han multiplicado", r"cada vez que", r"sin embargo",
    r"se apresuran", r"no desmonta", r"in general", r"en general", r"suelen?", r"usually", r"often",
    r"every time", r"whenever", r"has expanded", r"ha expandido", r"is one of", r"es una de",
)
LEAD = _rx(r"led by", r"under the (?:direction|leadership) of", r"bajo la direccion de(?:l| la)?", r"headed by", r"under the command of", r"a cargo de(?:l| la)?", r"dirigid[oa] por",
           r"encabezad[oa] por", r"liderad[oa] por", r"conducted by", r"carried out by", r"realizad[oa] por",
           r"ejecutad[oa] por", r"coordinated by", r"coordinad[oa] por")
LEAD_AFTER = _rx(r"que dirigio", r"que lidero", r"que encabezo", r"which led", r"who led", r"led the")
SUPPORT_BEFORE = _rx(r"with (?:the )?support (?:from|of)", r"support from", r"supported by", r"backed by",
                     r"with (?:the )?assistance (?:from|of)", r"assisted by", r"con (?:el )?apoyo (?:de|del)",
                     r"apoyad[oa]s? por", r"con la colaboracion de", r"with help from", r"aided by")
SUPPORT_VERB = _rx(r"supported", r"supporting", r"assisted", r"provided (?:\w+ )?support", r"apoyaron",
                   r"apoyo a", r"brindo apoyo", r"brindaron apoyo", r"prestaron apoyo")
PARTICIPANT = _rx(r"together with", r"in coordination with", r"jointly with", r"alongside", r"joint",
                  r"en coordinacion con", r"junto (?:con|a)", r"conjunt[oa] con", r"con la participacion de",
                  r"conto con la participacion")
NEGATION = _rx(r"not", r"no", r"never", r"nunca", r"without", r"sin", r"at large", r"profug[oa]s?", r"escaped",
               r"fled", r"huyeron", r"remain(?:s|ed)? free")
SUBSET = _rx(r"include[sd]?", r"incluye(?:n)?", r"figura(?:n)?", r"among whom", r"entre quienes",r"entre (?:los|las) (?:detenid[oa]s|capturad[oa]s|arrestad[oa]s)(?: (?:hay|figuran|estan|se encuentran))?",
             r"entre (?:ellos|ellas)", r"of (?:them|whom|those)", r"among (?:them|those|the)", r"de (?:ellos|ellas)",
             r"including", r"incluidos", r"incluidas", r"del total", r"of the total")
ONE_PERSON = re.compile(
    r"\b(?P<verb>captur(?:o|aron|ed)|detuv(?:o|ieron)|arrest(?:o|aron|ed)|aprehend(?:io|ieron|ed)|detained)"
    r"(?P<gap>(?: [\w']+){0,7}?) (?P<one>(?:a )?(?:un|una|a|one)) (?:(?:presunt[oa]|supuest[oa]|alleged|suspected) )?"
    r"(?P<noun>ciudadan[oa]|hombre|mujer|sujeto|individuo|joven|extranjer[oa]|venezolan[oa]|integrante|miembro|"
    r"cabecilla|lider|man|woman|suspect|member|leader|person|persona)\b")
PUNCT = re.compile(r"[,;:()\[\]]")
TOKEN_RX = re.compile(r"[0-9a-z]+")
CAPTION = re.compile(r"^(?:photo|foto|image|imagen|video|fuente|source|credit|credito)s?\b")

# counts: the noun after the number, and verbs near it
PERSONNEL = {"officers", "officer", "agents", "agentes", "policemen", "policias", "troops", "soldiers", "soldados",
             "troopers", "personnel", "efectivos", "uniformados", "funcionarios", "militares", "detectives",
             "investigators", "carabineros", "guardias", "gendarmes", "deputies", "marshals", "policemen"}
SITES = {"properties", "homes", "houses", "residences", "locations", "premises", "addresses", "buildings", "sites",
         "raids", "apartments", "warehouses", "inmuebles", "viviendas", "domicilios", "casas", "allanamientos",
         "registros", "locales", "predios", "departamentos", "lugares", "puntos", "establecimientos", "bodegas",
         "immuebles", "residencias", "searches", "complexes", "compounds", "hideouts", "ranches", "farms",
         "recintos", "galpones", "fincas", "parcelas", "campamentos", "inmuebles"}
ARRESTED_NOUNS = {"detenidos", "detenidas", "capturados", "capturadas", "arrestados", "arrestadas", "aprehendidos",
                  "aprehendidas", "arrests", "arrested", "detentions", "detenciones", "capturas", "detainees"}
PERSONS = {"people", "persons", "individuals", "suspects", "members", "men", "women", "foreigners", "nationals",
           "venezuelans", "defendants", "adults", "associates", "personas", "individuos", "sujetos", "integrantes",
           "miembros", "hombres", "mujeres", "extranjeros", "ciudadanos", "venezolanos", "venezolanas",
           "colombianos", "peruanos", "chilenos", "delincuentes", "implicados", "victims", "victimas", "migrants",
           "migrantes", "girls", "boys", "leaders", "cabecillas", "alleged", "person", "persona", "others",
           "gang", "youths", "jovenes", "ciudadanas", "detainees", "fugitives", "prisoners", "reos", "reclusos",
           # singular, for "capturaron a un ciudadano", "arrested a suspect"
           "ciudadano", "ciudadana", "hombre", "mujer", "sujeto", "individuo", "joven", "extranjero", "extranjera",
           "venezolano", "venezolana", "integrante", "miembro", "cabecilla", "lider", "man", "woman", "suspect",
           "member", "leader"}
MINORS = {"minors", "minor", "children", "child", "teenagers", "adolescents", "menores", "ninos", "ninas",
          "adolescentes", "underage"}
SKIP = {"suspected", "alleged", "presumed", "reputed", "purported", "more", "other", "presuntos", "presuntas",
        "supuestos", "supuestas", "presunto", "presunta", "of", "the", "them", "de", "los", "las", "ellos", "ellas",
        "whom", "those", "more", "additional", "nuevos", "otros", "otras", "law", "enforcement", "police",
        "policiales", "federal", "state", "local", "security", "de", "la", "gang", "cell", "foreign", "venezuelan",
        "colombian", "peruvian", "chilean", "civilian", "edad", "alleged", "u", "s", "armed", "heavily"}
UNITS = {"kilograms", "kilos", "kg", "kilogramos", "tons", "toneladas", "dollars", "euros", "soles", "pesos",
         "percent", "por", "years", "anos", "months", "meses", "days", "dias", "hours", "horas", "minutes",
         "minutos", "firearms", "weapons", "guns", "rifles", "armas", "phones", "telefonos", "celulares",
         "vehicles", "vehiculos", "cars", "rounds", "municiones", "grams", "gramos", "million", "millones",
         "billion", "am", "pm", "killings", "homicidios", "asesinatos", "murders", "denuncias", "complaints",
         "countries", "paises", "cities", "ciudades", "times", "veces", "km", "kilometers", "kilometros", "metros",
         "meters", "cases", "casos", "crimes", "delitos", "charges", "cargos", "counts", "bullets", "balas",
         "doses", "dosis", "packages", "paquetes", "bags", "bolsas", "ounces", "pounds", "libras", "units",
         "unidades", "rounds", "cartuchos", "semanas", "weeks", "de", "a", "al", "y", "and", "to"}
STOP = {"were", "was", "are", "is", "fueron", "han", "have", "had", "who", "que", "and", "y", "in", "en", "at",
        "on", "con", "with", "for", "para", "por", "from", "desde", "during", "durante", "after", "tras"}

ARREST_V = _rx(r"arrest(?:ed|s|ing)?", r"detain(?:ed|ing)?", r"captur(?:ed|ing)", r"apprehend(?:ed|ing)?",
               r"taken into custody", r"rounded up", r"detuv(?:o|ieron)", r"detenid[oa]s?", r"detenciones?",
               r"captur(?:o|aron|ados|adas|ado|ada|an)", r"arrest(?:o|aron|ados|adas)", r"aprehend\w*",
               r"cayeron", r"caen", r"detienen", r"held")
RESCUE_V = _rx(r"rescu(?:ed|ing|e)", r"freed", r"liberated", r"saved", r"rescat\w*", r"liberad[oa]s?",
               r"liberaron", r"libero")
CHARGE_V = _rx(r"charged", r"charging", r"indicted", r"indicting", r"booked", r"imputad[oa]s", r"formaliz\w*",
               r"acusad[oa]s formalmente", r"acuso formalmente")
TARGET_V = _rx(r"targeted", r"targeting", r"arrest warrants?", r"warrants? for", r"to arrest", r"to detain",
               r"to capture", r"proceed with the arrest", r"ordenes de (?:captura|detencion|aprehension)",
               r"para (?:capturar|detener|aprehender)", r"buscaba(?:n)? (?:capturar|detener)", r"objetivos",
               r"sought", r"wanted")
NETWORK = _rx(r"involving", r"exploit(?:ed|s|ing)?", r"network", r"explotaba\w*", r"explotad[oa]s", r"red",
              r"involucra\w*", r"victimas de")
JUDICIAL = _rx(r"hearings?", r"arraign(?:ed|ment)", r"courts?", r"judges?", r"juez", r"jueza", r"tribunal(?:es)?",
               r"audiencias?", r"control de detencion", r"formalizacion", r"sentenc(?:ed|ing)", r"condenad[oa]s?")
FUTURE = _rx(r"will", r"would", r"could", r"serian?", r"seran", r"podrian?", r"planned", r"prevista?",
             r"next", r"proxim[oa]s?")
INSTITUTION_AFTER = re.compile(r"\s*(?:federal court|court|courthouse|county|prison|jail|airport|university|"
                               r"police department|city council|district attorney|'s)\b")
INSTITUTION_BEFORE = re.compile(r"\b(?:tribunal|juzgado|corte|carcel|aeropuerto|universidad|fiscalia|policia|"
                                r"municipalidad|alcaldia|gobierno|government of|court of|police of)(?: de(?:l| la)?)?\s*$")
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
CONNECTOR_GAP = re.compile(r"^[\s,()'\"-]*(?:(?:office|oficina|of|the|at|de|la|del|el|in|en|s|'s|unit|"
                           r"division|unidad)[\s,()'\"-]*)*$")
OFFICE_GAP = re.compile(r"^[\s,'-]*(?:s\s+)?(?:field\s+)?(?:office|oficina|attache office|agregaduria)?\s*(?:in|en|de)\s*$")


@dataclass
class _Sent:
    score: float = 0.0
    event: bool = False
    generic: bool = False
    background: bool = False
    caption: bool = False
    figures: int = 0
    dates: int = 0


@dataclass
class Draft:
    """Everything drafted from one article."""

    candidates: list[Candidate] = field(default_factory=list)
    event_article: bool = True

    def claims(self, threshold: float = THRESHOLD) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence >= threshold]

    def rejected(self, threshold: float = THRESHOLD) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence < threshold]


def _spans(rx: re.Pattern, folded: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(folded)]


def _clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 2)


class Extractor:
    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer

    # -- public ------------------------------------------------------------------------
    def draft(self, text: str, published: Period | None = None) -> Draft:
        doc = Doc.of(text)
        f = doc.folded
        cues = {name: _spans(rx, f) for name, rx in (
            ("event", EVENT), ("speech", SPEECH), ("generic", GENERIC), ("lead", LEAD), ("lead_after", LEAD_AFTER),
            ("support_before", SUPPORT_BEFORE), ("support_verb", SUPPORT_VERB), ("participant", PARTICIPANT),
            ("future", FUTURE))}
        sents = [_Sent() for _ in doc.sents]
        by_sent: dict[str, list[set[int]]] = {}
        for name, spans in cues.items():
            per = [set() for _ in doc.sents]
            for i, (a, _) in enumerate(spans):
                if doc.sents:
                    per[doc.sentence_at(a)].add(i)
            by_sent[name] = per
        pub_year = published.start.year if published is not None else None
        paragraphs = f.split("\n")
        for k, s in enumerate(doc.sents):
            st = sents[k]
            st.event = bool(by_sent["event"][k]) if doc.sents else False
            st.generic = bool(by_sent["generic"][k])
            years = [int(y) for y in YEAR.findall(f, s.start, s.end)]
            st.background = pub_year is not None and any(y < pub_year - (1 if published.start.month > 2 else 2)
                                                         or (y < pub_year and published.start.month > 6)
                                                         for y in years)
            st.caption = s.first_in_paragraph and bool(CAPTION.match(paragraphs[s.paragraph].lstrip()))
        mentions = self.g.find(doc)
        self._generic(doc, mentions)
        self._office_rule(doc, mentions)
        self._chains(doc, mentions)
        spans: list[tuple[int, int]] = []
        dates = self._dates(doc, published, cues, sents, spans)
        figures = self._figures(doc, sents, spans)
        for c in figures:
            sents[doc.sentence_at(c.start)].figures += 1
        for d in dates:
            sents[doc.sentence_at(d.start)].dates += 1
        for st in sents:
            st.score = (0.35 + 0.35 * st.event + 0.1 * bool(st.figures) + 0.1 * bool(st.dates) - 0.3 * st.generic
                        - 0.35 * st.background - 0.5 * st.caption)
        event_article = any(st.event and not st.generic and not st.background and not st.caption for st in sents)
        _totals(figures)
        out = dates + figures
        out += self._agencies(doc, mentions, sents, cues)
        out += self._places(doc, mentions, sents)
        out += self._targets(doc, mentions, sents, figures)
        if not event_article:
            for c in out:
                c.confidence = _clamp(c.confidence * 0.6)
                c.reason += "; no sentence in the article reports an operation"
        out = _dedupe(out)
        out.sort(key=lambda c: (FIELD_ORDER.index(c.field), c.start))
        return Draft(out, event_article)

    # -- names ---------------------------------------------------------------------------
    def _generic(self, doc: Doc, mentions: list[Mention]) -> None:
        """Resolve "the Interior Ministry", "National Police" by the country before them or the article's."""
        places = Counter(self.g.countries["location"].get(m.id) for m in mentions if m.kind == "location")
        bodies = Counter(self.g.countries["agency"].get(m.id) for m in mentions if m.kind == "agency")
        ranked = (places or bodies).most_common(1)
        article_cc = ranked[0][0] if ranked else None
        for m in mentions:
            line_start = doc.text.rfind("\n", 0, m.start) + 1
            if m.kind == "location" and re.fullmatch(r"[\d:|.\s]*", doc.text[line_start:m.start]) \
                    and re.match(r"\s*(?:,|\.|-|–|—|\()", doc.text[m.end:m.end + 3]):
                m.dropped = "the dateline: where the story was filed"
            if m.kind != "generic":
                continue
            options = self.g.generic[m.id]
            before = doc.toks[max(0, m.tok_i - 2):m.tok_i]
            cc = None
            if before and before[-1] in DEMONYMS:
                cc = DEMONYMS[before[-1]]
            elif len(before) == 2 and before[-1] == "s" and before[0] in self.g.country_words:
                cc = self.g.country_words[before[0]]
            cc = cc or article_cc
            if cc in options:
                m.kind, m.id = "agency", options[cc]
            else:
                m.kind, m.dropped = "agency-unresolved", "a generic name whose country is unclear"

    def _office_rule(self, doc: Doc, mentions: list[Mention]) -> None:
        """"Homeland Security Investigations office in Lima" -> the reference's HSI Lima, when it has one."""
        for a, b in zip(mentions, mentions[1:]):
            if a.kind != "agency" or b.kind != "location" or a.dropped or b.dropped:
                continue
            if not OFFICE_GAP.match(doc.folded[a.end:b.start]):
                continue
            place = " ".join(doc.toks[b.tok_i:b.tok_j])
            for child, keys in self.g.children["agency"].get(a.id, ()):
                if any(re.search(rf"\b{re.escape(place)}\b", k) for k in keys):
                    a.id, a.end, a.tok_j = child, b.end, b.tok_j
                    b.dropped = "part of an agency office's name"
                    break

    def _chains(self, doc: Doc, mentions: list[Mention]) -> None:
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
                above = {a for i in ids for a in self.g.ancestors("agency", i)}
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

    # -- dates ---------------------------------------------------------------------------
    def _dates(self, doc: Doc, published: Period | None, cues, sents: list[_Sent], spans: list) -> list[Candidate]:
        out = []
        pub_day = published.start if published is not None and published.precision == "day" else None
        for d in find_dates(doc.folded, published, doc.text, spans):
            k = doc.sentence_at(d.start)
            s = doc.sents[k] if doc.sents else None
            st = sents[k]
            line_start = doc.text.rfind("\n", 0, d.start) + 1
            if pub_day is not None and d.value == pub_day.isoformat() and d.kind in ("dmy_es", "mdy_en", "dmy_en") \
                    and d.start - line_start < 60:
                continue  # a dateline
            if d.kind in ("month", "month_bare") and pub_day is not None and d.value == f"{pub_day:%Y-%m}" \
                    and d.start - line_start < 60 and d.note == "month as printed":
                continue
            conf, why = 0.55, [f"{d.kind.replace('_', ' ')} expression; {d.note}"]
            if st.event:
                conf += 0.25
                why.append("in a sentence reporting the operation")
            before = doc.tokens_between(max(s.start if s else 0, doc.tok_starts[max(0, doc.token_at(d.start) - 7)]
                                            if doc.toks else 0), d.start)
            speech_near = any(SPEECH.fullmatch(" ".join(before[i:i + n])) for n in (1, 2, 3)
                              for i in range(len(before)))
            if speech_near or _near(cues["speech"], d.start, d.end, 25, 0):
                conf -= 0.4
                why.append("next to a verb of saying: may date the statement, not the operation")
            conf -= _context_penalty(st, why)
            if s is not None and (JUDICIAL.search(doc.folded, s.start, s.end) and not st.event
                                  or JUDICIAL.search(doc.folded, max(s.start, d.start - 40), d.start)):
                conf -= 0.35
                why.append("a court step, not the operation")
            if d.kind in ("month_bare",) and not st.event:
                conf -= 0.15
            out.append(Candidate("date", d.value, d.start, d.end, _clamp(conf), "; ".join(why),
                                 inferred=d.inferred))
        return out

    # -- counts --------------------------------------------------------------------------
    def _figures(self, doc: Doc, sents: list[_Sent], spans: list[tuple[int, int]]) -> list[Candidate]:
        out = []
        counts = [c for c in find_counts(doc.text, doc.folded) if not any(a <= c.number_start < b for a, b in spans)]
        for m in ONE_PERSON.finditer(doc.folded):
            if PUNCT.search(m.group("gap")) or doc.sentence_at(m.start()) != doc.sentence_at(m.end()):
                continue
            if any(c.start <= m.start("one") < c.end for c in counts):
                continue
            counts.append(Count(m.start("one"), m.end("one"), 1, "exact", None, m.start("one")))
        for c in counts:
            bound = self._bind(doc, c, counts)
            if bound is None:
                continue
            measure, q_start, q_end, why, strength = bound
            k = doc.sentence_at(c.start)
            st = sents[k]
            conf = {"noun+verb": 0.85, "noun": 0.75, "verb": 0.65}[strength]
            reasons = [why]
            conf -= _context_penalty(st, reasons)
            s = doc.sents[k]
            if FUTURE.search(doc.folded, s.start, s.end) and not st.event:
                conf -= 0.2
                reasons.append("future or conditional")
            note = c.note
            out.append(Candidate(measure, c.value, q_start, q_end, _clamp(conf), "; ".join(reasons),
                                 qualifier=c.qualifier, note=note))
        return out

    def _bind(self, doc: Doc, c: Count, counts: list[Count]):
        """(measure, quote start, quote end, reason, strength) for a count, or None.

        The noun right after the number decides when it is unambiguous (officers, homes,
        detenidos); for people ("23 personas", "members") the nearest verb of arrest,
        rescue, charge or intent does, counted in words, a comma costing six words.
        """
        toks, f = doc.toks, doc.folded
        k = doc.sentence_at(c.start)
        s = doc.sents[k]
        if 1900 <= c.value <= 2100 and c.note is None and not re.search(r"[a-z]", f[c.number_start:c.end]):
            return None  # a year
        i = doc.token_at(c.end - 1) + 1  # first token after the number
        noun, noun_kind, j, prev_end = None, None, i, c.end
        while j < len(toks) and j < i + 5 and doc.tok_starts[j] < s.end:
            if PUNCT.search(f, prev_end, doc.tok_starts[j]) or "." in f[prev_end:doc.tok_starts[j]]:
                break
            t = toks[j]
            if j == i and t in UNITS:
                return None
            kind = ("personnel" if t in PERSONNEL else "sites" if t in SITES else "arrested" if t in ARRESTED_NOUNS
                    else "minors" if t in MINORS else "persons" if t in PERSONS else None)
            if kind:
                noun, noun_kind = j, kind
                break
            if t in STOP or (t not in SKIP and j > i + 2):
                break
            prev_end = doc.tok_ends[j]
            j += 1
        q_end = doc.tok_ends[noun] if noun is not None else c.end
        if noun_kind == "personnel":
            return "personnel", c.start, q_end, f"officers: '{toks[noun]}'", "noun"
        if noun_kind == "sites":
            return "sites", c.start, q_end, f"places: '{toks[noun]}'", "noun"
        if noun_kind == "arrested":
            return "arrested", c.start, q_end, f"'{toks[noun]}'", "noun"
        subset = SUBSET.search(f, s.start, c.start) is not None

        def nearest(rx, before=True):
            best = None
            for m in rx.finditer(f, s.start, s.end):
                if m.end() <= c.start:
                    if not before:
                        continue
                    gap = f[m.end():c.start]
                elif m.start() >= q_end:
                    gap = f[q_end:m.start()]
                else:
                    continue
                d = len(TOKEN_RX.findall(gap)) + 3 * len(PUNCT.findall(gap))
                if best is None or d < best[0]:
                    best = (d, m.start(), m.end())
            return best

        if noun_kind == "minors":
            if RESCUE_V.search(f, s.start, s.end):
                return "minors_rescued", c.start, q_end, "minors, in a sentence about a rescue", "noun+verb"
            if nearest(NETWORK):
                return "minors_in_network", c.start, q_end, "minors the network is said to involve", "noun+verb"
            return None
        found = []
        for measure, rx in (("persons_targeted", TARGET_V), ("victims_rescued", RESCUE_V), ("charged", CHARGE_V),
                            ("arrested", ARREST_V)):
            hit = nearest(rx, before=not subset)  # "of those detained, 12 were booked": the verb after counts
            if hit:
                found.append((hit[0], measure, hit))
        if not found:
            return None
        found.sort(key=lambda x: x[0])  # ties: the order above (intent before arrest: "to arrest 24")
        dist, measure, hit = found[0]
        personal_a = hit[2] <= c.start and re.search(r"\ba\s+$", f[max(s.start, c.start - 4):c.start])
        if dist > (16 if personal_a else 10 if noun is not None else 3):  # "capturó el sábado en X, Y, a seis"
            return None
        if noun is not None and toks[noun] in BREAKDOWN and any(
                o is not c and abs(o.start - c.start) < 60 and doc.sentence_at(o.start) == k
                and _noun_after(doc, o) in BREAKDOWN for o in counts):
            return None  # "siete venezolanos y dos chilenos": a breakdown of a group
        if NEGATION.search(f, q_end, min(s.end, q_end + 40)):
            return None  # "two of the people sought were not found"
        qs = hit[1] if hit[1] < c.start and c.start - hit[2] <= 40 else c.start
        qe = hit[2] if hit[1] >= q_end and hit[1] - q_end <= 40 else q_end
        strength = "noun+verb" if noun is not None else "verb"
        return measure, qs, qe, f"'{doc.text[hit[1]:hit[2]]}' near the number", strength

    # -- agencies ------------------------------------------------------------------------
    def _agencies(self, doc: Doc, mentions: list[Mention], sents: list[_Sent], cues) -> list[Candidate]:
        agencies = [m for m in mentions if m.kind == "agency"]
        live_ids = {m.id for m in agencies if not m.dropped}
        kinds = self.g.kinds["agency"]
        counts: dict[str, int] = {}
        for m in agencies:
            if not m.dropped:
                counts[m.id] = counts.get(m.id, 0) + 1
        best: dict[tuple[str, str], Candidate] = {}
        for m in agencies:
            k = doc.sentence_at(m.start)
            st = sents[k]
            span = None
            if m.dropped:
                conf, role, why = 0.2, "participant", m.dropped
            else:
                role, cue, span = self._role(doc, m, k, cues)
                bonus = {"participant": 0.0, "announced": 0.1}.get(role, 0.15)
                conf = st.score + bonus + (0.05 if counts[m.id] > 1 else 0.0)
                why = f"{role}: {cue}" if cue else "named in the article"
                if st.event:
                    why += "; in a sentence reporting the operation"
                if st.generic:
                    why += "; generic statement"
                below = [d for d in live_ids if m.id in self.g.ancestors("agency", d) and kinds.get(d) == kinds.get(m.id)]
                if below and role in ("announced", "participant"):  # "an FBI spokesperson" for FBI Houston
                    conf *= 0.5
                    why += f"; a more specific office is named ({below[0]})"
            qs, qe = m.start, m.end
            if not m.dropped and span is not None and max(span[1], m.end) - min(span[0], m.start) <= 90:
                qs, qe = min(span[0], m.start), max(span[1], m.end)  # the name with its role's cue words
            cand = Candidate("agency", m.id, qs, qe, _clamp(conf), why, role=role)
            key = (m.id, role)
            if key not in best or cand.confidence > best[key].confidence:
                best[key] = cand
        out = list(best.values())
        # an agency with an explicit role drops its bare "participant" candidate
        explicit = {c.value for c in out if c.role != "participant" and c.confidence >= THRESHOLD}
        return [c for c in out if not (c.role == "participant" and c.value in explicit)]

    def _role(self, doc: Doc, m: Mention, k: int, cues) -> tuple[str, str, tuple[int, int] | None]:
        """(role, why, span of the cue words) for one agency mention."""
        f = doc.folded
        s = doc.sents[k]
        clause_a = max([s.start] + [i + 1 for i in (f.rfind(",", s.start, m.start), f.rfind(";", s.start, m.start))])
        nxt = [p for p in (f.find(",", m.end, s.end), f.find(";", m.end, s.end)) if p != -1]
        clause_b = min(nxt) if nxt else s.end
        before = f[max(s.start, m.start - 60):m.start]
        after = f[m.end:min(s.end, m.end + 60)]
        lm = LEAD.search(f, max(s.start, m.start - 30), m.start)
        if lm and re.search(r"(?:by|de|del|de la|por)\s+(?:the |el |la |los |las )?$", before):
            return "lead", f"'{doc.text[lm.start():lm.end()]}'", lm.span()
        if LEAD_AFTER.match(after.lstrip(" ,")) or re.match(r"\s*,?\s*(?:que|which|who) (?:dirigio|lidero|encabezo|led)\b", after):
            return "lead", "said to have led the investigation", None
        for a, b in cues["support_before"]:
            if s.start <= a and b <= m.start and doc.sentence_at(a) == k and not f.count(",", b, m.start) \
                    and len(doc.tokens_between(b, m.start)) <= 6:
                return "support", f"'{doc.text[a:b]}'", (a, b)
        for a, b in cues["support_verb"]:
            if doc.sentence_at(a) != k:
                continue
            if clause_a <= a and b <= m.start and len(doc.tokens_between(b, m.start)) <= 6:
                return "lead", f"supported by others ('{doc.text[a:b]}')", (a, b)
            if m.end <= a and a < clause_b:
                return "support", f"'{doc.text[a:b]}'", (a, b)
        for a, b in cues["speech"]:
            if doc.sentence_at(a) != k:
                continue
            if m.end <= a and len(doc.tokens_between(m.end, a)) <= 3:
                return "announced", f"'{doc.text[a:b]}'", (a, b)
            if b <= m.start and len(doc.tokens_between(b, m.start)) <= 3 and f[a:b] in (
                    "according to", "segun", "de acuerdo con", "informo", "informaron", "anuncio", "said",
                    "announced", "dio a conocer", "in a statement"):
                return "announced", f"'{doc.text[a:b]}'", (a, b)
        for a, b in cues["participant"]:
            if doc.sentence_at(a) == k and b <= m.start and len(doc.tokens_between(b, m.start)) <= 4:
                return "participant", f"'{doc.text[a:b]}'", (a, b)
        ev = EVENT.search(f, m.end, min(clause_b, m.end + 40))
        if ev and len(doc.tokens_between(m.end, ev.start())) <= 3 and doc.sentence_at(ev.start()) == k:
            others = [x for x in re.finditer(r"\b(?:and|y|together with|junto)\b", f[m.end:ev.start()])]
            return ("lead" if not others else "participant"), f"subject of '{doc.text[ev.start():ev.end()]}'", ev.span()
        for a, b in cues["support_before"]:  # the agency before "with support from X" leads
            if doc.sentence_at(a) == k and m.end <= a:
                return "lead", f"others support it ('{doc.text[a:b]}')", None
        return "participant", "", None

    # -- places ------------------------------------------------------------------------------
    def _places(self, doc: Doc, mentions: list[Mention], sents: list[_Sent]) -> list[Candidate]:
        best: dict[str, Candidate] = {}
        kinds = self.g.kinds["location"]
        for m in mentions:
            if m.kind != "location":
                continue
            st = sents[doc.sentence_at(m.start)]
            if m.dropped:
                conf, why = 0.15, m.dropped
            else:
                conf = st.score + 0.1
                why = "named in a sentence reporting the operation" if st.event else "named in the article"
                if st.generic:
                    why += "; generic statement"
                if st.background:
                    why += "; background (an earlier year is named)"
            cand = Candidate("location", m.id, m.start, m.end, _clamp(conf), why)
            if m.id not in best or cand.confidence > best[m.id].confidence:
                best[m.id] = cand
        live = {i for i, c in best.items() if c.confidence >= THRESHOLD}
        finer = {i for i in live if kinds.get(i) != "country"}
        for i, c in best.items():
            under = [d for d in live if i in self.g.ancestors("location", d)]
            if under:
                c.confidence = _clamp(min(c.confidence, 0.3))
                c.reason += f"; contains a more specific place named ({under[0]})"
            elif kinds.get(i) == "country" and finer - {i}:
                c.confidence = _clamp(min(c.confidence, 0.3))
                c.reason += "; a country, and finer places are named"
        return list(best.values())

    # -- targets --------------------------------------------------------------------------------
    def _targets(self, doc: Doc, mentions: list[Mention], sents: list[_Sent], figures: list[Candidate]) -> list[Candidate]:
        best: dict[str, Candidate] = {}
        arrested = [c for c in figures if c.field == "arrested" and c.confidence >= THRESHOLD]
        out = []
        for m in mentions:
            if m.kind != "organization":
                continue
            k = doc.sentence_at(m.start)
            st = sents[k]
            conf = st.score + 0.15
            why = "named in a sentence reporting the operation" if st.event else "named in the article"
            cand = Candidate("target", m.id, m.start, m.end, _clamp(conf), why)
            if m.id not in best or cand.confidence > best[m.id].confidence:
                best[m.id] = cand
            for a in arrested:
                if doc.sentence_at(a.start) == k and m.start > a.start and m.start - a.end < 80:
                    out.append(Candidate("arrested_affiliation", m.id, m.start, m.end, _clamp(conf - 0.05),
                                         "named just after an arrest count"))
        return list(best.values()) + out


BREAKDOWN = {"venezolanos", "venezolanas", "venezolano", "venezolana", "chilenos", "chilenas", "colombianos",
             "colombianas", "peruanos", "peruanas", "ecuatorianos", "mujeres", "hombres", "men", "women",
             "venezuelans", "chileans", "colombians", "peruvians", "nacionalidad", "nationals", "adultos", "adults"}


def _noun_after(doc: Doc, c: Count) -> str | None:
    i = doc.token_at(c.end - 1) + 1
    for t in doc.toks[i:i + 3]:
        if t in BREAKDOWN:
            return t
    return None


def _totals(figures: list[Candidate]) -> None:
    """An arrest count equal to the sum of the others is a total over several operations or groups."""
    arrests = [c for c in figures if c.field == "arrested" and c.confidence >= THRESHOLD]
    values = {c.value for c in arrests}
    for c in arrests:
        others = sorted(values - {c.value})
        if len(others) >= 2 and sum(others) == c.value:
            c.confidence = min(c.confidence, 0.35)
            c.reason += f"; equals the sum of the other arrest counts ({' + '.join(map(str, others))})"


def _near(spans: list[tuple[int, int]], a: int, b: int, before: int, after: int) -> bool:
    """Whether a cue ends within `before` characters before [a, b) or starts within `after` after it."""
    return any((0 <= a - e <= before) or (0 <= s - b <= after) for s, e in spans)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    best: dict[tuple, Candidate] = {}
    for c in cands:
        if c.key not in best or c.confidence > best[c.key].confidence:
            best[c.key] = c
    return list(best.values())


def _context_penalty(st, reasons: list[str]) -> float:
    """How much a sentence's context lowers confidence in what it states (dates and counts alike)."""
    penalty = 0.0
    if st.generic:
        penalty += 0.3
        reasons.append("generic statement")
    if st.background:
        penalty += 0.25
        reasons.append("background (an earlier year is named)")
    if st.caption:
        penalty += 0.5
    return penalty
