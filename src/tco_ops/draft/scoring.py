"""Scoring: how sure the drafter is of each candidate, from the sentence it sits in.

Sentences get a score from cue words: an event (arrested, raid, "el operativo", "la
captura de") raises it; generic statements ("works closely with"), background (a year
well before publication) and photo captions lower it. An article with no event sentence
(analysis, opinion) is damped as a whole. Each candidate starts from its sentence's
score; roles.py decides what it is, this module only how likely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..build.dates import Period, parse_period
from .candidates import THRESHOLD, Candidate
from .cues import AGENCY_AS_PLACE, AGENCY_AS_VICTIM, CAPTION, COURT_AFTER, EMBED_SIGNATURE, EVENT, GENERIC, JUDICIAL, NOTICE_AFTER, NOTICE_BEFORE, SPEECH, YEAR
from .dates import DateMention, find_dates
from .gazetteer import Gazetteer, Mention
from .recognize import article_countries
from .roles import agency_role, date_role, place_role
from .text import Doc


@dataclass
class Sent:
    score: float = 0.0
    event: bool = False
    generic: bool = False
    background: bool = False
    caption: bool = False
    figures: int = 0
    dates: int = 0


def clamp(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 2)


def context_penalty(st: Sent, reasons: list[str]) -> float:
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


def sentence_flags(doc: Doc, published: Period | None) -> list[Sent]:
    f = doc.folded
    sents = [Sent() for _ in doc.sents]
    pub_year = published.start.year if published is not None else None
    paragraphs = f.split("\n")
    for k, s in enumerate(doc.sents):
        st = sents[k]
        st.event = EVENT.search(f, s.start, s.end) is not None
        st.generic = GENERIC.search(f, s.start, s.end) is not None
        years = [int(y) for y in YEAR.findall(f, s.start, s.end)]
        st.background = pub_year is not None and any(y < pub_year - (1 if published.start.month > 2 else 2)
                                                     or (y < pub_year and published.start.month > 6)
                                                     for y in years)
        st.caption = s.first_in_paragraph and bool(CAPTION.match(paragraphs[s.paragraph].lstrip()))
    return sents


def sentence_scores(sents: list[Sent]) -> None:
    for st in sents:
        st.score = (0.35 + 0.35 * st.event + 0.1 * bool(st.figures) + 0.1 * bool(st.dates) - 0.3 * st.generic
                    - 0.35 * st.background - 0.5 * st.caption)


def _near(spans: list[tuple[int, int]], a: int, b: int, before: int, after: int) -> bool:
    return any((0 <= a - e <= before) or (0 <= s - b <= after) for s, e in spans)


def _in_posts(doc: Doc, found: list[DateMention]) -> list[DateMention]:
    """Relative days inside an embedded post ("... today arrested ... — Agency (@handle) March 20, 2025") are
    the post's days: resolve them against the post's date, not against the article's publication date."""
    out = found
    for d in found:
        if d.inferred or not re.fullmatch(r"\d{4}-\d\d-\d\d", d.value):
            continue
        line = doc.folded.rfind("\n", 0, d.start) + 1
        sig = EMBED_SIGNATURE.search(doc.folded, max(line, d.start - 120), d.start)
        if sig is None:
            continue
        a, b = line, sig.start()
        if not doc.folded[a:b].strip():  # the signature has a line of its own: the post is the line before
            b = line - 1
            a = doc.folded.rfind("\n", 0, max(0, b - 1)) + 1
        inside = find_dates(doc.folded[a:b], parse_period(d.value), doc.text[a:b])
        moved = {(x.start + a): replace(x, start=x.start + a, end=x.end + a) for x in inside if x.inferred}
        out = [moved.get(x.start, x) if x.inferred and a <= x.start < b else x for x in out]
        out += [x for k, x in moved.items() if all(y.start != k for y in out)]
    return sorted(out, key=lambda x: x.start)


