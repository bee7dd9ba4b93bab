"""Partner cells -> partner ids: names matched against known partners, the rest reviewed.

A cell like ``Gemeente (BOA's/BOB), politie en de DCMR. Mogelijk ook publiek private
samenwerking met maneges.`` gives ``[boa, bob, politie, dcmr]`` and the partner note
``Mogelijk ook publiek private samenwerking met maneges.``:

* known names (ids, names, aliases; case- and accent-insensitive, the longest first) are
  found anywhere in the cell, also inside the note; a name of up to three letters (``OM``)
  only in capitals;
* a partner followed by parentheses that name partners (``Gemeente (BOA's)``) is only the
  parent of those: the named ones are listed, not it;
* a clause that is not a list of names (a later sentence, or four or more words with a
  qualifying word: ``Publiek private samenwerking met ...``) is the note, verbatim;
* what is left between the separators (``,`` ``/`` ``en`` ``de`` ``i.s.m.``; not the ``en``
  of ``Zorg- en Veiligheidshuis``) is a new partner.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SEPARATORS = re.compile(
    r"[,;/()&+]|\.(?=\s|$)|(?<![\w-])(?<!- )(?:en|of)(?!\w)"
    r"|(?<!\w)(?:de|het|i\.?s\.?m\.?|met|and|plus)(?!\w)",
    re.IGNORECASE,
)
QUALIFIERS = re.compile(
    r"(?<!\w)(?:mogelijk|eventueel|samenwerking|ook|nodig|indien|afhankelijk|waar|via|"
    r"o\.a\.|onder andere|bijvoorbeeld|ondersteund|ondersteuning|betrokken)(?!\w)",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<!\b\w)\.\s+(?=[A-Z])")  # not after i.s.m. or o.a.


def fold_char(char: str) -> str:
    """One character, lower case, without its accent (the length stays the same)."""
    if char in "’‘`":
        return "'"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def fold_text(text: str) -> str:
    return "".join(fold_char(c) for c in text)


def slug(name: str) -> str:
    """An id from a name: lower case, ASCII letters and digits, hyphens."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    plain = plain.replace("'", "")
    text = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-")
    return text or "partner"


@dataclass
class Cell:
    """What a partner cell gives."""

    ids: list[str]
    note: str | None
    new: list[str] = field(default_factory=list)


class PartnerIndex:
    """Known partners by every name they go by; new partners are added as they are found."""

    def __init__(self) -> None:
        self.partners: dict[str, dict[str, Any]] = {}  # id -> partner data (kept order)
        self.origin: dict[str, str] = {}  # id -> "programme" | "registry" | "new"
        self._names: dict[str, str] = {}  # folded name -> id
        self._pattern: re.Pattern[str] | None = None

    def add(self, partner: dict[str, Any], origin: str) -> None:
        pid = partner["id"]
        if pid in self.partners:
            return
        self.partners[pid] = partner
        self.origin[pid] = origin
        for name in [partner["name"], *partner.get("aliases", []), pid]:
            self._names.setdefault(fold_text(" ".join(str(name).split())), pid)
        self._pattern = None

    def _regex(self) -> re.Pattern[str]:
        if self._pattern is None:
            names = sorted(self._names, key=len, reverse=True)
            alternatives = "|".join(re.escape(n) for n in names if n) or "(?!)"
            self._pattern = re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w-])")
        return self._pattern

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, id) of every known name in ``text``, left to right."""
        found = []
        for match in self._regex().finditer(fold_text(text)):
            original = text[match.start() : match.end()]
            letters = [c for c in original if c.isalpha()]
            if len(letters) <= 3 and not original.isupper():
                continue  # 'om' is a word; only 'OM' is a partner
            found.append((match.start(), match.end(), self._names[match[0]]))
        return found

    def new_partner(self, name: str) -> str:
        """Add a partner with this name (or the one that has it already); its id."""
        known = self._names.get(fold_text(" ".join(name.split())))
        if known is not None:
            return known
        base = slug(name)
        pid, n = base, 2
        while pid in self.partners:
            pid, n = f"{base}-{n}", n + 1
        self.add({"id": pid, "name": name}, "new")
        return pid


def _note_span(cell: str) -> tuple[int, int] | None:
    """Where the partner note is: a later sentence, or a clause of four or more words
    with a qualifying word."""
    starts = [0] + [m.end() for m in SENTENCE.finditer(cell)]
    clauses: list[tuple[int, int]] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(cell)
        sentence = cell[start:end]
        if number > 0 and len(sentence.split()) >= 3:
            return start, len(cell)
        offset = start
        for part in re.split(r"(,)", sentence):
            if part != ",":
                clauses.append((offset, offset + len(part)))
            offset += len(part)
    for start, end in clauses:
        clause = cell[start:end]
        if len(clause.split()) >= 4 and QUALIFIERS.search(clause):
            lead = len(clause) - len(clause.lstrip())
            return start + lead, len(cell)
    return None


def _inside_longer_name(
    cell: str, match: tuple[int, int, str], index: PartnerIndex, note: tuple[int, int] | None
) -> bool:
    """Whether a name from avp's registry is only part of a longer name ("gebiedsteam" in
    "gebiedsteam Westvoorne"): the words beside it up to a separator are not a partner of
    their own, so the whole is one (new) partner. Names from --partners-from always count."""
    start, end, pid = match
    if index.origin.get(pid) != "registry":
        return False
    bounds = [0, *(x for m in SEPARATORS.finditer(cell) for x in (m.start(), m.end())), len(cell)]
    left = max(b for b in bounds if b <= start)
    right = min(b for b in bounds if b >= end)
    if note is not None:
        right = min(right, max(note[0], end))
    rest = cell[left:start] + " " + cell[end:right]
    rest = re.sub(r"\([^)]*\)?|^[^(]*\)", " ", rest)  # what a parenthesis names is its own
    return any(c.isalpha() for c in rest)


def parse_cell(cell: str, index: PartnerIndex) -> Cell:
    """The partners a cell names (new ones added to ``index``) and its note."""
    span = _note_span(cell)
    note = cell[span[0] : span[1]].strip() if span else None
    known = [k for k in index.find(cell) if not _inside_longer_name(cell, k, index, span)]
    masked = list(cell)
    for start, end, _ in known:
        masked[start:end] = " " * (end - start)
    if span:
        masked[span[0] : span[1]] = " " * (span[1] - span[0])
    found: list[tuple[int, int, str]] = list(known)
    new: list[str] = []
    text = "".join(masked)
    position = 0
    for piece in SEPARATORS.split(text):
        start = text.index(piece, position) if piece else position
        position = start + len(piece)
        name = piece.strip(" .:-")
        if any(c.isalpha() for c in name):
            offset = start + piece.index(name)
            pid = index.new_partner(name)
            new.append(pid)
            found.append((offset, offset + len(name), pid))
    found.sort()
    ids: list[str] = []
    dropped: set[int] = set()
    for number, (_, end, _) in enumerate(found):
        after = cell[end:]
        opening = re.match(r"\s*\(", after)
        if not opening:
            continue
        close = cell.find(")", end)
        close = len(cell) if close < 0 else close
        inner = [f for f in found if end < f[0] < close]
        if inner:
            dropped.add(number)
            parent = found[number][2]
            for _, _, child in inner:
                if index.origin.get(child) == "new" and "parent" not in index.partners[child]:
                    index.partners[child]["parent"] = parent
    for number, (_, _, pid) in enumerate(found):
        if number not in dropped and pid not in ids:
            ids.append(pid)
    return Cell(ids, note, new)
