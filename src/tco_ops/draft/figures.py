"""Figures: a number bound to a measure (arrested, officers, places searched ...) and its scope.

The noun right after the number decides when it is unambiguous (officers, homes,
detenidos); for people ("23 personas", "members", "illegal immigrants") the nearest verb
or noun of arrest, rescue, charge or intent does ("la captura de al menos 10"). Scope:
- subset: "two of the arrested", "ocho de ellos", a breakdown ("siete venezolanos y dos chilenos");
- cumulative: a running total ("70 so far", "en lo que va del año", "nationwide");
- total: this operation's figure; figures of an earlier operation sit in that operation's
  segment (segments.py) and are drafted in its block.
Only totals are proposed.
"""

from __future__ import annotations

import re

from .candidates import THRESHOLD, Candidate
from .cues import (JUDICIAL, ARREST_V, ARRESTED_NOUNS, BREAKDOWN, CHARGE_V, CUMULATIVE, FUTURE, MINORS, MULTI_OP,
                   NEGATION, NETWORK, ONE_NATIONAL, ONE_PERSON, PASSIVE_ONE, PERSONNEL, PERSONS, PUNCT, RESCUE_V, SITES, SKIP, STOP, SUBSET, SUBSET_AFTER,
                   TARGET_V, TOKEN_RX, UNITS)
from .numbers import Count, find_counts
from .scoring import clamp, context_penalty
from .text import Doc


def find_figures(doc: Doc, sents: list, spans: list[tuple[int, int]], segs: list[int]) -> list[Candidate]:
    """Every count bound to a measure, with its confidence and scope."""
    out = []
    counts = [c for c in find_counts(doc.text, doc.folded) if not any(a <= c.number_start < b for a, b in spans)]
    for m in ONE_PERSON.finditer(doc.folded):
        if PUNCT.search(m.group("gap")) or doc.sentence_at(m.start()) != doc.sentence_at(m.end()):
            continue
        if any(c.start <= m.start("one") < c.end for c in counts):
            continue
        counts.append(Count(m.start("one"), m.end("one"), 1, "exact", None, m.start("one")))
    for c in counts:
        bound = _bind(doc, c, counts)
        if bound is None:
            continue
        measure, q_start, q_end, why, strength, scope = bound
        k = doc.sentence_at(c.start)
        st = sents[k]
        conf = {"noun+verb": 0.85, "noun": 0.75, "verb": 0.65}[strength]
        reasons = [why]
        conf -= context_penalty(st, reasons)
        s = doc.sents[k]
        if FUTURE.search(doc.folded, s.start, s.end) and not st.event:
            conf -= 0.2
            reasons.append("future or conditional")
        if scope == "total":
            scope, why_scope = _scope(doc, c, s)
            if why_scope:
                reasons.append(why_scope)
        else:
            reasons.append("a subset of a larger group")
        out.append(Candidate(measure, c.value, q_start, q_end, clamp(conf), "; ".join(reasons),
                             qualifier=c.qualifier, note=c.note, scope=scope, segment=segs[k] if segs else 0))
    _one_arrested(doc, sents, segs, out)
    _totals(doc, out)
    _court_steps(doc, out)
    return out


def _one_arrested(doc: Doc, sents: list, segs: list[int], out: list[Candidate]) -> None:
    """"fue capturado alias X", "was arrested in Doral": one person, when no count of arrests is proposed."""
    if any(c.field == "arrested" and c.confidence >= THRESHOLD and c.segment == 0 for c in out):
        return
    for m in PASSIVE_ONE.finditer(doc.folded):
        k = doc.sentence_at(m.start())
        st = sents[k]
        if (segs[k] if segs else 0) != 0 or not st.event or NEGATION.search(doc.folded, max(0, m.start() - 12),
                                                                             m.start()):
            continue
        reasons = [f"'{doc.text[m.start():m.end()]}': one person arrested (a singular passive)"]
        conf = 0.6 - context_penalty(st, reasons)
        out.append(Candidate("arrested", 1, m.start(), m.end(), clamp(conf), "; ".join(reasons), qualifier="exact",
                             scope="total", segment=0))
        return


