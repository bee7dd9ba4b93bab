"""A guard against personal data in public documents.

Programmes, progress logs and reports are public (Wet open overheid), and notes about young
offenders or confused persons attract personal data. :func:`scan` looks through a file's
text, line by line, for likely personal data: citizen service numbers (BSN, nine digits
that pass the eleven-test, also written with dots or spaces), e-mail addresses and Dutch
phone numbers. Each finding is a warning at its line and column; the matched value is
masked in the message so that the warning does not spread it further.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from avp.base import rules
from avp.base.problems import Problem

_BSN = re.compile(
    r"(?<![\w.,/-])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w/-]|[.,]\d)"
)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")


# 0 + 9 digits, or +31 / 0031 + 9 digits; optional separators between the digit groups.
_PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[ -]?\(0\))?(?:[ -]?\d){9}(?![\w])")


def elf_proef(digits: str) -> bool:
    """The eleven-test of a BSN: 9 digits, weights 9..2 and -1, sum divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "0" * 9:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def mask(value: str) -> str:
    """``06-1***678``: enough to find it, not enough to read it."""
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


# Every phone number and BSN holds nine digits with at most one other character between
# them; every e-mail address an '@'. Only lines with one of these are searched (none of the
# patterns spans a line break): a quick search of a large file that has none.
_NINE_DIGITS = re.compile(r"\d(?:[^\n\d]?\d){8}")


_AT = re.compile("@")


def _lines_with(text: str, hint: re.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of each line of ``text`` where ``hint`` matches, in order."""
    spans: list[tuple[int, int]] = []
    for match in hint.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        if spans and start < spans[-1][1]:
            continue  # a second match on the same line
        end = text.find("\n", match.end())
        spans.append((start, len(text) if end < 0 else end))
    return spans


def _matches(pattern: re.Pattern[str], text: str, hint: re.Pattern[str]) -> Iterator[re.Match[str]]:
    for start, end in _lines_with(text, hint):
        yield from pattern.finditer(text, start, end)


def _found(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what, value) of each likely piece of personal data, in order of kind."""
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _matches(_EMAIL, text, _AT):
        taken.append(match.span())
        yield match.start(), "an e-mail address", match.group()
    digit_lines = _lines_with(text, _NINE_DIGITS)
    for start, end in digit_lines:
        for match in _PHONE.finditer(text, start, end):
            if free(*match.span()):
                taken.append(match.span())
                yield match.start(), "a phone number", match.group()
    for start, end in digit_lines:
        for match in _BSN.finditer(text, start, end):
            digits = re.sub(r"[ .]", "", match.group())
            if free(*match.span()) and elf_proef(digits):
                yield (
                    match.start(),
                    "a citizen service number (BSN: it passes the eleven-test)",
                    (match.group()),
                )


def scan(text: str, shown: str) -> list[Problem]:
    """Warnings for likely personal data in ``text``, with line and column.

    The patterns run over the whole text at once (none of them spans a line break); only
    matches are turned into line and column.
    """
    line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
    problems = []
    for offset, what, value in _found(text):
        line = bisect.bisect_right(line_starts, offset)
        problems.append(
            Problem(
                shown,
                line,
                offset - line_starts[line - 1] + 1,
                level="warning",
                message=(
                    f"this looks like {what} ({mask(value)}); programmes, progress logs "
                    "and reports are public: remove personal data"
                ),
                rule=rules.PRIVACY,
            )
        )
    return problems


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
