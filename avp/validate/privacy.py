"""A guard against personal data in public documents.

Programmes, progress logs and reports are public (Wet open overheid), and notes about young
offenders or confused persons attract personal data. :func:`scan` looks through a file's
text, line by line, for likely personal data (:mod:`avp.validate.personal`: citizen service
numbers, e-mail addresses, phone numbers), and through its text values as YAML reads them
when a value may hold a number split over lines by a fold, or an escape
(``"BSN 1000\\x323757"``), which the lines do not show whole. Each finding is a warning at
its line and column (for a value, where it starts); the matched value is masked in the
message so that the warning does not spread it further.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from typing import Any

from avp.base import rules
from avp.base.problems import Problem
from avp.base.text import line_pieces
from avp.validate.personal import BSN, EMAIL, PHONE, elf_proef, find, mask, same

__all__ = ["BSN", "elf_proef", "mask", "scan"]

# Every phone number and BSN holds nine digits with at most five other characters between
# two of them (``(010) - (123)``: a bracket, a space, a hyphen, a space and a bracket, as
# avp.validate.personal joins groups); every e-mail address an '@'. Only lines with one
# of these are searched (none of the patterns spans a line break): a quick search of a
# large file that has none.
_NINE_DIGITS = re.compile(r"\d(?:[^\n\d]{0,5}\d){8}")


_AT = re.compile("@")


# Nine digits on a line, whatever stands between them: what every phone number and BSN
# holds (the brackets of a group, ``(0)``, are not bounded).
_ANY_NINE_DIGITS = re.compile(r"\d(?:[^\d\n]*\d){8}")


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


# Every byte but an ASCII digit and a line break, deleted to count the digits of each line.
_NOT_A_DIGIT = bytes(b for b in range(256) if not (48 <= b <= 57 or b == 10))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


_DIGIT = re.compile(r"\d")


def _nine_digits_on_a_line(text: str) -> bool:
    """False if no line of ``text`` has nine digits (so neither nine-digit pattern can
    match it); True if one may. A count of each line's digits in C: the patterns try
    every digit of a large file (a log of 100,000 entries has 1.3 million). The text is
    encoded a piece of some :data:`_PIECE` characters at a time (cut at a line break),
    not whole: a large log's 15 MiB would be the largest thing ``avp validate`` holds."""
    if not text.isascii() and any(_DIGIT.search(run) for run in _NON_ASCII.findall(text)):
        return True  # a digit of another script (\d finds it): let the patterns decide
    for piece in line_pieces(text, _PIECE):
        digits = piece.encode("utf-8", "surrogatepass").translate(None, _NOT_A_DIGIT)
        if _NINE_IN_A_ROW.search(digits) is not None:
            return True
    return False


#: How many characters :func:`_nine_digits_on_a_line` encodes at a time.
_PIECE = 1 << 20


_NINE_IN_A_ROW = re.compile(b"[0-9]{9}")


def _nine_digit_lines(text: str, hint: re.Pattern[str]) -> list[tuple[int, int]]:
    """:func:`_lines_with` for a pattern of nine digits on a line (``hint``)."""
    return _lines_with(text, hint) if _nine_digits_on_a_line(text) else []


def _found(text: str) -> Iterator[tuple[int, str, str]]:
    """(offset, what, value) of each likely piece of personal data, searching only the
    lines that may hold one."""
    spans = sorted({*_lines_with(text, _AT), *_nine_digit_lines(text, _NINE_DIGITS)})
    yield from find(text, spans)


def _message(what: str, value: str, where: str = "") -> str:
    return (
        f"this looks like {what} ({mask(value)}){where}; programmes, progress logs and "
        "reports are public: remove personal data"
    )


def scan(text: str, shown: str, *, read: Callable[[str, str], Any] | None = None) -> list[Problem]:
    """Warnings for likely personal data in ``text``, with line and column.

    The patterns run over the lines that may hold a finding; only matches are turned into
    line and column (the table of line starts is built at the first match: a file without
    any does not pay for it). Then, if a value may read otherwise than its lines
    (:func:`_split_values`), over the text values as YAML reads them: what they show that
    the lines did not is reported where the value starts. ``read``: how to read the text
    as plain data (default :func:`avp.yamlio.loader.load`), e.g. a reader that remembers
    what another check read already.
    """
    line_starts: list[int] = []
    problems = []
    seen = set()
    for offset, what, value in _found(text):
        if not line_starts:
            line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        line = bisect.bisect_right(line_starts, offset)
        seen.add(same(what, value))
        problems.append(
            Problem(
                shown,
                line,
                offset - line_starts[line - 1] + 1,
                level="warning",
                message=_message(what, value),
                rule=rules.PRIVACY,
            )
        )
    if _split_values(text):
        for (line, column), what, value in _in_values(text, shown, seen, read):
            if same(what, value) not in seen:
                seen.add(same(what, value))
                where = " in the text of the value that starts here"
                message = _message(what, value, where)
                problems.append(Problem(shown, line, column, "warning", message, rules.PRIVACY))
    return problems


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# A line that starts (after its indentation) with a digit, a bracket or a plus: in YAML, a
# text value going on from the line before (a fold, a block text, a quoted text), which may
# hold the rest of a number or the number the line before names (BSN ...).
_GOES_ON_WITH_A_NUMBER = re.compile(r"\n[ \t]*[\d(+]")


