"""A parser of the source document: the text extracted from the adopted PDF.

The tests compare the YAML programme with what this parser reads from the source, so the parser
must not share code with ``avp``. It repairs the artefacts of the PDF extraction:

* a table row split at a page break continues on a later line whose cells start in lower case;
  each non-empty cell of that line is joined (with one space) to the same column of the row above;
* cells may hold ``<p>...</p>`` paragraphs: the tags are removed and paragraphs are separated by
  a blank line;
* a theme heading may share its line with empty cells (``"Objectieve veiligheid\\t\\t\\t"``);
* a Doel cell on a later line of a table continues the goal of the theme, while the other cells
  of that line form a new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE_NAME = "actieprogramma-integraal-veiligheidsbeleid-westvoorne-2021-2022.txt"
# A copy of the source text is committed beside the data so that this check always runs.
SOURCE_PATH = Path(__file__).resolve().parents[1] / "data" / "source" / SOURCE_NAME
SHARED_SOURCE_PATH = Path(__file__).resolve().parents[2] / "shared" / "source" / SOURCE_NAME

TABLE_HEADER = ("Doel", "Maatregel", "Partners", "Resultaat 2022")
FIELD_HEADING = re.compile(r"^Veiligheidsveld (?P<number>[1-9][0-9]*):? (?P<name>\S.*)$")
CONTENTS_ENTRY = re.compile(r"^(?P<title>.+?)\.{3,}\t(?P<page>[0-9]+)$")
NUMBERED_ITEM = re.compile(r"^[1-9][0-9]*\. (?P<text>.+)$")
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


class SourceError(ValueError):
    """The source document does not have the expected structure."""


@dataclass(frozen=True)
class Row:
    """One measure: a row of a theme's table."""

    maatregel: str
    partners_cell: str
    resultaat: str


@dataclass(frozen=True)
class Theme:
    name: str
    goal: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Field:
    number: int
    name: str
    heading: str
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class SourceDocument:
    contents: tuple[str, ...]
    """Titles in the table of contents, in order (page numbers dropped)."""
    introduction: tuple[str, ...]
    """The non-blank lines of the introduction ("Inleiding"), without its heading."""
    fields: tuple[Field, ...]

    @property
    def themes(self) -> list[tuple[Field, Theme]]:
        return [(field, theme) for field in self.fields for theme in field.themes]

    @property
    def rows(self) -> list[tuple[Field, Theme, Row]]:
        return [(field, theme, row) for field, theme in self.themes for row in theme.rows]

    def numbered_list(self, heading_start: str) -> list[str]:
        """The items of the numbered list that follows the introduction line `heading_start`."""
        lines = self.introduction
        starts = [i for i, line in enumerate(lines) if line.startswith(heading_start)]
        if len(starts) != 1:
            raise SourceError(f"expected one line starting with {heading_start!r}")
        items: list[str] = []
        for line in lines[starts[0] + 1 :]:
            match = NUMBERED_ITEM.match(line)
            if match is None:
                break
            items.append(match["text"])
        if not items:
            raise SourceError(f"no numbered list after {heading_start!r}")
        return items


def load_source(path: Path = SOURCE_PATH) -> SourceDocument:
    return parse_source(path.read_text(encoding="utf-8"))


def parse_source(text: str) -> SourceDocument:
    lines = text.splitlines()
    contents_start = _index_of(lines, "Inhoud")
    intro_start = _index_of(lines, "Inleiding", start=contents_start + 1)
    first_field = next(
        (i for i, line in enumerate(lines) if "\t" not in line and FIELD_HEADING.match(line)),
        None,
    )
    if first_field is None or first_field < intro_start:
        raise SourceError("no 'Veiligheidsveld' heading after the introduction")
    contents = tuple(
        _contents_title(line) for line in lines[contents_start + 1 : intro_start] if line.strip()
    )
    introduction = tuple(line for line in lines[intro_start + 1 : first_field] if line.strip())
    return SourceDocument(contents, introduction, _parse_fields(lines[first_field:]))


def _index_of(lines: list[str], wanted: str, start: int = 0) -> int:
    for i in range(start, len(lines)):
        if lines[i].strip() == wanted:
            return i
    raise SourceError(f"no line {wanted!r}")


