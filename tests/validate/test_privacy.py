"""The privacy guard: likely personal data in free text is a located warning."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from avp.validate import privacy
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
    ["BSN 123456782", "bsn: 1234.56.782", "nr 1234 56 782", "123.456.782", "123 456 782"],
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


def found_everywhere(text: str) -> list[tuple[int, str, str]]:
    """What :func:`privacy._found` finds, searching the whole text (no hints)."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in (privacy._EMAIL, privacy._PHONE):
        for match in pattern.finditer(text):
            if all(match.end() <= s or match.start() >= e for s, e in taken):
                taken.append(match.span())
                found.append((match.start(), match.group()))
    for match in privacy._BSN.finditer(text):
        free = all(match.end() <= s or match.start() >= e for s, e in taken)
        if free and privacy.elf_proef(re.sub(r"[ .]", "", match.group())):
            found.append((match.start(), match.group()))
    return found


PIECES = st.sampled_from(
    ["\n", " ", ".", "-", "+31", "0031", "(0)", "@", "a", "x.nl", "0", "06", "1234", "56",
     "789", "111222333", "12 34 56 789", "2022-06-01", "é", "\r\n", "/", ","]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.text(max_size=3), max_size=30).map("".join))
def test_searching_only_hinted_lines_finds_the_same(text: str) -> None:
    assert [(o, v) for o, _, v in privacy._found(text)] == found_everywhere(text)
