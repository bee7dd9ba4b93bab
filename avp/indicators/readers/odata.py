"""OData v3 JSON as the CBS portals serve it: a ``value`` array of records.

A TypedDataSet has one record per cell row: an ``ID``, a key per dimension (``RegioS``:
``GM0614``, ``Perioden``: ``2022MM01``, keys padded with spaces) and a number or null per
measure column. A download of the whole table (a folder or a zip, as the ``cbsodata``
package writes it) also holds ``DataProperties.json`` (the columns: Key, Title, Unit,
Type), ``TableInfos.json`` (the table's Identifier) and one file per dimension with its
members' Key and Title.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from avp.indicators.cells import CellError, number
from avp.indicators.dataset import Column, Dataset, Member, OpenDataError, Row
from avp.indicators.readers.common import (
    PERIOD_NAMES,
    REGION_NAMES,
    region_and_period,
    table_id,
)
from avp.storage.files import checked_bytes, decode, display_path

_DATA_NAMES = ("typeddataset", "untypeddataset")
_SKIPPED = {"id"}


def _parse(text: str, shown: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise OpenDataError(
            f"{shown}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}; download the file again"
        ) from None


def _values(data: Any, shown: str) -> list[Any]:
    """The records: the ``value`` of an OData response, or the bare array that
    ``cbsodata.download_data`` saves."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and data.get("odata.nextLink"):
        raise OpenDataError(
            f"{shown}: the file is one page of the table (it has odata.nextLink): download "
            "every page (cbsodata.download_data does) or filter the table on your "
            "municipality so that it fits one page"
        )
    value = data.get("value") if isinstance(data, dict) else None
    if not isinstance(value, list):
        raise OpenDataError(
            f"{shown}: no 'value' array; an OData v3 file of CBS holds "
            '{"odata.metadata": ..., "value": [records]}'
        )
    return value


def _records(data: Any, shown: str) -> list[dict[str, Any]]:
    records = _values(data, shown)
    for number_, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise OpenDataError(f"{shown}, record {number_}: not an object with keys and values")
    return records


def _members(data: Any, shown: str) -> dict[str, str]:
    """A dimension table: key -> title."""
    labels: dict[str, str] = {}
    for number_, record in enumerate(_records(data, shown), 1):
        key, title = record.get("Key"), record.get("Title")
        if not isinstance(key, str):
            raise OpenDataError(f"{shown}, record {number_}: no text 'Key'")
        labels[key.strip()] = title.strip() if isinstance(title, str) else key.strip()
    return labels


def _properties(data: Any, shown: str) -> dict[str, dict[str, Any]]:
    return {
        str(r.get("Key")).strip(): r
        for r in _records(data, shown)
        if isinstance(r.get("Key"), str) and r.get("Key")
    }


def build(
    records: list[dict[str, Any]],
    shown: str,
    path: Path,
    table: str,
    retrieved: dt.date,
    *,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    properties: Mapping[str, Mapping[str, Any]] | None = None,
    format: str = "odata-json",
    untyped: bool = False,
) -> Dataset:
    """A Dataset from TypedDataSet records, with the dimension labels and column properties
    when the download has them."""
    labels = labels or {}
    properties = properties or {}
    types = {k: str(p.get("Type", "")) for k, p in properties.items()}
    keys = [k for k in (records[0] if records else {}) if k.casefold() not in _SKIPPED]
    if properties:
        dimensions = [k for k in keys if "Dimension" in types.get(k, "")]
        measures = [k for k in keys if k not in dimensions]
    elif untyped:  # no DataProperties, figures as text: a column of text not figures
        dimensions = [k for k in keys if not _figures(k, records)]
        measures = [k for k in keys if k not in dimensions]
    else:  # no DataProperties: a column with text in it is a dimension
        dimensions = [k for k in keys if any(isinstance(r.get(k), str) for r in records)]
        measures = [k for k in keys if k not in dimensions]
    region, period = region_and_period(shown, dimensions, types)
    columns = {
        k: Column(
            k,
            str(properties.get(k, {}).get("Title") or k).strip(),
            str(properties.get(k, {}).get("Unit") or "").strip(),
        )
        for k in measures
    }
    rows = []
    for position, record in enumerate(records, 1):
        where = f"{shown}, record {position}"
        members = {}
        for dimension in dimensions:
            key = record.get(dimension)
            if not isinstance(key, str):
                raise OpenDataError(f"{where}: {dimension} is {key!r}, not a key")
            key = key.strip()
            members[dimension] = Member(key, labels.get(dimension, {}).get(key, key))
        values: dict[str, float | None] = {}
        symbols: dict[str, str] = {}
        for key in measures:
            cell = record.get(key)
            if cell is None:
                values[key], symbols[key] = None, "null"
            elif isinstance(cell, bool):
                raise OpenDataError(f"{where}: {key} is {cell!r}, not a number")
            elif isinstance(cell, int | float):
                values[key] = float(cell)
            elif isinstance(cell, str):  # an UntypedDataSet: numbers and symbols as text
                try:
                    values[key] = number(cell)
                except CellError as exc:
                    raise OpenDataError(f"{where}: {key}: {exc}") from None
                if values[key] is None:
                    symbols[key] = cell.strip()
            else:
                raise OpenDataError(f"{where}: {key} is {cell!r}, not a number")
        rows.append(Row(members, values, where, symbols))
    return Dataset(
        table=table,
        path=path,
        rows=tuple(rows),
        columns=columns,
        dimensions=tuple(dimensions),
        region=region,
        period=period,
        retrieved=retrieved,
        format=format,
    )