def date_candidates(doc: Doc, published: Period | None, cues, sents: list[Sent], spans: list,
                    segs: list[int]) -> list[Candidate]:
    out = []
    pub_day = published.start if published is not None and published.precision == "day" else None
    for d in _in_posts(doc, find_dates(doc.folded, published, doc.text, spans)):
        k = doc.sentence_at(d.start)
        s = doc.sents[k] if doc.sents else None
        st = sents[k] if sents else Sent()
        line_start = doc.text.rfind("\n", 0, d.start) + 1
        if pub_day is not None and d.value == pub_day.isoformat() and d.kind in ("dmy_es", "mdy_en", "dmy_en") \
                and d.start - line_start < 60 and not EVENT.search(doc.folded, line_start, d.start):
            continue  # a dateline (but "fueron capturados este 15 de diciembre" is the day of the act)
        if d.kind in ("month", "month_bare") and pub_day is not None and d.value == f"{pub_day:%Y-%m}" \
                and d.start - line_start < 60 and d.note == "month as printed":
            continue
        role, role_why = date_role(doc, d.start, d.end, st.event, st.background)
        conf, why = 0.55, [f"{d.kind.replace('_', ' ')} expression; {d.note}", role_why]
        if st.event:
            conf += 0.25
            why.append("in a sentence reporting the operation")
        if role == "action" and (_near(cues["speech"], d.start, d.end, 25, 0)) and "reported fact" not in role_why:
            conf -= 0.2
            why.append("near a verb of saying")
        conf -= context_penalty(st, why) if role != "background" else 0
        if s is not None and (JUDICIAL.search(doc.folded, s.start, s.end) and not st.event
                              or JUDICIAL.search(doc.folded, max(s.start, d.start - 40), d.start)):
            conf -= 0.35
            why.append("a court step, not the operation")
        elif s is not None and COURT_AFTER.match(doc.folded, d.end + 2 if doc.folded[d.end:d.end + 1] == "," else
                                                  d.end + 1):
            conf -= 0.35
            why.append("a court step follows the date")
        if d.kind == "month_bare" and not st.event:
            conf -= 0.15
        field = "announced" if role == "announcement" else "date"
        out.append(Candidate(field, d.value, d.start, d.end, clamp(conf), "; ".join(why), inferred=d.inferred,
                             date_role=role, segment=segs[k] if segs else 0))
    return out


def agency_candidates(g: Gazetteer, doc: Doc, mentions: list[Mention], sents: list[Sent], cues,
                      found: dict, segs: list[int]) -> list[Candidate]:
    agencies = [m for m in mentions if m.kind == "agency"]
    live_ids = list(dict.fromkeys(m.id for m in agencies if not m.dropped))  # text order: stable reasons
    kinds = g.kinds.get("agency", {})
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
            role, cue, span = agency_role(doc, m, k, cues)
            bonus = {"participant": 0.0, "announced": 0.1}.get(role, 0.15)
            conf = st.score + bonus + (0.05 if counts[m.id] > 1 else 0.0)
            why = f"{role}: {cue}" if cue else "named in the article"
            if st.event:
                why += "; in a sentence reporting the operation"
            if st.generic:
                why += "; generic statement"
            head = doc.folded[max(doc.sents[k].start, m.start - 90):m.start]
            if AGENCY_AS_PLACE.search(head[-40:]) or AGENCY_AS_VICTIM.search(head):
                conf = min(conf, 0.3)
                why += "; named as a place or as a victim's employer, not as a participant"
            if kinds.get(m.id) == "intergovernmental" and (
                    NOTICE_BEFORE.search(doc.folded, max(0, m.start - 40), m.start)
                    or NOTICE_AFTER.match(doc.folded, m.end)):
                conf = min(conf, 0.3)
                why += "; issued or carried a notice or warrant: not a participant"
            below = [d for d in live_ids if m.id in g.ancestors("agency", d) and kinds.get(d) == kinds.get(m.id)]
            if below and role in ("announced", "participant"):  # "an FBI spokesperson" for FBI Houston
                conf *= 0.5
                why += f"; a more specific office is named ({below[0]})"
        qs, qe = m.start, m.end
        if not m.dropped and span is not None and max(span[1], m.end) - min(span[0], m.start) <= 90:
            qs, qe = min(span[0], m.start), max(span[1], m.end)
        new = found.get(m.id) or g.new.get("agency", {}).get(m.id)
        if new:
            why += "; not in seeds/reference: a new agency to add"
        cand = Candidate("agency", m.id, qs, qe, clamp(conf), why, role=role, new=new)
        key = (m.id, role)
        if key not in best or cand.confidence > best[key].confidence:
            best[key] = cand
    out = list(best.values())
    # The police of the article's country, named anywhere in an article that reports an operation, took
    # part in it far more often than not (dev: 21 of 31), even when its sentence has no arrest verb.
    home = article_countries(g, mentions).most_common(1)
    if home and any(st.event and not st.generic and not st.background and not st.caption for st in sents):
        for c in out:
            if (kinds.get(c.value) == "police" and g.countries["agency"].get(c.value) == home[0][0]
                    and 0.3 <= c.confidence < THRESHOLD and c.role in ("participant", "announced")
                    and "more specific office" not in c.reason and "notice" not in c.reason):
                c.confidence = 0.55
                c.reason += "; the police of the article's country, in an article reporting an operation"
    explicit = {c.value for c in out if c.role != "participant" and c.confidence >= THRESHOLD}
    return [c for c in out if not (c.role == "participant" and c.value in explicit)]