def _court_steps(doc: Doc, figures: list[Candidate]) -> None:
    """A charge count equal to an arrest total, or read in a court step, repeats the arrested at a later stage."""
    arrested = {(c.segment, c.value) for c in figures if c.field == "arrested" and c.scope == "total"}
    for c in figures:
        if c.field != "charged" or c.scope != "total":
            continue
        s = doc.sents[doc.sentence_at(c.start)]
        if (c.segment, c.value) in arrested or JUDICIAL.search(doc.folded, s.start, s.end):
            c.confidence = clamp(min(c.confidence, 0.4))
            c.reason += "; a court step after the arrests (the arrested, formalised), not a separate figure"


def _scope(doc: Doc, c: Count, s) -> tuple[str, str | None]:
    """("total" | "subset" | "cumulative", why) of a count already bound to a measure."""
    f = doc.folded
    if SUBSET_AFTER.match(f, c.end):
        return "subset", "a subset (\"two of the arrested\")"
    clause_a = max(s.start, f.rfind(",", s.start, c.start) + 1, f.rfind(";", s.start, c.start) + 1)
    if SUBSET.search(f, max(clause_a, c.start - 40), c.start):
        return "subset", "a subset (\"among them\", \"de ellos\")"
    if CUMULATIVE.search(f, max(s.start, c.start - 70), min(s.end, c.end + 70)):
        return "cumulative", "a running total (\"so far\", \"en lo que va\", \"nationwide\")"
    return "total", None


def _bind(doc: Doc, c: Count, counts: list[Count]):
    """(measure, quote start, quote end, reason, strength, scope) for a count, or None.

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
        return "personnel", c.start, q_end, f"officers: '{toks[noun]}'", "noun", "total"
    if noun_kind == "sites":
        return "sites", c.start, q_end, f"places: '{toks[noun]}'", "noun", "total"
    if noun_kind == "arrested":
        return "arrested", c.start, q_end, f"'{toks[noun]}'", "noun", "total"
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
            return "minors_rescued", c.start, q_end, "minors, in a sentence about a rescue", "noun+verb", "total"
        if nearest(NETWORK):
            return "minors_in_network", c.start, q_end, "minors the network is said to involve", "noun+verb", "total"
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
    if noun is not None and toks[noun] in BREAKDOWN and (any(
            o is not c and abs(o.start - c.start) < 60 and doc.sentence_at(o.start) == k
            and _noun_after(doc, o) in BREAKDOWN
            # "four Venezuelan nationals, including two men": the later count is the subset, not this one
            and not (o.start > c.end and SUBSET.search(f, c.end, o.start)) for o in counts)
            or ONE_NATIONAL.search(f, c.end, min(s.end, c.end + 60))):  # "cinco venezolanos, un colombiano y ..."
        scope = "subset"  # "siete venezolanos y dos chilenos": a breakdown of a group
    else:
        scope = "total"
    if NEGATION.search(f, q_end, min(s.end, q_end + 40)):
        return None  # "two of the people sought were not found"
    qs = hit[1] if hit[1] < c.start and c.start - hit[2] <= 40 else c.start
    qe = hit[2] if hit[1] >= q_end and hit[1] - q_end <= 40 else q_end
    strength = "noun+verb" if noun is not None else "verb"
    return measure, qs, qe, f"'{doc.text[hit[1]:hit[2]]}' near the number", strength, scope


def _noun_after(doc: Doc, c: Count) -> str | None:
    i = doc.token_at(c.end - 1) + 1
    for t in doc.toks[i:i + 3]:
        if t in BREAKDOWN:
            return t
    return None


def _totals(doc: Doc, figures: list[Candidate]) -> None:
    """An arrest count equal to the sum of the other arrest counts is the total and they are its parts
    ("27 detenidos": eleven in Guayaquil and sixteen in Quito): the parts become subsets. But a total
    said to span several operations ("a total of 20 in two operations") is no single operation's."""
    arrests = [c for c in figures if c.field == "arrested" and c.scope == "total" and c.confidence >= THRESHOLD]
    values = {c.value for c in arrests}
    for c in arrests:
        others = sorted(values - {c.value})
        if len(others) < 2 or sum(others) != c.value:
            continue
        s = doc.sents[doc.sentence_at(c.start)]
        if MULTI_OP.search(doc.folded, s.start, s.end):
            c.confidence = min(c.confidence, 0.35)
            c.reason += f"; the sum of several operations' counts ({' + '.join(map(str, others))})"
        else:
            for part in arrests:
                if part.value != c.value:
                    part.scope = "subset"
                    part.reason += f"; a part of the total {c.value} (the other counts add up to it)"
        break
