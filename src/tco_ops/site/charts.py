"""Bar charts drawn as SVG at build time: operations per month, stacked by country.

Hand-written rather than Vega-Altair + vl-convert: the charts are bars on a
month axis, the SVG is a few dozen lines of Python, and its bytes depend only
on the data (fixed decimals, sorted series), so the same tables give the same
file on every machine. Every chart comes with a <title>/<desc> and a data
table, so its numbers are readable without seeing it.
"""

from __future__ import annotations

from .html import esc, table

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER = "other"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_index(day) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def monthly(ops, key) -> tuple[list[int], list[str], dict]:
    """(months from first to last, series names, {(series, month): count}); at most 8 series, the rest 'other'."""
    dated = [op for op in ops if op.get("date_start") is not None]
    if not dated:
        return [], [], {}
    totals: dict[str, int] = {}
    for op in dated:
        totals[key(op)] = totals.get(key(op), 0) + 1
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    keep = set(ranked[: len(PALETTE) - 1]) if len(ranked) > len(PALETTE) else set(ranked)
    counts: dict = {}
    for op in dated:
        s = key(op) if key(op) in keep else OTHER
        m = month_index(op["date_start"])
        counts[(s, m)] = counts.get((s, m), 0) + 1
    series = sorted(keep) + ([OTHER] if len(keep) < len(ranked) else [])
    lo = min(month_index(op["date_start"]) for op in dated)
    hi = max(month_index(op["date_start"]) for op in dated)
    return list(range(lo, hi + 1)), series, counts


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top / step <= 5:
            return step
    return 10000


def bars_svg(months, series, counts, title: str, desc: str, width=720, height=240, colors=None,
             chart_id="chart") -> str:
    if not months:
        return f"<p>{esc(title)}: no dated operations.</p>"
    colors = colors or {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    left, right, top, bottom = 34, 8, 10, 26
    plot_w, plot_h = width - left - right, height - top - bottom
    stack_max = max(sum(counts.get((s, m), 0) for s in series) for m in months) or 1
    step = _step(stack_max)
    y_top = -(-stack_max // step) * step
    bw = plot_w / len(months)
    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{esc(title)}</title>'
           f'<desc id="{chart_id}-d">{esc(desc)}</desc>']
    for v in range(0, y_top + 1, step):
        y = top + plot_h - plot_h * v / y_top
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" class="tick" text-anchor="end">{v}</text>')
    for i, m in enumerate(months):
        x = left + i * bw
        base = 0
        for s in series:
            n = counts.get((s, m), 0)
            if not n:
                continue
            y0 = top + plot_h - plot_h * (base + n) / y_top
            h = plot_h * n / y_top
            out.append(f'<rect x="{x + bw * 0.1:.1f}" y="{y0:.1f}" width="{max(bw * 0.8, 0.5):.1f}" height="{h:.1f}" '
                       f'fill="{colors[s]}"><title>{esc(month_label(m))} · {esc(s)}: {n}</title></rect>')
            base += n
        if m % 12 == 0 or i == 0:
            out.append(f'<text x="{x:.1f}" y="{height - 8}" class="tick">'
                       f'{m // 12 if m % 12 == 0 else esc(month_label(m))}</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" class="axis"/></svg>')
    return "".join(out)


def legend(series, names=None, colors=None) -> str:
    colors = colors or {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    names = names or {}
    items = "".join(f'<li><span class="swatch" style="background:{colors[s]}"></span>{esc(names.get(s, s))}</li>'
                    for s in series)
    return f'<ul class="legend">{items}</ul>'


def data_table(months, series, counts, names=None, caption="Operations per month") -> str:
    """The chart's numbers, one row per month with at least one operation."""
    names = names or {}
    rows = []
    for m in months:
        values = [counts.get((s, m), 0) for s in series]
        if any(values):
            rows.append([esc(month_label(m)), *[str(v) for v in values], str(sum(values))])
    headers = ["Month", *[esc(names.get(s, s)) for s in series], "Total"]
    return f"<details><summary>{esc(caption)} as a table</summary>{table(headers, rows)}</details>"