def _split_values(text: str) -> bool:
    """Whether a value may hold a number split over lines, or an escape (``\\x32``), so
    that the lines do not show what YAML reads. Logs written by ``avp progress add`` have
    neither, and are not read a second time.
    """
    return "\\" in text or _GOES_ON_WITH_A_NUMBER.search(text) is not None


def _in_values(
    text: str, shown: str, seen: set[Any], read: Callable[[str, str], Any] | None = None
) -> Iterator[tuple[tuple[int, int], str, str]]:
    """((line, column), what, value) of what :func:`find` finds in each text value and
    the lines did not show (``seen``: what they showed, as :func:`same` keys).

    Read with the quick loader (or ``read``); only when something new is found is the file
    read again with positions (from libyaml's events where it can).
    """
    from avp.base.problems import DataError  # lazy
    from avp.yamlio.loader import gc_paused, load, load_located  # lazy
    from avp.yamlio.locate import fast_located  # lazy
    from avp.yamlio.positions import position  # lazy

    try:
        data = gc_paused(read or load)(text, shown)
    except DataError:
        return  # the file's own problems are reported elsewhere
    found = [
        (path, what, value)
        for path, what, value in _found_in_values(data)
        if same(what, value) not in seen
    ]
    if not found:
        return
    located = fast_located(text)
    if located is None:
        located = load_located(text, shown)
    for path, what, value in sorted(found, key=lambda f: str(f[0])):
        line, column = position(located, path)  # type: ignore[arg-type]
        yield (max(line, 1), max(column, 1)), what, value  # a text as the whole file: 1:1


def _found_in_values(data: Any) -> list[tuple[tuple[object, ...], str, str]]:
    """(path, what, value) of what :func:`find` finds in each text value of ``data``, in
    the order of :func:`find` within each value.

    The values are searched as one text, joined by line breaks (which no pattern spans,
    and which stand where a value starts and ends as nothing would: no pattern looks
    across one), and of that text only the lines with an '@' or nine digits (every finding
    has one or the other): one search, not one per value. The paths of the values are
    only made when something is found.
    """
    values = _texts(data)
    joined = "\n".join(values)
    spans = sorted({*_lines_with(joined, _AT), *_nine_digit_lines(joined, _ANY_NINE_DIGITS)})
    hits = list(find(joined, spans))
    if not hits:
        return []
    paths: list[tuple[object, ...]] = []
    _texts(data, paths)
    starts: list[int] = []
    at = 0
    for value in values:
        starts.append(at)
        at += len(value) + 1
    # find() yields every kind in turn over the whole text; per value, as find(value) would.
    order = {what: rank for rank, what in enumerate((EMAIL, PHONE, BSN))}
    found = [
        (bisect.bisect_right(starts, offset) - 1, offset, what, value)
        for offset, what, value in hits
    ]
    found.sort(key=lambda f: (f[0], order[f[2]], f[1]))
    return [(paths[index], what, value) for index, _, what, value in found]


def _texts(data: Any, paths: list[tuple[object, ...]] | None = None) -> list[str]:
    """Every text value (not key) of plain data, depth first from the last item; with
    ``paths``, their paths are appended to it in the same order."""
    texts: list[str] = []
    if paths is None:
        pending: list[Any] = [data]
        while pending:
            node = pending.pop()
            if isinstance(node, str):
                texts.append(node)
            elif isinstance(node, dict):
                pending += node.values()
            elif isinstance(node, list):
                pending += node
        return texts
    stack: list[tuple[tuple[object, ...], object]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            paths.append(path)
            texts.append(node)
        elif isinstance(node, dict):
            stack += [((*path, key), value) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [((*path, index), value) for index, value in enumerate(node)]
    return texts
