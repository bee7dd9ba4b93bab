"""The privacy guard: likely personal data in free text is a located warning."""

from __future__ import annotations

import pytest

from avp.privacy import elf_proef, mask, scan
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
    assert result.stderr == "1 file checked: 0 error(s), 4 warning(s)\n"


def test_strict_turns_warnings_into_errors(invoke: Invoke) -> None:
    result = invoke(["validate", "--strict", str(LOG)])
    assert result.exit_code == 1
    assert result.stdout.count(": error: this looks like") == 4
