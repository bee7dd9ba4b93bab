"""Readers of downloaded open data files, one per format, chosen by :func:`reader_for`.

Each turns a file (or folder, or zip) into a :class:`avp.indicators.dataset.Dataset`; none
writes anything. Add a format by adding a :class:`Reader` to :data:`READERS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from avp.indicators.dataset import Dataset, OpenDataError
from avp.storage.files import display_path


@dataclass(frozen=True)
class Reader:
    name: str
    description: str
    accepts: Callable[[Path], bool]
    read: Callable[[Path, str | None, dt.date], Dataset]


def _readers() -> list[Reader]:
    from avp.indicators.readers import odata, statline_csv  # lazy

    return [
        Reader("odata-folder", "a folder of OData v3 JSON files", Path.is_dir, odata.read_folder),
        Reader(
            "odata-zip",
            "a zip of OData v3 JSON files",
            lambda p: p.suffix.lower() == ".zip",
            odata.read_zip,
        ),
        Reader(
            "odata-json",
            "an OData v3 JSON TypedDataSet",
            lambda p: p.suffix.lower() == ".json",
            odata.read_json,
        ),
        Reader(
            "statline-csv",
            "a StatLine CSV download",
            lambda p: p.suffix.lower() in (".csv", ".txt"),
            statline_csv.read_csv,
        ),
    ]


#: Every format avp reads, in the order they are tried.
READERS: list[Reader] = []


def reader_for(path: Path) -> Reader:
    """The reader of ``path`` by its kind (folder) or suffix; OpenDataError otherwise."""
    if not READERS:
        READERS.extend(_readers())
    if not path.exists():
        raise OpenDataError(f"{display_path(path)}: no such file or folder")
    for reader in READERS:
        if reader.accepts(path):
            return reader
    kinds = "; ".join(f"{r.description}" for r in READERS)
    raise OpenDataError(
        f"{display_path(path)}: avp cannot tell its format from its name; it reads {kinds} "
        "(.json, .zip, .csv or a folder)"
    )


def read(path: Path, table: str | None = None, retrieved: dt.date | None = None) -> Dataset:
    """``path`` read by its reader. ``table``: the table's id when the file does not say
    it; ``retrieved``: the download day (default: the file's modification date)."""
    reader = reader_for(path)
    day = retrieved or dt.date.fromtimestamp(path.stat().st_mtime)
    return reader.read(path, table, day)
