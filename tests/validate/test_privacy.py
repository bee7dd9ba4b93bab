"""The privacy guard: likely personal data in free text is a located warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.validate import privacy
from avp.validate.personal import find
from avp.validate.privacy import elf_proef, mask, scan
from tests.conftest import BUNDLED, FIXTURES, Invoke

LOG = FIXTURES / "privacy" / "voortgang.yaml"


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("123456782", True),
        ("111222333", True),
        ("123456789", False),
        ("000000000", False),
        ("12345678", False),
    ],
)
def test_eleven_test(digits: str, valid: bool) -> None:
    assert elf_proef(digits) is valid


@pytest.mark.parametrize(
    "text",
    ["BSN 123456782", "bsn: 1234.56.782", "nr 1234 56 782", "BSN 123.456.782", "bsn 123 456 782"],
)
def test_bsn_in_any_notation(text: str) -> None:
    (problem,) = scan(f"note: {text}\n", "f.yaml")
    assert "citizen service number" in problem.message
    assert problem.level == "warning" and problem.rule == "privacy"


@pytest.mark.parametrize(
    "text",
    [
        "06-12345678",
        "06 1234 5678",
        "0612345678",
        "010-1234567",
        "+31 6 12345678",
        "+31612345678",
        "0031 10 123 4567",
        "+31 (0)10 123 4567",
    ],
)
def test_dutch_phone_numbers(text: str) -> None:
    (problem,) = scan(f"note: bel {text} morgen\n", "f.yaml")
    assert "phone number" in problem.message


@pytest.mark.parametrize(
    "text",
    [
        "2019-2022",
        "9,2%",
        "1.000.000 euro",
        "0800-1234",
        "2021-03-17",
        "12-18 jaar",
        "123456789",
        "123.456.782",  # an amount: without the word BSN, not taken for one
        "123 456 782",
        "versie 1.2.3",
        "Q2 2022",
        "70% van alle deelprocessen",
        "art. 13b Opiumwet",
    ],
)
def test_no_false_alarms(text: str) -> None:
    assert scan(f"note: {text}\n", "f.yaml") == []


def test_no_false_alarm_on_the_bundled_data() -> None:
    assert scan(BUNDLED.read_text(encoding="utf-8"), "p.yaml") == []


def test_e_mail_and_masking() -> None:
    (problem,) = scan("note: mail j.devries@example.nl\n", "f.yaml")
    assert (problem.line, problem.column) == (1, 12)
    assert "j.devries@example.nl" not in problem.message
    assert mask("0612345678") == "06******78"


def test_validate_warns_with_line_and_column(invoke: Invoke) -> None:
    result = invoke(["validate", str(LOG)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(": warning:")[0] for line in lines] == [
        f"{LOG}:6:36",
        f"{LOG}:6:70",
        f"{LOG}:11:38",
        f"{LOG}:13:23",
    ]
    assert all(line.endswith("remove personal data (privacy)") for line in lines)
    assert result.stderr == (
        f"1 file checked: 0 error(s), 4 warning(s); {LOG} against {LOG.parent / 'programma.yaml'} "
        "(beside it)\n"
    )


def test_strict_turns_warnings_into_errors(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(LOG)])
    assert result.exit_code == 1
    assert result.stdout.count(": error: this looks like") == 4


PIECES = st.sampled_from(
    ["\n", " ", ".", "-", "+31", "0031", "(0)", "@", "a", "x.nl", "0", "06", "1234", "56",
     "789", "111222333", "12 34 56 789", "2022-06-01", "é", "\r\n", "/", ",", "(", ")",
     " - ", "bsn", "+32", "010", "ü.de"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.text(max_size=3), max_size=30).map("".join))
def test_searching_only_hinted_lines_finds_the_same(text: str) -> None:
    assert list(privacy._found(text)) == list(find(text))


# --- Issue 14: progress add runs the guard --------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("programma.yaml", "voortgang.yaml"):
        shutil.copy(FIXTURES / "targets" / name, tmp_path / name)
    return tmp_path


def add(invoke: Invoke, project: Path, *args: str) -> Any:
    command = ["progress", "add", "-f", project / "programma.yaml", "1.1.1", "--status"]
    author = [] if "--author" in args else ["--author", "T"]  # (given twice: exit 2)
    return invoke([*command, "on_track", "--date", "2022-06-01", *author, *args])


def test_issue14_progress_add_warns(invoke: Invoke, project: Path) -> None:
    """Issue 14: `progress add` never warns (about personal data)."""
    log = project / "voortgang.yaml"
    result = add(invoke, project, "--note", "Moeder gebeld op (010) 123 45 67")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "avp: warning: the note looks like it holds a phone number ((01********* 67); "
        "progress logs are public: remove personal data\n"
    )
    assert "Moeder gebeld op (010) 123 45 67" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (["--note", "BSN 100-023-757", "--strict"], "note"),
        (["--note", "x", "--source", "mail van j@müller.de", "--strict"], "source"),
        (["--note", "06.12.34.56.78", "--author", "a@b.nl", "--strict"], "note and author"),
        (["--note", "x", "--correction", "bel 0181-123456", "--strict"], "correction"),
    ],
)
def test_issue14_progress_add_refuses_with_strict(
    invoke: Invoke, project: Path, args: list[str], fields: str
) -> None:
    """Issue 14: `progress add` never warns; --strict refuses the entry."""
    log = project / "voortgang.yaml"
    before = log.read_bytes()
    result = add(invoke, project, *args)
    assert result.exit_code == 1
    assert result.stderr.count("avp: warning: the ") == len(fields.split(" and "))
    assert result.stderr.endswith(
        f"avp: error: the entry was not added: what looks like personal data is in its "
        f"{fields}; write it without (--strict)\n"
    )
    assert log.read_bytes() == before


def test_issue14_a_programme_with_privacy_strict_refuses(invoke: Invoke, project: Path) -> None:
    """Issue 14: a programme setting `privacy: strict` makes `progress add` refuse."""
    programme = project / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    assert "  language: nl\n" in text
    programme.write_text(
        text.replace("  language: nl\n", "  language: nl\n  privacy: strict\n"), encoding="utf-8"
    )
    log = project / "voortgang.yaml"
    before = log.read_bytes()
    result = add(invoke, project, "--note", "bsn100023757")
    assert result.exit_code == 1
    assert result.stderr.endswith("is in its note; write it without (privacy: strict)\n")
    assert log.read_bytes() == before
    result = add(invoke, project, "--note", "Zaak 111222333 afgerond")  # no BSN: written
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr


def test_privacy_takes_warn_or_strict(invoke: Invoke, project: Path) -> None:
    programme = project / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("  language: nl\n", "  language: nl\n  privacy: streng\n"), encoding="utf-8"
    )
    result = invoke(["validate", programme, "--format", "text"])
    assert result.exit_code == 1
    assert "programme.privacy: must be 'warn' or 'strict'" in result.stdout


def test_a_finding_in_a_folded_value_is_placed_at_the_value(invoke: Invoke, project: Path) -> None:
    """Issue 14: a BSN split by a line fold or a YAML escape is missed; it is found now, at
    the start of its value."""
    log = project / "voortgang.yaml"
    text = log.read_text(encoding="utf-8")
    old = "note: Eerste controle gepland."
    log.write_text(text.replace(old, 'note: "BSN 1000\\x323757\n      en 06-1234\n      5678"'))
    result = invoke(["validate", project / "programma.yaml", log, "--format", "text"])
    assert result.exit_code == 0
    warnings = [line.split(":", 1)[1] for line in result.stdout.splitlines()]
    assert warnings == [
        "6:11: warning: this looks like a citizen service number (BSN) (10*****57) in the "
        "text of the value that starts here; programmes, progress logs and reports are "
        "public: remove personal data (privacy)",
        "6:11: warning: this looks like a phone number (06-******678) in the text of the "
        "value that starts here; programmes, progress logs and reports are public: remove "
        "personal data (privacy)",
    ]


def test_a_log_as_avp_writes_it_is_read_once() -> None:
    """The values are read a second time only when a line may go on with a number, or the
    file has an escape: not for a log as `progress add` writes it."""
    assert not privacy._split_values((FIXTURES / "targets" / "voortgang.yaml").read_text())
    assert privacy._split_values("note: BSN\n  100023757\n")
    assert privacy._split_values('note: "a\\x40b.nl"\n')
    (problem,) = scan("a: 1\nnote: Jongere, BSN\n  100023757\n", "f.yaml")
    assert (problem.line, problem.column) == (2, 7)


def test_privacy_strict_makes_validate_report_personal_data_as_errors(
    invoke: Invoke, project: Path
) -> None:
    """`privacy: strict` holds for avp validate too: a phone number in the log (written
    by hand, past progress add) is an error there, and only a warning without it."""
    add(invoke, project, "--note", "Moeder gebeld op (010) 123 45 67")
    result = invoke(["validate", "-f", project / "programma.yaml"])
    assert result.exit_code == 0, result.output
    assert "warning: " in result.stdout and "phone number" in result.stdout
    programme = project / "programma.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(
        text.replace("  language: nl\n", "  language: nl\n  privacy: strict\n"), encoding="utf-8"
    )
    result = invoke(["validate", "-f", project / "programma.yaml"])
    assert result.exit_code == 1, result.output
    assert "error: " in result.stdout and "phone number" in result.stdout


def test_a_file_that_is_one_escaped_text_is_scanned_without_a_crash(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A file whose whole content is one double-quoted text with an escape: the values
    are read as YAML reads them (the BSN is found, at 1:1), never an internal error."""
    (tmp_path / "s.yaml").write_text('"BSN 1000\\x323757"\n', encoding="utf-8")
    result = invoke(["validate", "s.yaml"])
    assert "internal error" not in result.output
    assert "s.yaml:1:1: warning: this looks like a citizen service number" in result.stdout


