"""StatLine CSV downloads: semicolon-separated, quoted, one header line, maybe a BOM.

Two forms are read: the open data portal's (headers are keys: ``"ID";"SoortMisdrijf";
"RegioS";"Perioden";"GeregistreerdeMisdrijven_1"``, cells are keys and numbers with a
decimal point) and StatLine's own download (headers are titles with the unit in
parentheses: ``"Soort misdrijf";"Regio's";"Perioden";"Geregistreerde misdrijven
(aantal)"``, cells are labels and numbers with a decimal comma). A '.' or 'x' (or an empty
cell) is a missing or suppressed figure, '-' is nil (0).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

from avp.indicators.cells import CellError, number
from avp.indicators.dataset import Column, Dataset, Member, OpenDataError, Row
from avp.indicators.readers.common import PERIOD_NAMES, REGION_NAMES, region_and_period, table_id
from avp.storage.files import checked_bytes, decode, display_path

_UNIT = re.compile(r"^(?P<title>.*?)\s*\((?P<unit>[^()]*)\)\s*$")


def _column(header: str) -> Column:
    """A measure column from its header: a key, or a title with its unit in parentheses."""
    match = _UNIT.match(header)
    if match:
        return Column(header, match.group("title"), match.group("unit"))
    return Column(header, header, "")


def _is_measure(header: str, cells: list[str]) -> bool:
    """A column of figures: a header with a unit (``... (aantal)``), or one whose every
    cell is a number or a symbol (the keys form)."""
    name = header.strip().casefold()
    if name in REGION_NAMES or name in PERIOD_NAMES:
        return False
    if _UNIT.match(header):
        return True
    try:
        for cell in cells:
            number(cell)
    except CellError:
        return False
    return True


def read_csv(path: Path, table: str | None, retrieved: dt.date) -> Dataset:
    shown = display_path(path)
    text = decode(checked_bytes(path, "a CSV file"), shown)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))
    except csv.Error as exc:
        raise OpenDataError(f"{shown}: not a StatLine CSV file: {exc}") from None
    numbered = [(n, row) for n, row in enumerate(lines, 1) if any(c.strip() for c in row)]
    if not numbered:
        raise OpenDataError(f"{shown}: the file is empty; download the table again")
    header_line, header = numbered[0]
    if len(header) < 3:
        raise OpenDataError(
            f"{shown}:{header_line}: the header has {len(header)} column(s); a StatLine CSV "
            "separates its columns with ';' (download it as 'CSV' with semicolons)"
        )
    header = [h.strip() for h in header]
    body = numbered[1:]
    for line, row in body:
        if len(row) != len(header):
            raise OpenDataError(
                f"{shown}:{line}: {len(row)} cells where the header has {len(header)}; "
                "the file is damaged or not one table: download it again"
            )
    data_columns = [i for i, h in enumerate(header) if h.casefold() != "id"]
    measures = [i for i in data_columns if _is_measure(header[i], [r[i] for _, r in body])]
    dims = [i for i in data_columns if i not in measures]
    region, period = region_and_period(shown, [header[i] for i in dims])
    columns = {header[i]: _column(header[i]) for i in measures}
    rows = []
    for line, row in body:
        members = {header[i]: Member(row[i].strip(), row[i].strip()) for i in dims}
        values: dict[str, float | None] = {}
        symbols: dict[str, str] = {}
        for i in measures:
            try:
                values[header[i]] = number(row[i])
            except CellError as exc:
                raise OpenDataError(
                    f"{shown}:{line}: column {header[i]!r}: {exc}; correct the cell or "
                    "download the table again"
                ) from None
            if values[header[i]] is None:
                symbols[header[i]] = row[i].strip() or "(empty)"
        rows.append(Row(members, values, f"{shown}:{line}", symbols))
    return Dataset(
        table=table_id(shown, table, path.name),  # a CSV does not say it
        path=path,
        rows=tuple(rows),
        columns=columns,
        dimensions=tuple(header[i] for i in dims),
        region=region,
        period=period,
        retrieved=retrieved,
        format="statline-csv",
    )
