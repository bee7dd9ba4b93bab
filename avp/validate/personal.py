"""What looks like personal data in a piece of text: BSNs, e-mail addresses, phone numbers.

Used by the privacy guard on whole files (:mod:`avp.validate.privacy`) and on the text of a
new progress entry (``avp progress add``).

* A phone number is a Dutch one (0 and nine digits, or +31/0031 and nine, with an optional
  ``(0)``) or an international one (+ or 00, a country code and 9 to 13 digits in all),
  written in groups with spaces, dots, hyphens (also `` - ``) or brackets around the area
  code: ``(010) 123 45 67``, ``06.12.34.56.78``, ``+31 (0)10 123 4567``.
* A citizen service number (BSN) is nine digits that pass the eleven-test and either stand
  near the word BSN, burgerservicenummer or sofinummer, or are written as a BSN is
  (``1234.56.782``, ``1234 56 782``, ``100-023-757``). Any other nine-digit number (an
  amount, a case or dossier number) is not taken for one: a tenth of them pass the test.
* An e-mail address is ``name@domain.tld``, the domain also in other scripts (IDN).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

PHONE = "a phone number"
EMAIL = "an e-mail address"
BSN = "a citizen service number (BSN)"


def elf_proef(digits: str) -> bool:
    """The eleven-test of a BSN: 9 digits, weights 9..2 and -1, sum divisible by 11."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or digits == "0" * 9:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


def mask(value: str) -> str:
    """``06-1***678``: enough to find it, not enough to read it."""
    if len(value) <= 4:
        return "*" * len(value)
    keep = max(1, len(value) // 4)
    return value[:keep] + "*" * (len(value) - 2 * keep) + value[-keep:]


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)(?![\w-])",
    re.IGNORECASE,
)


# Digit groups joined by a space, a dot or a hyphen (each may have a space on either side);
# a group may start with + or have brackets: (010), (0)10. Not after a letter or an '@', nor
# after a digit and a separator (inside 1.000.000 or 2019-2022).
_RUN = re.compile(
    r"(?<![\w+@])(?<!\d[.,/-])\+?\(?\d[\d()]*(?:(?:[ \t]?[.-][ \t]?|[ \t])\(?\d[\d()]*)*"
)


_GROUP = re.compile(r"\+?\(?\d[\d()]*")


# A date (with a time after it, 06-12-2022 10:00, the digits would make a phone number).
_DATE = re.compile(r"\(?\d{1,2}\)?[ \t]?[-./][ \t]?\d{1,2}[ \t]?[-./][ \t]?\d{4}")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _phone_from(groups: list[tuple[int, int, str]], first: int, run: str, at: int) -> int:
    """The index of the last group of a phone number that starts at group ``first``, or -1."""
    text = groups[first][2]
    digits = _digits(text)
    if text.startswith("+") or (digits.startswith("00") and not text.startswith("(")):
        number = digits.removeprefix("00") if not text.startswith("+") else digits
        dutch = number.startswith("31")
        count = len(number) - 2 if dutch else len(number)
        for last in range(first, len(groups)):
            if last > first:
                group = groups[last][2]
                if dutch and last == first + 1 and group.startswith("(0)"):
                    group = group[3:]
                count += len(_digits(group))
            if dutch and count == 9:
                return last
            if not dutch and 9 <= count <= 13 and last == len(groups) - 1:
                return last
            if count > 13:
                return -1  # (and a long run of groups is not walked to its end each time)
        return -1
    if not digits.startswith("0") or digits.startswith("00"):
        return -1
    if len(digits) == 2 and digits != "06":  # no area code has two digits: a day (01-02-...)
        return -1
    if _DATE.match(run, groups[first][0] - at):
        return -1
    count = 0
    for last in range(first, len(groups)):
        count += len(_digits(groups[last][2]))
        if count == 10:
            return last
        if count > 10:
            return -1
    return -1


def _phones(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for run in _RUN.finditer(text, start, end):
        after = text[run.end() : run.end() + 2]
        if after[:1].isalnum() or (after[:1] in ".," and after[1:].isdigit()):
            continue  # glued to a word or a decimal: not a number on its own
        at, digits = run.start(), run.group()  # once: a run may be long
        groups = [(at + m.start(), at + m.end(), m.group()) for m in _GROUP.finditer(digits)]
        index = 0
        while index < len(groups):
            last = _phone_from(groups, index, digits, at)
            if last < 0:
                index += 1
                continue
            yield groups[index][0], groups[last][1]
            index = last + 1


_BSN = re.compile(r"(?<![\d+])(?<!\d[ .,/-])\d(?:[ .-]?\d){8}(?!\d|[.,/-]\d)")


# How a BSN is written (on a passport: 1234.56.782), unlike an amount or a case number.
_BSN_FORM = re.compile(r"\d{4}([ .])\d{2}\1\d{3}|\d{3}-\d{3}-\d{3}")


_BSN_WORD = re.compile(r"(?i)\bbsn|burger\s?service\s?-?nummer|\bsofi")


def _bsn_context(text: str, start: int, end: int) -> bool:
    """Whether the word BSN (burgerservicenummer, sofinummer) stands near ``text[start:end]``,
    on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = _BSN_WORD.search(text, max(line_start, start - 30), start)
    return before is not None or _BSN_WORD.search(text, end, min(line_end, end + 20)) is not None


def _bsns(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for match in _BSN.finditer(text, start, end):
        if not elf_proef(_digits(match.group())):
            continue
        if _BSN_FORM.fullmatch(match.group()) or _bsn_context(text, *match.span()):
            yield match.span()


def find(text: str, spans: list[tuple[int, int]] | None = None) -> Iterator[tuple[int, str, str]]:
    """(offset, what, value) of each likely piece of personal data in ``text``, in order of
    kind (e-mail addresses, phone numbers, BSNs); where two overlap, the first found.

    ``spans``: the (start, end) of the lines to search (none of the patterns spans a line
    break); None: all of ``text``.
    """
    every = [(0, len(text))] if spans is None else spans
    starts: list[int] = []  # what is taken: spans that do not overlap, by start
    ends: list[int] = []

    def take(start: int, end: int) -> bool:
        """Take the span if it overlaps none taken (a bisection: a text may hold many)."""
        index = bisect.bisect_right(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            return False
        starts.insert(index, start)
        ends.insert(index, end)
        return True

    for start, end in every:
        for match in _EMAIL.finditer(text, start, end):
            if take(*match.span()):
                yield match.start(), EMAIL, match.group()
    for finder, what in ((_phones, PHONE), (_bsns, BSN)):
        for start, end in every:
            for found_start, found_end in finder(text, start, end):
                if take(found_start, found_end):
                    yield found_start, what, text[found_start:found_end]


def same(what: str, value: str) -> tuple[str, str]:
    """What identifies a finding however it was written (its digits, or the address)."""
    return what, value.casefold() if what == EMAIL else _digits(value)
