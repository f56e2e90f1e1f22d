"""The site in a real browser: headless Chromium (Debian's package) driven by Playwright.

Skipped only when chromium or playwright is absent, and then never in CI:
TCO_OPS_REQUIRE_BROWSER=1 (set by .ci/run) turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"Debian's chromium is not installed ({CHROMIUM}): apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("TCO_OPS_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests must run here: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                              args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tco_ops.site import render, write

    return write(render(REPO), tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def tables():
    import tco_ops

    return {name: tco_ops.load(name) for name in ("operations", "arrests")}


def _open(browser, url, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    page.goto(url)
    return page, errors


def test_home_page_shows_the_tables_counts(browser, site, tables):
    page, errors = _open(browser, (site / "index.html").as_uri())
    ops = tables["operations"]
    assert page.title().startswith("Home · tco-ops")
    assert page.locator("#stat-operations .n").inner_text() == str(len(ops))
    from tco_ops import vocab

    states = ops.loc[~ops["country_code"].isin(vocab.NON_STATE_COUNTRY_CODES), "country_code"]
    assert page.locator("#stat-countries .n").inner_text() == str(states.nunique())
    reported = ops[ops["arrested_best"].notna()]
    assert page.locator("#stat-arrested .best").inner_text().replace(",", "") == str(int(reported["arrested_best"].sum()))
    assert page.locator("#stat-arrested .low").inner_text().replace(",", "") == str(int(reported["arrested_low"].sum()))
    assert page.locator("#stat-arrested .high").inner_text().replace(",", "") == str(int(reported["arrested_high"].sum()))
    assert page.locator("svg.map circle").count() > 10
    assert page.locator("svg.map circle.m-country").count() >= 1  # country-level places drawn as rings
    assert page.locator("#timeline ~ svg.chart rect").count() > 10
    assert errors == []
    page.close()


@pytest.mark.parametrize("operation_id", ["pe-2025-02-07-lima-pnp-hsi", "us-2025-02-05-aurora-raids",
                                          "us-2025-11-16-san-antonio-hstf", "cl-2022-06-16-arica-tren-del-norte-i"])
def test_operation_figures_equal_the_tables(browser, site, tables, operation_id):
    page, errors = _open(browser, (site / "operations" / f"{operation_id}.html").as_uri())
    op = tables["operations"].set_index("operation_id").loc[operation_id]

    def shown(row_id, part):
        return int(page.locator(f"#{row_id} .{part}").inner_text().replace(",", ""))

    for part in ("best", "low", "high"):
        assert shown("fig-arrested", part) == op[f"arrested_{part}"]
    arrests = tables["arrests"][tables["arrests"]["operation_id"] == operation_id]
    for _, group in arrests.iterrows():
        for part in ("best", "low", "high"):
            assert shown(f"fig-arrested-{group['group']}", part) == group[f"count_{part}"]
    for measure in ("personnel", "sites", "victims_rescued"):
        if op[f"{measure}_best"] is not None and str(op[f"{measure}_best"]) != "<NA>":
            assert shown(f"fig-{measure}", "best") == op[f"{measure}_best"]
    # every figure lists the claims behind it, each linked to its source
    assert page.locator("#fig-arrested-main .claims li a[href^='http']").count() >= 1
    assert errors == []
    page.close()


def test_filter_by_country_shrinks_the_list(browser, site, tables):
    page, errors = _open(browser, (site / "operations.html").as_uri())
    ops = tables["operations"]
    rows = page.locator("#ops-table tbody tr")
    assert rows.count() == len(ops)
    page.select_option("#ops-filter select[name=country]", "PE")
    visible = page.locator("#ops-table tbody tr:visible")
    expected = set(ops.loc[ops["country_code"] == "PE", "operation_id"])
    assert 0 < visible.count() == len(expected) < len(ops)
    assert {visible.nth(i).get_attribute("data-id") for i in range(visible.count())} == expected
    assert page.locator("#ops-count").inner_text() == f"{len(expected)} of {len(ops)} operations shown"
    page.select_option("#ops-filter select[name=kind]", "raid")
    both = set(ops.loc[(ops["country_code"] == "PE") & (ops["kind"] == "raid"), "operation_id"])
    assert page.locator("#ops-table tbody tr:visible").count() == len(both)
    page.click("#ops-filter button[type=reset]")
    page.wait_for_function(f"document.querySelectorAll('#ops-table tbody tr:not([hidden])').length === {len(ops)}")
    assert errors == []
    page.close()


def test_every_page_loads_without_errors_and_no_internal_link_is_broken(browser, site):
    pages = sorted(p for p in site.rglob("*.html"))
    ids_of: dict[Path, set] = {}
    broken, errors_by_page = [], {}
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    links = []
    for path in pages:
        errors.clear()
        page.goto(path.as_uri())
        ids_of[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        hrefs = page.eval_on_selector_all("a[href], link[href], script[src]",
                                          "els => els.map(e => e.src || (typeof e.href === 'string' ? e.href "
                                          ": new URL(e.href.baseVal, document.baseURI).href))")
        links += [(path, h) for h in hrefs]
        if errors:
            errors_by_page[path.name] = list(errors)
    page.close()
    internal = 0
    for source, href in links:
        if not href.startswith("file://"):
            assert href.startswith(("https://", "http://")), (source, href)
            continue
        internal += 1
        url, fragment = urldefrag(href)
        target = Path(unquote(urlsplit(url).path))
        if not target.is_file():
            broken.append((source.relative_to(site).as_posix(), href))
        elif fragment and target.suffix == ".html" and fragment not in ids_of.get(target, set()):
            broken.append((source.relative_to(site).as_posix(), href))
    assert internal > 500
    assert broken == []
    assert errors_by_page == {}


def _png_variance(png: bytes) -> float:
    """Variance of the grey level of a PNG screenshot (8-bit RGB/RGBA, not interlaced), decoded here."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        chunk = png[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (2, 6) and interlace == 0
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    prev, greys = bytearray(stride), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        greys += [sum(line[i:i + 3]) / 3 for i in range(0, stride, bpp * 4)]  # every 4th pixel is plenty
        prev = line
    mean = sum(greys) / len(greys)
    return sum((g - mean) ** 2 for g in greys) / len(greys)


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("page_name", ["index.html", "operations/pe-2025-02-07-lima-pnp-hsi.html", "operations.html"])
def test_screenshots_are_not_blank_and_phones_do_not_scroll_sideways(browser, site, width, page_name):
    page, errors = _open(browser, (site / page_name).as_uri(), width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    png = page.screenshot()
    assert _png_variance(png) > 100  # a blank page is ~0
    assert errors == []
    page.close()


def test_the_variance_check_sees_a_blank_page(browser):
    page = browser.new_page(viewport={"width": 375, "height": 600})
    page.set_content("<html><body style='background:#fff'></body></html>")
    assert _png_variance(page.screenshot()) < 1
    page.close()