def read_json(path: Path, table: str | None, retrieved: dt.date) -> Dataset:
    """One JSON file: a TypedDataSet (keys only, no labels), or an UntypedDataSet (its
    figures as text) when its name or metadata says so."""
    shown = display_path(path)
    data = _parse(decode(checked_bytes(path, "a JSON file"), shown), shown)
    records = _records(data, shown)
    metadata = data.get("odata.metadata") if isinstance(data, dict) else None
    url = metadata if isinstance(metadata, str) else None
    found = table_id(shown, table, path.name, url)
    untyped = "untypeddataset" in f"{url or ''} {path.name}".casefold()
    return build(records, shown, path, found, retrieved, untyped=untyped)


def _figures(key: str, records: list[dict[str, Any]]) -> bool:
    """Whether every cell of ``key`` is a figure: a number, null, or text of one."""
    if key.strip().casefold() in (*REGION_NAMES, *PERIOD_NAMES):
        return False
    for record in records:
        cell = record.get(key)
        if isinstance(cell, str):
            try:
                number(cell)
            except CellError:
                return False
        elif cell is not None and not isinstance(cell, int | float):
            return False
    return True


def _from_files(
    files: Mapping[str, tuple[str, bytes]],
    shown: str,
    path: Path,
    table: str | None,
    retrieved: dt.date,
    format: str,
) -> Dataset:
    """A table from its files by lower-case stem: (shown name, bytes)."""
    data_name = next((n for n in files if n in _DATA_NAMES), None)
    if data_name is None:
        have = ", ".join(sorted(n for n, _ in files.values())) or "no .json files"
        raise OpenDataError(
            f"{shown}: no TypedDataSet.json in it (it holds {have}); download the table "
            "with its TypedDataSet, e.g. with cbsodata.download_data"
        )
    parsed = {stem: _parse(decode(raw, name), name) for stem, (name, raw) in files.items()}
    data_shown = files[data_name][0]
    records = _records(parsed[data_name], data_shown)
    properties = (
        _properties(parsed["dataproperties"], files["dataproperties"][0])
        if "dataproperties" in parsed
        else {}
    )
    labels = {}
    for key in properties or (records[0] if records else {}):
        stem = key.casefold()
        if stem in parsed and stem not in _DATA_NAMES and stem != "dataproperties":
            labels[key] = _members(parsed[stem], files[stem][0])
    infos = parsed.get("tableinfos")
    identifier = None
    if infos is not None:
        listed = _values(infos, files["tableinfos"][0])
        first = listed[0] if listed and isinstance(listed[0], dict) else {}
        identifier = first.get("Identifier") if isinstance(first.get("Identifier"), str) else None
    metadata = (
        parsed[data_name].get("odata.metadata") if isinstance(parsed[data_name], dict) else None
    )
    found = table_id(
        shown, table, path.name, identifier, metadata if isinstance(metadata, str) else None
    )
    return build(
        records,
        data_shown,
        path,
        found,
        retrieved,
        labels=labels,
        properties=properties,
        format=format,
    )


def read_folder(path: Path, table: str | None, retrieved: dt.date) -> Dataset:
    """A folder of the table's JSON files (TypedDataSet.json, DataProperties.json, ...)."""
    files = {
        f.stem.casefold(): (display_path(f), checked_bytes(f, "a JSON file"))
        for f in sorted(path.iterdir())
        if f.suffix.lower() == ".json" and f.is_file()
    }
    return _from_files(files, display_path(path), path, table, retrieved, "odata-folder")


def read_zip(path: Path, table: str | None, retrieved: dt.date) -> Dataset:
    """A zip of the table's JSON files, in its root or one folder."""
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            files = {}
            for info in archive.infolist():
                name = info.filename
                if info.is_dir() or not name.lower().endswith(".json"):
                    continue
                if info.file_size > 200 * 1024 * 1024:
                    raise OpenDataError(f"{shown}: {name} is too large to be a CBS table")
                stem = Path(name).stem.casefold()
                files[stem] = (f"{shown}!{name}", archive.read(info))
    except zipfile.BadZipFile as exc:
        raise OpenDataError(f"{shown}: not a zip file ({exc}); download it again") from None
    return _from_files(files, shown, path, table, retrieved, "odata-zip")