def test_a_split_number_is_placed_where_its_value_starts(tmp_path: Path) -> None:
    """A BSN folded over two lines is found in the value and placed where it starts."""
    text = "entries:\n  - note: >-\n      BSN 1000\n      23757\n    author: J\n"
    found = [p for p in scan(text, "v.yaml") if "in the text of the value" in p.message]
    assert [(p.line, p.column) for p in found] == [(2, 11)]


# --- Issue 18: the scan at scale --------------------------------------------------------------


def _per_value(data: Any) -> list[tuple[tuple[object, ...], str, str]]:
    """What the values held, searched one by one (as avp did before issue 18)."""
    found: list[tuple[tuple[object, ...], str, str]] = []
    stack: list[tuple[tuple[object, ...], object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            found += [(path, what, value) for _, what, value in find(node)]
        elif isinstance(node, dict):
            stack += [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [((*path, index), value) for index, value in enumerate(node)]
    return sorted(found, key=lambda f: str(f[0]))


TEXTS = st.lists(PIECES | st.text(max_size=3), max_size=12).map("".join)
PLAIN = st.recursive(
    TEXTS | st.integers() | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(PLAIN)
def test_the_values_searched_as_one_text_find_what_each_value_holds(data: Any) -> None:
    """Issue 18: the values are searched as one text (only its lines with an '@' or nine
    digits); what is found, and in which order, is what a search of each value finds."""
    assert sorted(privacy._found_in_values(data), key=lambda f: str(f[0])) == _per_value(data)


def test_a_phone_number_with_wide_gaps_in_a_value_is_found() -> None:
    """Five characters between two digits ``) - (``: the values' prefilter still lets the
    line through (every finding has nine digits on its line, or an '@')."""
    data = {"a": ["x", "bel (010) - (123) 45 67", {"b": "mail a@b.nl of BSN 1234.56.782"}]}
    found = sorted(privacy._found_in_values(data), key=lambda f: str(f[0]))
    assert found == _per_value(data)
    assert [what for _, what, _ in found] == [
        "a phone number",
        "an e-mail address",
        "a citizen service number (BSN)",
    ]


def test_a_clean_text_builds_no_table_of_line_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: the line starts are only found for a finding to place (a large clean
    file does not pay for them)."""

    class Counted:
        calls = 0

        def finditer(self, text: str) -> Any:
            Counted.calls += 1
            return re.finditer(r"\r\n|\r|\n", text)

    monkeypatch.setattr(privacy, "_LINE_BREAK", Counted())
    assert scan("a: 1\nnote: niets bijzonders 2021-2022\n" * 50, "f.yaml") == []
    assert Counted.calls == 0
    (problem,) = scan("a: 1\nnote: bel 06-12345678\n", "f.yaml")
    assert (problem.line, problem.column, Counted.calls) == (2, 11, 1)


def test_scan_reads_the_values_with_the_reader_it_is_given() -> None:
    """``read``: the data another check read already; the same problems as without it."""
    text = "entries:\n  - note: >-\n      BSN 1000\n      23757\n    author: J\n"
    read: list[str] = []

    def reader(text: str, shown: str) -> Any:
        read.append(shown)
        return privacy_load(text, shown)

    from avp.yamlio.loader import load as privacy_load

    assert scan(text, "v.yaml", read=reader) == scan(text, "v.yaml")
    assert read == ["v.yaml"]


def test_validate_scans_the_same_bytes_once(
    invoke: Invoke, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: bytes the scan found clean (with this avp) are not scanned again; what
    it finds is found every time, and a change of the file is scanned."""
    from avp.validate import pipeline

    scanned: list[str] = []

    def counted(text: str, shown: str, **kwargs: Any) -> Any:
        scanned.append(Path(shown).name)
        return scan(text, shown, **kwargs)

    monkeypatch.setattr(pipeline, "scan", counted)
    command = ["validate", "-f", project / "programma.yaml"]
    first = invoke(command)
    assert first.exit_code == 0, first.output
    assert sorted(scanned) == ["programma.yaml", "voortgang.yaml"]
    again = invoke(command)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert sorted(scanned) == ["programma.yaml", "voortgang.yaml"]  # not scanned again
    add(invoke, project, "--note", "Moeder gebeld op (010) 123 45 67")
    found = [invoke(command).stdout for _ in range(2)]
    assert found[0] == found[1] and "phone number" in found[0]
    assert sorted(scanned) == ["programma.yaml", *["voortgang.yaml"] * 3]


DIGITS = st.lists(
    st.sampled_from(["1", "23", "456", "7890", "٣", "١٢٣٤٥", "\n", "\r", " ", "-", "é", "(0)"])
    | st.text(max_size=2),
    max_size=24,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(DIGITS)
def test_a_text_without_nine_digits_on_a_line_is_not_searched_for_them(text: str) -> None:
    """Issue 18: the count of each line's digits says no only where neither nine-digit
    pattern matches (digits of other scripts included)."""
    if not privacy._nine_digits_on_a_line(text):
        assert privacy._NINE_DIGITS.search(text) is None
        assert privacy._ANY_NINE_DIGITS.search(text) is None
    assert privacy._nine_digits_on_a_line("a\n١٢٣ ٤٥٦ ٧٨٩\n")
    assert privacy._nine_digits_on_a_line("tel 010 - 123 45 67\n")
    assert not privacy._nine_digits_on_a_line("date: 2022-06-01\nmeasure: 1.2.3\n")


@pytest.mark.parametrize(
    "written",
    ["(010) - (123) 45 67", "(010)-(123) 45 67", "+31 (0)10 - (123) 45 67", "010 - 123 45 67"],
)
def test_a_phone_number_with_brackets_on_both_sides_of_a_hyphen_is_found_on_its_line(
    written: str,
) -> None:
    """Five characters between two digits (``) - (``): the lines' prefilter lets the line
    through (it allowed four, and a file with the number on one line had no warning)."""
    (problem,) = privacy.scan(f"note: bel {written} voor info\n", "voortgang.yaml")
    assert (problem.line, problem.column) == (1, 11)
    assert "phone number" in problem.message
