"""The HTML report's template: the default page, escaping, `--template DIR` and its errors."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Invoke
from tests.report.test_report import PROGRAMME, Page, report

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
    for label in ("Resultaat 2022", "Stand van zaken", "Laatste update"):
        assert out.count(f'data-label="{label}"') == 3
    for label in ("Nr.", "Maatregel"):  # the measures, and 1.1.2 on the attention list
        assert out.count(f'data-label="{label}"') == 4
    assert out.count('<li><span class="light"') == 6  # the legend: every status
    assert (
        '<div class="bar" role="img" aria-label="niet gestart: 1, aandacht: 1, afgerond: 1">' in out
    )
    assert '<span style="width:33.33%;background:#ef6c00" title="aandacht: 1"></span>' in out
    assert (
        '<br><span class="stale" title="Geen update in meer dan 180 dagen">geen recente update'
        "</span>" in out
    )
    assert '<div class="correction"><b>Bijsturing:</b> <span class="note">' in out
    assert '<p class="goal"><b>Doel:</b> Geen doel geformuleerd.</p>' in out
    assert "<footer>Gemaakt met avp · Voorbeeld</footer>" in out
    assert "<img" not in out and '<p class="computed-summary">' not in out  # no logo, no targets


def test_default_page_with_targets(invoke: Invoke) -> None:
    out = html(invoke, file=FIXTURES / "targets" / "programma.yaml")
    assert '<p class="computed-summary"><b>Berekend uit de normen:</b> <span class="light"' in out
    # 1 disagreement, and 4 measures with counts or values but no status (issue 15, point 6)
    assert "geen gegevens: 1 &nbsp; wijkt af van de stand van zaken: 5</p>" in out
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


def test_custom_stylesheet_replaces_the_inlined_one(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "huisstijl").mkdir()
    css = 'body { font-family: "Gemeente Sans"; }\n@media print{#x{color:red}}\n'
    (tmp_path / "huisstijl" / "report.css").write_text(css, encoding="utf-8")
    out = html(invoke, "--template", str(tmp_path / "huisstijl"))
    assert f"<style>\n{css}</style>" in out  # as it is: quotes and {# not touched
    assert "--ink: #1d2330" not in out
    assert out.count('<tr id="m-') == 3  # the page itself is avp's


def test_custom_page_template(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% from "macros.html.j2" import light %}'
        '<!DOCTYPE html>\n<html lang="{{ lang }}"><style>{{ css }}</style>\n'
        "<h1>{{ title }}</h1><p>{{ label.as_of }} {{ as_of }}: {{ summary.total.share }}</p>\n"
        "{% for field in fields %}{% for theme in field.themes %}"
        '{% for m in theme.measures %}<p id="{{ m.id }}">{{ light(m.status.colour) }}'
        "{{ m.status.label }}</p>\n{% endfor %}{% endfor %}{% endfor %}"
        "<p>{{ report.stale_days }} · {{ municipality }}</p>\n",
        encoding="utf-8",
    )
    out = html(invoke, "--template", str(tmp_path))
    assert "<h1>Voortgangsrapportage: Actieprogramma Veiligheid Voorbeeld 2021-2022</h1>" in out
    assert "<p>Stand per 30 juni 2022: 33%</p>" in out
    assert (
        '<p id="1.1.2"><span class="light" style="background:#ef6c00" aria-hidden="true">'
        "</span>aandacht</p>" in out
    )
    assert "<p>180 · Voorbeeld</p>\n" in out
    assert "--ink: #1d2330" in out  # avp's stylesheet, as the folder has none


def test_data_in_a_custom_template_is_escaped(invoke: Invoke, tmp_path: Path) -> None:
    programme = nasty_programme(tmp_path)
    (tmp_path / "eigen").mkdir()
    (tmp_path / "eigen" / "report.html.j2").write_text(
        '<p title="{{ municipality }}">{{ fields[0].themes[0].measures[0].text }}</p>\n'
        "<p>{{ report.programme.programme.municipality }}</p>\n"
        "<p>{{ report.lines[0].state.note }}</p>\n",
        encoding="utf-8",
    )
    out = html(invoke, "--template", str(tmp_path / "eigen"), file=programme)
    assert text_of(out).count(NASTY) == 3
    assert out.count("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;dubbel&#34;") == 4


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            b'<rect width="10" height="10" fill="#c00"/></svg>\n',
            "image/svg+xml",
        ),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
    ],
)
def test_logo_is_embedded(
    invoke: Invoke, tmp_path: Path, name: str, data: bytes, mime: str
) -> None:
    (tmp_path / name).write_bytes(data)
    out = html(invoke, "--template", str(tmp_path))
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    assert f'<header class="report">\n<img class="logo" src="{uri}" alt="Voorbeeld">\n<h1>' in out
    page = Page()
    page.feed(out)
    # still self-contained: nothing to fetch (links within the page only)
    assert [link for link in page.links if not link.startswith("#")] == [uri]


def one_error(invoke: Invoke, *args: str) -> str:
    result = invoke(["report", "-f", str(PROGRAMME), *AS_OF, *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("avp: error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("fmt", [None, "csv", "markdown"])
def test_template_is_for_html_only(invoke: Invoke, tmp_path: Path, fmt: str | None) -> None:
    args = ["--format", fmt] if fmt else []
    message = one_error(invoke, *args, "--template", str(tmp_path))
    assert message == (
        f"avp: error: --template is for --format html, not {fmt or 'table'}; "
        "add --format html or leave out --template"
    )


@pytest.mark.parametrize(
    ("folder", "files", "expected"),
    [
        ("nope", {}, "--template {dir}/nope does not exist; give a folder that holds"),
        ("a.css", {"a.css": "a {}"}, "--template {dir}/a.css is not a folder; give a folder"),
        (
            "t",
            {"report.html.j2": "<p>\n{{ title }</p>\n"},
            "{dir}/t/report.html.j2:2: template syntax error: unexpected '}'; fix the template",
        ),
        (
            "t",
            {"report.html.j2": "<p>\n\n{{ titel }}</p>\n"},
            "{dir}/t/report.html.j2:3: 'titel' is undefined; check the name against the "
            "variables listed at the top of ",
        ),
        (
            "t",
            {"report.html.j2": "{% include 'kop.html' %}", "kop.html": "<p>{{ fout }}"},
            "{dir}/t/kop.html:1: 'fout' is undefined",
        ),
        (
            "t",
            {"report.html.j2": "{% include 'kop.html' %}"},
            "{dir}/t/report.html.j2:1: no template 'kop.html' in {dir}/t or in avp's own",
        ),
        (
            "t",
            {"report.html.j2": "{{ report.__class__.__mro__ }}"},
            "{dir}/t/report.html.j2:1: not allowed in a report template: access to attribute "
            "'__class__' of 'Report' object is unsafe.",
        ),
        (
            "t",
            {"report.html.j2": "{{ 1 / 0 }}"},
            "{dir}/t/report.html.j2:1: the template failed: ZeroDivisionError: division by zero",
        ),
        ("t", {"report.html.j2": b"<p>caf\xe9</p>"}, "{dir}/t/report.html.j2 is not UTF-8 text"),
        ("t", {"report.html.j2/x": ""}, "{dir}/t/report.html.j2 is not a file"),
        ("t", {"report.css": "a{}</STYLE><script>"}, "{dir}/t/report.css contains '</style'"),
        ("t", {"logo.png": b"GIF89a"}, "{dir}/t/logo.png is not a PNG image"),
        ("t", {"logo.svg": b"<html/>"}, "{dir}/t/logo.svg is not an SVG image"),
    ],
    ids=[
        "missing",
        "not-a-folder",
        "syntax",
        "undefined",
        "undefined-in-include",
        "include-not-found",
        "sandbox",
        "runtime",
        "not-utf8",
        "not-a-file",
        "style-end",
        "bad-png",
        "bad-svg",
    ],
)
def test_template_errors(
    invoke: Invoke, tmp_path: Path, folder: str, files: dict[str, str | bytes], expected: str
) -> None:
    for name, content in files.items():
        path = (tmp_path if folder != "t" else tmp_path / "t") / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    message = one_error(invoke, "--format", "html", "--template", str(tmp_path / folder))
    assert message.startswith("avp: error: " + expected.replace("{dir}", str(tmp_path)))


def test_unreadable_template(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "report.html.j2"
    page.write_text("<p>{{ title }}</p>\n", encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == page:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    message = one_error(invoke, "--format", "html", "--template", str(tmp_path))
    assert message == (
        f"avp: error: cannot read {page}: Permission denied; make it readable or remove it"
    )


def test_empty_folder_gives_the_default_page(invoke: Invoke, tmp_path: Path) -> None:
    assert html(invoke, "--template", str(tmp_path)) == html(invoke)


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