def place_candidates(g: Gazetteer, doc: Doc, mentions: list[Mention], sents: list[Sent],
                     segs: list[int]) -> list[Candidate]:
    best: dict[tuple, Candidate] = {}
    kinds = g.kinds.get("location", {})
    for m in mentions:
        if m.kind != "location":
            continue
        k = doc.sentence_at(m.start)
        st = sents[k]
        role, role_why = place_role(doc, m, st.event and not st.generic)
        if m.dropped and role != "dateline":
            conf, why = 0.15, m.dropped
        else:
            conf = st.score + 0.1
            why = role_why
            if st.generic:
                why += "; generic statement"
            if st.background:
                why += "; background (an earlier year is named)"
            s = doc.sents[k]
            if role == "site" and kinds.get(m.id) == "country" and not EVENT.search(
                    doc.folded, max(s.start, m.start - 60), m.start):
                # "autoridades de Chile", "la banda en Chile", "nacionalidad de Colombia": a country is
                # the site only when the act is stated with it ("capturados en Perú")
                conf = min(conf, 0.45)
                why += "; a country not named with the act"
        new = g.new.get("location", {}).get(m.id)
        if new:
            why += "; not in seeds/reference: a new place to add"
        seg = segs[k] if segs else 0
        cand = Candidate("location", m.id, m.start, m.end, clamp(conf), why, role=role, new=new, segment=seg)
        key = (m.id, role, seg)
        if key not in best or cand.confidence > best[key].confidence:
            best[key] = cand
    out = list(best.values())
    for seg in {c.segment for c in out}:
        sites = [c for c in out if c.segment == seg and c.role == "site"]
        # in text order, not a set: the reason names the first finer place, the same on every run
        live = list(dict.fromkeys(c.value for c in sites if c.confidence >= THRESHOLD))
        finer = {i for i in live if kinds.get(i) != "country"}
        for c in sites:
            under = [d for d in live if c.value in g.ancestors("location", d)]
            if under:
                c.confidence = clamp(min(c.confidence, 0.3))
                c.reason += f"; contains a more specific place named ({under[0]})"
            elif kinds.get(c.value) == "country" and finer - {c.value}:
                c.confidence = clamp(min(c.confidence, 0.3))
                c.reason += "; a country, and finer places are named"
    # a place that is a site somewhere drops its other-role duplicates of the same segment below it
    return out


def target_candidates(doc: Doc, mentions: list[Mention], sents: list[Sent], figures: list[Candidate]) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    arrested = [c for c in figures if c.field == "arrested" and c.confidence >= THRESHOLD and c.scope == "total"]
    out = []
    for m in mentions:
        if m.kind != "organization":
            continue
        k = doc.sentence_at(m.start)
        st = sents[k]
        conf = st.score + 0.15
        why = "named in a sentence reporting the operation" if st.event else "named in the article"
        cand = Candidate("target", m.id, m.start, m.end, clamp(conf), why)
        if m.id not in best or cand.confidence > best[m.id].confidence:
            best[m.id] = cand
        for a in arrested:
            if doc.sentence_at(a.start) == k and m.start > a.start and m.start - a.end < 80:
                out.append(Candidate("arrested_affiliation", m.id, m.start, m.end, clamp(conf - 0.05),
                                     "named just after an arrest count", segment=a.segment))
    return list(best.values()) + out


__all__ = ["Sent", "clamp", "context_penalty", "sentence_flags", "sentence_scores", "date_candidates",
           "agency_candidates", "place_candidates", "target_candidates", "SPEECH", "re"]
