"""Operation segments: which sentences report the article's own operation and which an earlier one.

An article often closes with an earlier operation ("En noviembre pasado … otros 30",
"previously", "in a separate operation"). A sentence with such a cue opens a new segment,
which runs to the end of its paragraph; the next paragraph returns to the main operation.
The lead sentence never opens one (it states the news), and a cue that would leave the
main operation without any sentence reporting an action is ignored. Each segment is
drafted as its own block (`operation:` per claim); segment 0 is the main operation.
"""

from __future__ import annotations

from .cues import ARREST_V, EVENT, SEGMENT_CUE
from .text import Doc


def segments(doc: Doc) -> list[int]:
    """The segment of every sentence (0 = the article's main operation)."""
    f = doc.folded
    out: list[int] = []
    current, last_para, n = 0, -1, 0
    events = []
    for k, s in enumerate(doc.sents):
        if s.paragraph != last_para:
            current, last_para = 0, s.paragraph
        reports = bool(EVENT.search(f, s.start, s.end) or ARREST_V.search(f, s.start, s.end))
        events.append(reports)
        cue = SEGMENT_CUE.search(f, s.start, s.end) if k > 0 and reports else None
        if cue and cue.group().startswith("otr") and s.paragraph == doc.sents[0].paragraph:
            cue = None  # "y otros 5" in the lead paragraph adds to the same operation
        if cue:
            n += 1
            current = n
        out.append(current)
    if n and not any(e for e, seg in zip(events, out) if seg == 0):
        return [0] * len(out)
    return out