def _contents_title(line: str) -> str:
    match = CONTENTS_ENTRY.match(line)
    if match is None:
        raise SourceError(f"not a table-of-contents entry: {line!r}")
    return match["title"]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("\t")]


class _ThemeBuilder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.goal_parts: list[str] = []
        self.rows: list[list[str]] = []  # [maatregel, partners, resultaat]

    def add_line(self, line: str) -> None:
        cells = _cells(line)
        if len(cells) != len(TABLE_HEADER):
            raise SourceError(f"{self.name}: expected {len(TABLE_HEADER)} cells in {line!r}")
        doel, *rest = cells
        first = next((cell for cell in cells if cell), "")
        if not first:
            return
        if first[0].islower():
            # The rest of a row that was split at a page break.
            if not self.rows:
                raise SourceError(f"{self.name}: continuation line without a row: {line!r}")
            if doel:
                self.goal_parts.append(doel)
            for column, cell in enumerate(rest):
                if cell:
                    previous = self.rows[-1][column]
                    self.rows[-1][column] = f"{previous} {cell}" if previous else cell
            return
        if doel:
            # The first row holds the goal; a Doel cell further down continues it.
            self.goal_parts.append(doel)
        if not rest[0]:
            raise SourceError(f"{self.name}: a row without a measure: {line!r}")
        self.rows.append(rest)

    def build(self) -> Theme:
        if not self.rows:
            raise SourceError(f"theme {self.name!r} has no measures")
        rows = tuple(Row(*(_repair_cell(cell) for cell in row)) for row in self.rows)
        return Theme(self.name, " ".join(self.goal_parts), rows)


def _repair_cell(cell: str) -> str:
    """Remove ``<p>`` tags; several paragraphs are separated by a blank line."""
    paragraphs = PARAGRAPH.findall(cell)
    if not paragraphs:
        if "<p>" in cell or "</p>" in cell:
            raise SourceError(f"unbalanced <p> tags in {cell!r}")
        return cell
    if PARAGRAPH.sub("", cell).strip():
        raise SourceError(f"text outside <p> tags in {cell!r}")
    return "\n\n".join(paragraph.strip() for paragraph in paragraphs)


def _parse_fields(lines: list[str]) -> tuple[Field, ...]:
    header_lines = {i for i, line in enumerate(lines) if tuple(_cells(line)) == TABLE_HEADER}
    # A theme heading is the last non-blank line before a table header.
    theme_headings: dict[int, str] = {}
    for header in sorted(header_lines):
        heading = max((i for i in range(header) if lines[i].strip()), default=None)
        if heading is None or heading in header_lines:
            raise SourceError(f"no theme heading above the table header on line {header}")
        name, *empty = _cells(lines[heading])
        if not name or any(empty):
            raise SourceError(f"not a theme heading: {lines[heading]!r}")
        theme_headings[heading] = name

    fields: list[Field] = []
    field_match: re.Match[str] | None = None
    field_heading = ""
    themes: list[Theme] = []
    theme: _ThemeBuilder | None = None

    def close_theme() -> None:
        nonlocal theme
        if theme is not None:
            themes.append(theme.build())
            theme = None

    def close_field() -> None:
        close_theme()
        if field_match is not None:
            if not themes:
                raise SourceError(f"{field_heading!r} has no themes")
            fields.append(
                Field(int(field_match["number"]), field_match["name"], field_heading, tuple(themes))
            )
            themes.clear()

    for i, line in enumerate(lines):
        heading_match = FIELD_HEADING.match(line) if "\t" not in line else None
        if heading_match is not None:
            close_field()
            field_match, field_heading = heading_match, line
        elif i in theme_headings:
            close_theme()
            if field_match is None:
                raise SourceError(f"theme {theme_headings[i]!r} outside a safety field")
            theme = _ThemeBuilder(theme_headings[i])
        elif i in header_lines or not line.strip():
            continue
        elif theme is None or "\t" not in line:
            raise SourceError(f"unexpected line outside a table: {line!r}")
        else:
            theme.add_line(line)
    close_field()
    return tuple(fields)
