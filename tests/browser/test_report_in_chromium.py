"""Issue 15, deliverable "automated browser test": the HTML report in headless Chromium.

Debian's ``chromium`` (``.ci/run`` installs it with apt-get when it is missing), driven by
Playwright with that executable (``executable_path``: no browser download). At desktop
(1280 px) and phone (375 px) width no element sticks out of the viewport and every status
shows with its word and its colour; printed to PDF (read back with pypdf), every page has
its number and the programme's name in the footer. Without Chromium the tests are skipped,
unless ``AVP_REQUIRE_BROWSER=1`` (set by ``.ci/run``): then they fail.
``AVP_SCREENSHOTS=folder`` keeps the screenshots and PDFs to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avp.i18n import status_label
from avp.programme.status import Status
from avp.render.style import status_hex
from tests.conftest import BUNDLED, Invoke

CHROMIUM = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
AS_OF = "2022-06-30"

#: A half year of entries on the bundled programme: every status, counts and a value.
LOG = """\
entries:
  - {measure: 1.1.1, date: 2022-02-01, status: on_track, note: Buurtbemiddeling loopt., author: T}
  - measure: 1.1.2
    date: 2022-03-01
    status: at_risk
    note: Regio traag.
    correction: Wethouder agendeert het.
    author: T
  - measure: 1.1.3
    date: 2022-04-01
    status: off_track
    note: Geen capaciteit.
    correction: Extra inhuur.
    author: T
  - {measure: 3.1.1, date: 2022-01-20, status: done, note: Klaar., author: T}
  - {measure: 4.2.1, date: 2022-02-10, status: dropped, note: Vervalt., author: T}
  - {measure: 2.2.3, date: 2022-04-10, count: 1, note: Integrale controle., author: T}
  - {measure: 1.3.5, date: 2022-04-01, value: 9.4, note: Burgernet Q1., author: T}
"""

#: Every element that sticks out of the viewport (left of 0 or right of its width), but
#: those inside a box that scrolls sideways on purpose (.wide) and what the page hides.
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.wide') && !el.classList.contains('wide')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5)
      out.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {scroll: document.documentElement.scrollWidth, width, out};
}"""

#: Each status word shown in the measure tables with the colour of its light.
STATUS_JS = """() => [...document.querySelectorAll('table.measures span.status')].map(s => ({
  word: s.textContent.trim(),
  colour: getComputedStyle(s.querySelector('.light')).backgroundColor,
  visible: s.getBoundingClientRect().width > 0,
}))"""

LEGEND_JS = """() => [...document.querySelectorAll('ul.legend li')].map(li => ({
  word: li.textContent.trim(),
  colour: getComputedStyle(li.querySelector('.light')).backgroundColor,
}))"""


def rgb(hex_colour: str) -> str:
    """``#ef6c00`` as the browser reports it: ``rgb(239, 108, 0)``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if os.environ.get("AVP_REQUIRE_BROWSER") == "1":
            pytest.fail("AVP_REQUIRE_BROWSER=1 but Chromium is not installed")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]'")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture
def report_files(invoke: Invoke, tmp_path: Path) -> dict[str, Path]:
    """The report of the whole programme and of field 1 as HTML files."""
    programme = tmp_path / "programma.yaml"
    shutil.copyfile(BUNDLED, programme)
    (tmp_path / "voortgang-2021-2022.yaml").write_text(LOG, encoding="utf-8")
    files = {}
    for name, scope in (("all", []), ("field", ["--field", "1"])):
        out = tmp_path / f"{name}.html"
        result = invoke(
            ["report", "-f", programme, "--as-of", AS_OF, "--format", "html", "-o", out, *scope]
        )
        assert result.exit_code == 0, result.output
        files[name] = out
    return files


def keep(path: Path) -> None:
    """Copy a screenshot or PDF to $AVP_SCREENSHOTS, when set (to look at them)."""
    if folder := os.environ.get("AVP_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(folder) / path.name)


@pytest.mark.parametrize("width", [1280, 375])
def test_no_overflow_and_every_status_with_word_and_colour(
    browser: Any, report_files: dict[str, Path], tmp_path: Path, width: int
) -> None:
    """Issue 15, browser test: at desktop and phone width nothing sticks out of the
    viewport, and each status shows its word beside a light of its colour."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(report_files["all"].as_uri())
    found = page.evaluate(OVERFLOW_JS)
    assert found["out"] == [], found
    assert found["scroll"] <= found["width"], found
    shown = page.evaluate(STATUS_JS)
    legend = page.evaluate(LEGEND_JS)
    for status in Status:
        word, colour = status_label(status, "nl"), rgb(status_hex(status))
        assert any(s["word"] == word and s["colour"] == colour and s["visible"] for s in shown), (
            status,
            [s for s in shown if s["word"] == word][:1],
        )
        assert any(
            item["word"].startswith(f"{word}:") and item["colour"] == colour for item in legend
        )
    # "geen recente update" is information, not a warning: not the orange of "aandacht"
    stale = page.evaluate("() => getComputedStyle(document.querySelector('.stale')).color")
    assert stale not in (rgb(status_hex(Status.at_risk)), rgb(status_hex(Status.off_track)))
    shot = tmp_path / f"report-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    keep(shot)
    page.close()


def pdf_pages(browser: Any, html: Path, pdf: Path) -> list[str]:
    from pypdf import PdfReader  # lazy: a dev dependency

    page = browser.new_page()
    page.goto(html.as_uri())
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    page.close()
    keep(pdf)
    return [p.extract_text() for p in PdfReader(pdf).pages]


def test_printed_pages_have_numbers_and_the_programme(
    browser: Any, report_files: dict[str, Path], tmp_path: Path
) -> None:
    """Issue 15, deliverable "Print": every printed page says "Pagina n / N" and the
    programme's name; page 1 holds the summary and the attention list."""
    pages = pdf_pages(browser, report_files["all"], tmp_path / "report.pdf")
    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert f"Pagina {number} / {len(pages)}" in flat, (number, flat[-200:])
        assert "Actieprogramma Integraal Veiligheidsbeleid Westvoorne" in flat, number
    first = " ".join(pages[0].split())
    assert "Samenvatting" in first and "Aandachtspunten" in first
    field = pdf_pages(browser, report_files["field"], tmp_path / "field-1.pdf")
    first = " ".join(field[0].split())
    assert "Samenvatting" in first and "Aandachtspunten" in first
    assert re.search(r"1\.1\.3 .*achter", first), first  # the attention list, not one row
