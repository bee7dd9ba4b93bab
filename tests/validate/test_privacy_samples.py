"""The privacy guard against a list of samples: personal data it must find, text it must pass.

Each sample is the YAML text of a ``note`` (what follows ``note:``), as an officer might write
it. All personal data here is made up; the BSNs pass the eleven-test. README.md gives the
figures (how many of each are caught and passed); the last test checks them.
"""

from __future__ import annotations

import pytest

from avp.validate.personal import BSN, EMAIL, PHONE
from avp.validate.privacy import scan

#: (note as YAML, what the guard must find).
POSITIVE: list[tuple[str, str]] = [
    # Phone numbers, Dutch.
    ("bel 06-12345678 morgen", PHONE),
    ("06 1234 5678", PHONE),
    ("0612345678", PHONE),
    ("06 12 34 56 78", PHONE),
    ("06.12.34.56.78", PHONE),
    ("010-1234567", PHONE),
    ("010 123 4567", PHONE),
    ("(010) 123 45 67", PHONE),
    ("(0181) 12 34 56", PHONE),
    ("010 - 123 45 67", PHONE),
    ("0181-123456", PHONE),
    ("tel.06-12345678", PHONE),
    ("+31 6 12345678", PHONE),
    ("+31612345678", PHONE),
    ("+31 (0)10 123 4567", PHONE),
    ("+31 (0)6-12345678", PHONE),
    ("0031 10 123 4567", PHONE),
    ("0031 6 1234 5678", PHONE),
    ("telefoon: 088 - 123 45 67", PHONE),
    # Phone numbers, other countries.
    ("+32 2 123 45 67", PHONE),
    ("+44 20 7946 0958", PHONE),
    ("0049 30 1234567", PHONE),
    # Written over two lines (a fold) or with an escape.
    ("bel 06-1234\n  5678", PHONE),
    ('"bel 06-1234\\x35678"', PHONE),
    # Citizen service numbers.
    ("BSN 123456782", BSN),
    ("bsn: 1234.56.782", BSN),
    ("nr 1234 56 782", BSN),
    ("1234.56.782", BSN),
    ("100-023-757", BSN),
    ("bsn100023757", BSN),
    ("BSN: 100.023.757", BSN),
    ("burgerservicenummer 111222333", BSN),
    ("Burgerservicenummer: 313 000 013", BSN),
    ("sofinummer 100000009", BSN),
    ("BSN-nummer 100 023 757 doorgegeven", BSN),
    ("100023757 (bsn)", BSN),
    ("BSN 1000\n  23757", BSN),
    ('"BSN 1000\\x323757"', BSN),
    ('"BSN 100\\u0030\\u0032\\u0033757"', BSN),
    ("|-\n  jongere met BSN 313.000.025", BSN),
    # E-mail addresses.
    ("mail j.devries@example.nl", EMAIL),
    ("J.DE.VRIES@EXAMPLE.NL", EMAIL),
    ("jan+politie@wijk.example.com", EMAIL),
    ("jan@müller.de", EMAIL),
    ("ouder@gemeente.例え", EMAIL),
    ("info@xn--mller-kva.de", EMAIL),
    ("contact: a_b@sub.domein.nl.", EMAIL),
]


#: Notes the guard must pass: figures of a safety programme, not personal data.
NEGATIVE: list[str] = [
    "2019-2022",
    "9,2%",
    "1.000.000 euro",
    "€ 123.456.782 begroot",  # an amount (it passes the eleven-test)
    "123456782 bezoekers per jaar",  # a count (it passes the eleven-test)
    "zaaknummer 111222333",  # a case number (it passes the eleven-test)
    "dossier 2022-0123456",
    "Z-2022-012345",
    "0800-1234",
    "14 0181",
    "2021-03-17",
    "06-12-2022 10:00",
    "01-02-2022 14.00 uur",
    "09.00-17.00 uur",
    "12-18 jaar",
    "versie 1.2.3",
    "Q2 2022",
    "70% van alle deelprocessen",
    "art. 13b Opiumwet",
    "postcode 3233 AB",
    "KvK 12345678",
    "IBAN NL91ABNA0417164300",
    "123 456 789 euro",
    "in 2022 waren er 1.234.567 passages",
    "schaal 1:25000",
    "a@b",
    "e-mail via het contactformulier",
]


def test_the_lists_are_long_enough() -> None:
    assert len(POSITIVE) >= 40
    assert len(NEGATIVE) >= 20


@pytest.mark.parametrize(("note", "what"), POSITIVE)
def test_personal_data_is_found(note: str, what: str) -> None:
    """Issue 14: validate misses phone numbers written (010) 123 45 67, 010 - 123 45 67,
    06.12.34.56.78, a BSN written 100-023-757 or bsn100023757 or split by a YAML escape or
    line fold, and e-mail addresses with a non-ASCII domain."""
    (problem,) = scan(f"note: {note}\n", "f.yaml")
    assert problem.message.startswith(f"this looks like {what} (")
    assert problem.level == "warning" and problem.rule == "privacy"
    assert 1 <= problem.line <= 1 + note.count("\n")


@pytest.mark.parametrize("note", NEGATIVE)
def test_figures_are_not_personal_data(note: str) -> None:
    """Issue 14: two ordinary nine-digit numbers that pass the eleven-test are false alarms."""
    assert scan(f"note: {note}\n", "f.yaml") == []


def test_the_figures_in_the_readme() -> None:
    """README.md gives the figures of the lists above."""
    from tests.conftest import ROOT

    caught = sum(bool(scan(f"note: {note}\n", "f.yaml")) for note, _ in POSITIVE)
    passed = sum(not scan(f"note: {note}\n", "f.yaml") for note in NEGATIVE)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    figures = (
        f"all {caught} of {len(POSITIVE)} samples of personal data are found, and all "
        f"{passed} of {len(NEGATIVE)} samples of ordinary figures pass"
    )
    assert (caught, passed) == (len(POSITIVE), len(NEGATIVE))
    assert figures in " ".join(readme.split())
