"""Roles: what a mention is in the story, not only that it is named.

- a place: site (where the action happened), area (where the group operated), origin,
  destination, dateline, other (a partner country, the gang's birthplace, a government);
- a date: action, announcement (the day an official spoke or posted), background;
- an agency: lead, support, participant, announced (the agency's part in the operation).
Figure scopes (total, subset, cumulative, other operation) are in figures.py, next to the
rules that bind a number to a measure.
"""

from __future__ import annotations

import re

from .cues import (AREA_BEFORE, BACKGROUND_BEFORE, BYLINE_LABEL, CITY_PART_BEFORE, CITY_PART_LIST, CRIME, DATE_THEN_SPEECH, DATELINE_HEAD, DATELINE_TAIL,
                   DESTINATION_BEFORE, EMBED_SIGNATURE, EVENT, FACT_AFTER_SPEECH, GANG_ORIGIN, LEAD, LEAD_AFTER,
                   ORIGIN_BEFORE, OTHER_BEFORE, PARTNER_BEFORE, SINCE_CLAUSE_BEFORE, SPAN_END_BEFORE, SPEECH, SPEECH_THEN_DATE,
                   STAMP_LINE)
from .gazetteer import Mention
from .text import Doc

# "and the", "y la" just before a name: it is the last of a list of subjects (folded text)
COORDINATED = re.compile(r"\b(?:and|y|e|as well as|asi como)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?$")


def place_role(doc: Doc, m: Mention, event_sentence: bool) -> tuple[str, str]:
    """(role, why) of one place mention."""
    if m.dropped and "dateline" in m.dropped:
        return "dateline", "the dateline"
    f = doc.folded
    s = doc.sents[doc.sentence_at(m.start)] if doc.sents else None
    head = f[max(s.start if s else 0, m.start - 60):m.start]
    tail = f[m.end:m.end + 25]
    if GANG_ORIGIN.search(head):
        return "other", "where the gang began, not where the action happened"
    if PARTNER_BEFORE.search(head):
        return "other", "a partner country or government (\"su par de\", \"counterparts in\")"
    if OTHER_BEFORE.search(head):
        return "other", "where a suspect lives or where officials spoke"
    if DESTINATION_BEFORE.search(head):
        return "destination", "where people were heading or were sent"
    o = ORIGIN_BEFORE.search(head)
    if o and (not re.fullmatch(r"(?:from|desde)(?: the)?\s*", o.group()) or re.search(
            r"(?:extradit|deport|arriv|came|llegad|llegaron|expulsad|traslad|migra|fled|huy|brought|traid)\w*\s+"
            r"(?:\w+\s+){0,3}(?:from|desde)(?: the)?\s*$", head)):
        return "origin", "where people came from"
    if AREA_BEFORE.search(head):
        return "area", "where the group operated"
    part = CITY_PART_BEFORE.search(f, max(s.start if s else 0, m.start - 120), m.start)
    if part and CITY_PART_LIST.fullmatch(doc.text, part.end(), m.start):
        return "other", "a part of a city (\"la localidad de\", \"el barrio\"): the city is the site"
    if re.match(r"\s*(?:-based|'s (?:government|president|prosecutors?|police|authorities))", tail):
        return "other", "names a country's institution"
    if event_sentence:
        return "site", "named in a sentence reporting the operation"
    return "other", "not in a sentence reporting the operation"


def date_role(doc: Doc, start: int, end: int, event_sentence: bool, background: bool) -> tuple[str, str]:
    """(role, why) of one date expression."""
    f = doc.folded
    s = doc.sents[doc.sentence_at(start)] if doc.sents else None
    head = f[max(s.start if s else 0, start - 60):start]
    tail = f[end:min(s.end if s else len(f), end + 40)]
    line_start = f.rfind("\n", 0, start) + 1
    line_end = f.find("\n", end) % (len(f) + 1)
    line_head = f[line_start:start]
    if EMBED_SIGNATURE.search(f, max(line_start, start - 120), start):
        return "announcement", "the date of an embedded post"
    if line_end - line_start < 120 and STAMP_LINE.fullmatch(f, line_start, line_end) or BYLINE_LABEL.search(line_head):
        return "announcement", "a line with nothing but a date: the page's time stamp"
    if DATELINE_HEAD.match(line_head) and DATELINE_TAIL.match(f, end):
        return "announcement", "the dateline: the day of the report"
    if BACKGROUND_BEFORE.search(head[-25:]) and not EVENT.search(head[-25:]):
        return "background", "a starting point or period (since, desde, between)"
    if SPAN_END_BEFORE.search(head) or SINCE_CLAUSE_BEFORE.search(head[-40:]):
        return "background", "the end of a span, or a period that began then"
    crime = list(CRIME.finditer(head))
    events = list(EVENT.finditer(head))
    if crime and (not events or crime[-1].end() > events[-1].end()) or (
            s is not None and CRIME.search(f, s.start, s.end) and not EVENT.search(f, s.start, s.end)):
        return "background", "the date of the crime, not of the operation"
    if background:
        return "background", "background: an earlier year is named"
    speech_before = SPEECH_THEN_DATE.search(head)
    if speech_before:
        # "said the arrest happened on September 18": the fact is reported, the date is the fact's
        between = head[speech_before.start():]
        if FACT_AFTER_SPEECH.search(between) or EVENT.search(between[len(speech_before.group(0)) - 1:]):
            return "action", "a reported fact after a verb of saying"
        return "announcement", "the day of a statement (\"said Wednesday\", \"dijo el jueves\")"
    if DATE_THEN_SPEECH.match(tail) and not EVENT.search(head) and not FACT_AFTER_SPEECH.search(head[-40:]):
        return "announcement", "the day of a statement"
    if re.search(r"\b(?:today|hoy)\b", f[start:end]) and SPEECH.search(f, s.start if s else 0, s.end if s else end) \
            and not EVENT.match(f, end + 1):  # but "today arrested ...": the day of the act
        return "announcement", "'today' in a statement: the day it was made"
    if event_sentence:
        return "action", "in a sentence reporting the operation"
    return "action", "no other role found"


def agency_role(doc: Doc, m: Mention, k: int, cues) -> tuple[str, str, tuple[int, int] | None]:
    """(role, why, span of the cue words) for one agency mention."""
    from .cues import PARTICIPANT  # noqa: F401 (kept together with the other agency cues)

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
        # "A, B and C took part": the last of a list of subjects is one of them, not the lead
        others = others or COORDINATED.search(f, max(clause_a, m.start - 20), m.start)
        return ("lead" if not others else "participant"), f"subject of '{doc.text[ev.start():ev.end()]}'", ev.span()
    for a, b in cues["support_before"]:  # the agency before "with support from X" leads
        if doc.sentence_at(a) == k and m.end <= a:
            return "lead", f"others support it ('{doc.text[a:b]}')", None
    return "participant", "", None
