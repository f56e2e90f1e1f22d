"""The site's one stylesheet and one script (the operations filter), as files under assets/."""

CSS = """\
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       background: var(--bg); overflow-wrap: break-word; }
a { color: var(--accent); }
.skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
header.site, main, footer.site { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
header.site { border-bottom: 1px solid var(--line); padding-top: 8px; }
.brand { margin: 0; font-weight: 700; font-size: 1.2rem; } .brand a { color: var(--ink); text-decoration: none; }
.version { font-weight: 400; color: var(--muted); font-size: .9rem; }
nav ul { list-style: none; margin: 4px 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
nav a[aria-current] { font-weight: 700; color: var(--ink); }
footer.site { border-top: 1px solid var(--line); margin-top: 32px; color: var(--muted); font-size: .9rem; }
h1 { font-size: 1.6rem; line-height: 1.25; } h2 { font-size: 1.3rem; margin-top: 1.8em; } h3 { font-size: 1.1rem; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; padding: 0;
         list-style: none; }
.stats li { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.stats .n { display: block; font-size: 1.5rem; font-weight: 700; }
.buttons a { display: inline-block; background: var(--accent); color: #fff; padding: 8px 14px; border-radius: 6px;
             text-decoration: none; margin: 0 8px 8px 0; }
.table-wrap { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: .95rem; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
table.figures td:nth-child(2), table.figures td:nth-child(3), table.figures td:nth-child(4) { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.claims { margin: 0; padding-left: 1.1em; font-size: .9rem; }
.conflict { color: #9a3412; font-weight: 600; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
svg.chart, svg.map { width: 100%; height: auto; display: block; max-width: 100%; }
svg.chart .grid { stroke: #e5e7eb; } svg.chart .axis { stroke: #57606a; }
svg .tick { font-size: 11px; fill: #57606a; }
svg.map .sea { fill: #eef4fa; } svg.map .land { fill: #e7e3d8; stroke: #b8b2a3; stroke-width: .5; }
svg.map .lake { fill: #eef4fa; } svg.map .border { fill: none; stroke: #a39e90; stroke-width: .5; }
.m-fine { fill: #b91c1c; stroke: #fff; stroke-width: 1; }
.m-area { fill: none; stroke: #b91c1c; stroke-width: 1.5; stroke-dasharray: 3 2; }
.m-country { fill: rgba(185, 28, 28, .06); stroke: #b91c1c; stroke-width: 1.5; stroke-dasharray: 1 3; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: .9rem; }
.legend .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; }
svg.key { width: 22px; height: 22px; vertical-align: middle; margin-right: 4px; }
pre { background: var(--soft); padding: 8px; overflow-x: auto; white-space: pre-wrap; font-size: .85rem; }
form.filter { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; background: var(--soft);
              padding: 8px 12px; border-radius: 6px; }
form.filter label { display: flex; flex-direction: column; font-size: .9rem; }
form.filter select { font-size: 1rem; max-width: 100%; }
.muted { color: var(--muted); }
@media (max-width: 600px) { body { font-size: 15px; } dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 6px; } th, td { padding: 4px 5px; } }
"""

FILTER_JS = """\
// The operations filter: reads the JSON index embedded in the page (no fetch, so file:// works),
// fills the selects and hides the rows that do not match. Without JavaScript the full list shows.
(function () {
  "use strict";
  var node = document.getElementById("ops-index");
  var form = document.getElementById("ops-filter");
  if (!node || !form) { return; }
  var index = JSON.parse(node.textContent);
  var cols = index.columns, rows = index.rows;
  var at = {}; cols.forEach(function (c, i) { at[c] = i; });
  var fields = ["country", "year", "kind", "organization"];
  fields.forEach(function (f) {
    var select = form.elements[f];
    index.options[f].forEach(function (pair) {
      var opt = document.createElement("option");
      opt.value = pair[0]; opt.textContent = pair[1];
      select.appendChild(opt);
    });
    select.addEventListener("change", apply);
  });
  var trs = {};
  document.querySelectorAll("#ops-table tbody tr[data-id]").forEach(function (tr) { trs[tr.dataset.id] = tr; });
  var status = document.getElementById("ops-count");
  function apply() {
    var want = {}; fields.forEach(function (f) { want[f] = form.elements[f].value; });
    var shown = 0;
    rows.forEach(function (row) {
      var ok = fields.every(function (f) { return !want[f] || String(row[at[f]]) === want[f]; });
      var tr = trs[row[at.id]];
      if (tr) { tr.hidden = !ok; }
      if (ok) { shown += 1; }
    });
    status.textContent = shown + " of " + rows.length + " operations shown";
  }
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
"""
