"""Draft candidate claims from one article's text: the pipeline, one step per module.

1. recognize.py: agencies, places and organizations (reference, shipped gazetteers, patterns);
2. segments.py: which sentences report the main operation and which an earlier one;
3. scoring.py: sentence scores, then dates, agencies, places and targets with a confidence;
   figures.py: counts bound to a measure; roles.py: the role of each place, date and agency;
4. candidates.py: a candidate is proposed when its confidence reaches `THRESHOLD` and its
   role is the one a claim records (site, action date, this operation's total).
"""

from __future__ import annotations

import re

from ..build.dates import Period
from .candidates import FIELD_ORDER, THRESHOLD, Candidate, Draft
from .cues import PARTICIPANT, SPEECH, SUPPORT_BEFORE, SUPPORT_VERB
from .figures import find_figures
from .gazetteer import Gazetteer
from .recognize import recognize
from .scoring import (agency_candidates, clamp, date_candidates, place_candidates, sentence_flags, sentence_scores,
                      target_candidates)
from .segments import segments
from .text import Doc

__all__ = ["THRESHOLD", "Candidate", "Draft", "Extractor"]

# A metadata line some sources put first ("date 2025-10-26"): not part of the story.
META_DATE = re.compile(r"^\s*date \d{4}-\d{2}(?:-\d{2})?\s")


def _spans(rx: re.Pattern, folded: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(folded)]


class Extractor:
    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer

    def draft(self, text: str, published: Period | None = None) -> Draft:
        doc = Doc.of(text)
        f = doc.folded
        # only the cues the roles read (each is a scan of the whole text)
        cues = {name: _spans(rx, f) for name, rx in (
            ("speech", SPEECH), ("support_before", SUPPORT_BEFORE), ("support_verb", SUPPORT_VERB),
            ("participant", PARTICIPANT))}
        sents = sentence_flags(doc, published)
        segs = segments(doc)
        mentions, found = recognize(self.g, doc)
        spans: list[tuple[int, int]] = []
        dates = date_candidates(doc, published, cues, sents, spans, segs)
        figures = find_figures(doc, sents, spans, segs)
        for c in figures:
            sents[doc.sentence_at(c.start)].figures += 1
        for d in dates:
            sents[doc.sentence_at(d.start)].dates += 1
        sentence_scores(sents)
        event_article = any(st.event and not st.generic and not st.background and not st.caption for st in sents)
        out = dates + figures
        out += agency_candidates(self.g, doc, mentions, sents, cues, found, segs)
        out += place_candidates(self.g, doc, mentions, sents, segs)
        out += target_candidates(doc, mentions, sents, figures)
        if not event_article:
            for c in out:
                c.confidence = clamp(c.confidence * 0.6)
                c.reason += "; no sentence in the article reports an operation"
        out = _dedupe(out)
        out.sort(key=lambda c: (c.segment, FIELD_ORDER.index(c.field), c.start))
        return Draft(out, event_article, max(segs, default=0) + 1)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    best: dict[tuple, Candidate] = {}
    for c in cands:
        if c.key not in best or c.confidence > best[c.key].confidence:
            best[c.key] = c
    return list(best.values())
