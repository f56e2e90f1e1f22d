"""The small JSON index the operations filter reads, embedded in the page.

Embedded in <script type="application/json"> rather than fetched: browsers
block fetch() of file:// URLs, and the site must work opened from disk.
"""

from __future__ import annotations

import json

COLUMNS = ("id", "country", "year", "kind", "organization")


def index(data) -> dict:
    rows = [[op["operation_id"], op.get("country_code") or "", op["date_start"].year if op.get("date_start") else "",
             op.get("kind") or "", op.get("target_organization_id") or ""] for op in data.ops]
    options = {
        "country": sorted({(r[1], data.country_name(r[1])) for r in rows if r[1]}, key=lambda p: p[1]),
        "year": sorted({(str(r[2]), str(r[2])) for r in rows if r[2] != ""}),
        "kind": sorted({(r[3], r[3]) for r in rows if r[3]}),
        "organization": sorted({(r[4], data.org_name(r[4])) for r in rows if r[4]}, key=lambda p: (p[1], p[0])),
    }
    return {"columns": list(COLUMNS), "rows": rows, "options": {k: [list(p) for p in v] for k, v in options.items()}}


def script_tag(data) -> str:
    text = json.dumps(index(data), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Inside <script>, "</script>" in a value would end the element: escape <, > and & as JSON \u escapes.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="ops-index">{text}</script>'
