"""The HTML report's template: the default page, escaping, and jinja2 loaded only for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, Invoke
from tests.test_report import PROGRAMME, Page, report

AS_OF = ["--as-of", "2022-06-30"]
# Text that must stay text: markup, an entity, quotes and template syntax.
NASTY = "<script>alert(1)</script> & \"dubbel\" 'enkel' {{ 7 * 7 }} {% if 1 %}ja{% endif %}"


def html(invoke: Invoke, *args: str, file: Path = PROGRAMME) -> str:
    return report(invoke, *AS_OF, "--format", "html", *args, file=file)


def nasty_programme(folder: Path) -> Path:
    """The report fixture with NASTY in the municipality, a measure's text and a note."""
    quoted = json.dumps(NASTY)  # a JSON string is a YAML double-quoted scalar
    source = PROGRAMME.read_text(encoding="utf-8")
    source = source.replace("municipality: Voorbeeld", f"municipality: {quoted}")
    source = source.replace("text: Buurtbemiddeling voortzetten.", f"text: {quoted}")
    assert source.count(NASTY.replace('"', '\\"')) == 2
    (folder / "programma.yaml").write_text(source, encoding="utf-8")
    log = (PROGRAMME.parent / "voortgang.yaml").read_text(encoding="utf-8")
    log = log.replace("note: Afgerond op de peildatum zelf.", f"note: {quoted}")
    (folder / "voortgang.yaml").write_text(log, encoding="utf-8")
    return folder / "programma.yaml"


def text_of(out: str) -> str:
    page = Page()
    page.feed(out)
    assert page.scripts == 0
    return "".join(page.text)


def test_default_page_structure(invoke: Invoke) -> None:
    out = html(invoke)
    assert out.startswith('<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">')
    assert out.endswith("</footer>\n</main>\n</body>\n</html>\n")
    assert (
        "<title>Voortgangsrapportage: Actieprogramma Veiligheid Voorbeeld 2021-2022 "
        "(30 juni 2022)</title>" in out
    )
    assert "<style>\n:root {" in out and "@media screen and (max-width: 700px)" in out
    for anchor in ('id="f-1"', 'id="f-2"', 'id="t-1.1"', 'id="t-2.1"', 'id="m-1.1.2"'):
        assert anchor in out
    for label in ("Nr.", "Maatregel", "Resultaat 2022", "Stand van zaken", "Laatste update"):
        assert out.count(f'data-label="{label}"') == 3
    assert out.count('<li><span class="light"') == 6  # the legend: every status
    assert (
        '<div class="bar" role="img" aria-label="niet gestart: 1, aandacht: 1, afgerond: 1">' in out
    )
    assert '<span style="width:33.33%;background:#ef6c00" title="aandacht: 1"></span>' in out
    assert (
        '<br><span class="stale" title="Geen update in meer dan 180 dagen">verouderd</span>' in out
    )
    assert '<div class="correction"><b>Bijsturing:</b> <span class="note">' in out
    assert '<p class="goal"><b>Doel:</b> Geen doel geformuleerd.</p>' in out
    assert "<footer>Gemaakt met avp · Voorbeeld</footer>" in out
    assert "<img" not in out and '<p class="computed-summary">' not in out  # no logo, no targets


def test_default_page_with_targets(invoke: Invoke) -> None:
    out = html(invoke, file=FIXTURES / "targets" / "programma.yaml")
    assert '<p class="computed-summary"><b>Berekend uit de normen:</b> <span class="light"' in out
    assert "geen gegevens: 1 &nbsp; wijkt af van de stand van zaken: 1</p>" in out
    assert (
        '</span><div class="computed"><b>Berekend:</b> <span class="light" '
        'style="background:#ef6c00" aria-hidden="true"></span>risico</div>'
        '<span class="disagree">wijkt af van de stand van zaken</span>' in out
    )
    assert '<ul class="targets" aria-label="Norm">' in out


def test_programme_text_is_escaped_and_never_a_template(invoke: Invoke, tmp_path: Path) -> None:
    out = html(invoke, file=nasty_programme(tmp_path))
    text = text_of(out)
    assert text.count(NASTY) == 3  # the measure, its note and the footer, as written
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;dubbel&#34; &#39;enkel&#39;" in out
    assert "<script>" not in out


def loaded_modules(*argv: str) -> list[str]:
    probe = (
        "import sys\nfrom avp.cli import main\n"
        f"sys.argv = ['avp', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n' + ' '.join(m for m in ('jinja2', 'markupsafe') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "AVP_NO_CACHE": "1"},
    )
    return done.stdout.splitlines()[-1].split()


def test_only_the_html_report_imports_jinja2() -> None:
    assert loaded_modules("--version") == []
    fixture = ["-f", str(PROGRAMME), *AS_OF]
    assert loaded_modules("report", *fixture, "--format", "json") == []
    assert loaded_modules("report", *fixture, "--format", "html") == ["jinja2", "markupsafe"]
