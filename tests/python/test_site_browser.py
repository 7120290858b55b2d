"""The quicklook site in a real browser: Debian's headless Chromium driven by Playwright
(scripts/browser-env.sh installs both when missing; set ATMOKIT_SKIP_BROWSER=1 to skip).

The site is built by the ``atmokit`` binary from the seven SGP met days of the oracle (raw ARM
QC) and the sample met days in ``data/`` (two datastreams). The top page, a datastream page, a
month page, a day page and an interactive plot are opened from ``file://`` and checked: no failed
request, no console error, every image decoded (``naturalWidth > 0``), the plot drew its canvas,
a drag-zoom narrows its time scale and the hover read-out shows time, value and QC. Screenshots
go to ``$ATMOKIT_ARTEFACTS`` (default: ``<target dir>/site-artefacts``)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.python.conftest import DATA, ROOT

CHROMIUM = os.environ.get("ATMOKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(os.environ.get("ATMOKIT_SKIP_BROWSER") == "1", reason="ATMOKIT_SKIP_BROWSER=1")


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "atmokit-target"))


def atmokit_bin() -> Path:
    """The atmokit binary: $ATMOKIT_BIN, else built with cargo into the target folder."""
    if os.environ.get("ATMOKIT_BIN"):
        return Path(os.environ["ATMOKIT_BIN"])
    subprocess.run(["cargo", "build", "-q", "--locked", "-p", "atmokit-cli"], cwd=ROOT, check=True)
    return target_dir() / "debug" / "atmokit"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    met = sorted(DATA.glob("sgpmetE13.b1.2019010*.cdf"))
    if len(met) != 7:
        pytest.skip("oracle met files not present")
    inputs = tmp_path_factory.mktemp("inputs")
    for f in met + sorted((ROOT / "data").glob("atkmetS1.b1.*.cdf")):
        os.symlink(f, inputs / f.name)
    out = tmp_path_factory.mktemp("site")
    r = subprocess.run([str(atmokit_bin()), "quicklook", str(inputs), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/browser-env.sh (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def artefacts() -> Path:
    d = Path(os.environ.get("ATMOKIT_ARTEFACTS", target_dir() / "site-artefacts"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def open_page(browser, path: Path, shot: str):
    """Open ``path``, load every image, and return (page, failed requests, console errors)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    failed: list[str] = []
    errors: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri() if "#" not in str(path) else "file://" + str(path))
    page.wait_for_load_state("load")
    # Lazy images load when scrolled to; make them all load now to check they decode.
    page.evaluate("document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30000)
    page.screenshot(path=str(artefacts() / f"{shot}.png"), full_page=False)
    return page, failed, errors


def check_images(page) -> int:
    widths = page.evaluate("Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth])")
    bad = [src for src, w in widths if not w]
    assert not bad, f"images not decoded: {bad}"
    return len(widths)


def test_top_stream_month_and_day_pages_load_cleanly(site, browser):
    pages = [
        (site / "index.html", "top"),
        (site / "sgpmetE13.b1" / "index.html", "datastream"),
        (site / "sgpmetE13.b1" / "201901.html", "month"),
        (site / "sgpmetE13.b1" / "20190103" / "index.html", "day"),
    ]
    counts = {}
    for path, name in pages:
        page, failed, errors = open_page(browser, path, name)
        assert not failed, f"{name}: failed requests {failed}"
        assert not errors, f"{name}: console errors {errors}"
        counts[name] = check_images(page)
        if name == "top":
            # Two datastreams: the matrix links every day.
            assert page.locator("table.matrix a").count() == 7 + 3
        if name == "datastream":
            # The flagged view is a second colouring of the same calendar cells.
            cell = page.locator("table.cal td[data-f]").first
            before = cell.evaluate("c => getComputedStyle(c).backgroundColor")
            page.click("label[for=view-flagged]")
            after = cell.evaluate("c => getComputedStyle(c).backgroundColor")
            assert before != after
            page.screenshot(path=str(artefacts() / "datastream-flagged.png"))
        page.close()
    assert counts["datastream"] > 0 and counts["month"] > 0 and counts["day"] > 0


def test_interactive_plot_draws_zooms_and_reads_out(site, browser):
    path = site / "sgpmetE13.b1" / "20190103" / "plot.html"
    page, failed, errors = open_page(browser, Path(str(path) + "#temp_mean"), "interactive")
    page.wait_for_function("window.atmokitUPlot !== undefined", timeout=30000)
    inked = page.evaluate(
        """() => { const c = document.querySelector('#plot canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert inked > 2000, f"canvas nearly empty ({inked} pixels drawn)"
    before = page.evaluate("[atmokitUPlot.scales.x.min, atmokitUPlot.scales.x.max]")
    box = page.locator(".u-over").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    readout = page.inner_text("#readout")
    assert "UTC" in readout and "temp_mean =" in readout and "QC" in readout, readout
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=5)
    page.mouse.up()
    after = page.evaluate("[atmokitUPlot.scales.x.min, atmokitUPlot.scales.x.max]")
    assert after[1] - after[0] < 0.5 * (before[1] - before[0]), (before, after)
    assert before[0] < after[0] < after[1] < before[1]
    page.screenshot(path=str(artefacts() / "interactive-zoomed.png"))
    page.click("#reset")
    reset = page.evaluate("[atmokitUPlot.scales.x.min, atmokitUPlot.scales.x.max]")
    assert reset == before
    assert not failed, failed
    assert not errors, errors
    page.close()

