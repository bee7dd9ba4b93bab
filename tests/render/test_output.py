"""Text from the data is shown as text in every format: no markup, formulas or escapes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avp.render.output import (
    _UNSAFE,
    Column,
    clean,
    csv_cell,
    md_cell,
    to_csv,
    to_json,
    to_json_rows,
)
from tests.conftest import FIXTURES, Invoke

MARKUP = FIXTURES / "markup.yaml"
EVIL_TEXT = (
    "[bold red]Vet[/bold red] [link=https://evil.example]klik[/link] <script>alert(1)</script> [/x]"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 10 123", "'+31 10 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("gewoon", "gewoon"),
        (["=a", "b"], "'=a\nb"),  # list items one a line (issue 15, point 9)
    ],
)
def test_csv_cells_never_start_a_formula(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_clean_strips_escapes_and_bidi() -> None:
    assert clean("a\x1b[2Jb\u202ec\x07d\x9be") == "a[2Jbcde"
    assert clean("regel 1\nregel 2") == "regel 1\nregel 2"


def test_json_escapes_terminal_controls_but_stays_valid() -> None:
    text = to_json([{"note": "x\x1b[2J\u202ey ë"}])
    assert "\x1b" not in text and "\u202e" not in text
    assert "ë" in text
    assert json.loads(text) == [{"note": "x\x1b[2J\u202ey ë"}]


_TEXTS = st.text(
    st.sampled_from(["a", "ë", " ", "\u00a0", "\u00ad", "\n", "\t", "\x1b", "\x7f", "\x85"])
    | st.sampled_from(["\u200e", "\u202e", "\u2066", "\u2028", "\ufeff", "–", "€", '"'])
)


@given(st.lists(st.dictionaries(_TEXTS, _TEXTS | st.integers(), max_size=3), max_size=4), _TEXTS)
def test_json_rows_escape_as_the_whole_text_would(
    items: list[dict[str, object]], word: str
) -> None:
    """Rows are escaped one by one (skipped when all printable): the same text as the
    escape of the whole (the workspace report's json), and valid json of the same data."""
    head = {"scope": word, word: [word]}
    text = to_json_rows(items, head, "items")
    whole = [json.dumps(x, ensure_ascii=False) for x in items]
    listed = "[\n" + ",\n".join(whole) + "\n]" if items else "[]"
    lines = [
        f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in head.items()
    ]
    raw = "{\n" + ",\n".join([*lines, f'"items": {listed}']) + "\n}"
    assert text == _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", raw) + "\n"
    assert _UNSAFE.search(text) is None
    assert json.loads(text) == {**head, "items": items}


def test_json_rows_without_items_or_head() -> None:
    assert to_json_rows([]) == "[]\n"
    assert to_json_rows([1, {"a": "\u202e"}]) == '[\n1,\n{"a": "\\u202e"}\n]\n'
    assert to_json_rows([], {"a": 1}, "k") == '{\n"a": 1,\n"k": []\n}\n'
    assert to_json_rows([{}], {}, "k") == '{\n"k": [\n{}\n]\n}\n'


def test_markdown_cell_escapes_html_links_and_pipes() -> None:
    cell = md_cell("<script>x</script> [a](http://e) | *b*\nc")
    assert "<script>" not in cell
    assert "&lt;script&gt;" in cell
    assert "\\[a\\](http://e)" in cell  # no link: the brackets are escaped
    assert "\\|" in cell and "\\*b\\*" in cell
    assert cell.endswith("<br>c")


def test_csv_round_trip_keeps_text() -> None:
    columns = [Column("a", "a")]
    out = to_csv([{"a": 'komma, "quote"\nnieuwe regel'}], columns)
    assert list(csv.reader(io.StringIO(out)))[1] == ['komma, "quote"\nnieuwe regel']


def test_table_prints_markup_literally(invoke: Invoke) -> None:
    result = invoke(["list", "-f", MARKUP], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert EVIL_TEXT in result.stdout
    assert "@SUM(A1:A2) | *vet* _schuin_ # kop" in result.stdout


def test_show_prints_markup_literally(invoke: Invoke) -> None:
    result = invoke(["show", "1.1.1", "-f", MARKUP], env={"COLUMNS": "400"})
    assert EVIL_TEXT in result.stdout
    assert '=HYPERLINK("http://evil.example","x")' in result.stdout


def test_json_keeps_text_verbatim(invoke: Invoke) -> None:
    records = json.loads(invoke(["list", "-f", MARKUP, "--format", "json"]).stdout)
    assert records[0]["text"] == EVIL_TEXT
    assert records[0]["result"] == '=HYPERLINK("http://evil.example","x")'


def test_csv_output_is_spreadsheet_safe(invoke: Invoke) -> None:
    out = invoke(["list", "-f", MARKUP, "--format", "csv"]).stdout
    rows = list(csv.reader(io.StringIO(out)))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=HYPERLINK(" in out and "'@SUM(" in out and "'-2+3" in out


def test_markdown_output_carries_no_html(invoke: Invoke) -> None:
    out = invoke(["list", "-f", MARKUP, "--format", "markdown"]).stdout
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


def test_plain_table_wraps_within_its_width() -> None:
    from avp.render.output import Column
    from avp.render.plain import to_plain_table

    columns = [Column("id", "id"), Column("text", "text", ratio=1), Column("x", "x", table=False)]
    records = [
        {"id": "1", "text": "een twee drie vier vijf zes zeven acht negen tien", "s": "a"},
        {"id": "2", "text": "x" * 30, "s": "b"},
    ]
    text = to_plain_table(records, columns, 20, section_key="s")
    lines = text.splitlines()
    assert lines[0] == " id  text"
    assert all(len(line) <= 20 for line in lines)
    body = " ".join(line[5:].strip() for line in lines[2:] if line.strip())
    assert "een twee drie vier vijf zes zeven acht negen tien" in body
    assert "" in lines and "x" * 10 in text


def _wrapped_word_by_word(text: str, width: int) -> list[str]:
    """The wrapping of to_plain_table as it was written first: word by word."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            while len(word) > width:
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:width])
                word = word[width:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


@given(
    text=st.text(alphabet=st.sampled_from(list("ab é\t\n\r\x85\u2028\x1c  xyz")), max_size=40),
    width=st.integers(min_value=1, max_value=30),
)
def test_wrapping_a_short_cell_as_it_is_gives_what_the_words_give(text: str, width: int) -> None:
    from avp.render.plain import _wrapped

    assert _wrapped(text, width) == _wrapped_word_by_word(text, width)
