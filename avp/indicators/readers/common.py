"""What the readers share: picking the region and period dimensions, the table id."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from avp.indicators.dataset import OpenDataError

#: Dimension keys (and StatLine CSV headers) of the region and the period.
REGION_NAMES = ("regios", "regio's", "regio", "gemeenten", "gemeente", "regioaanduiding")
PERIOD_NAMES = ("perioden", "periode", "periods")

_TABLE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([0-9]{5}[A-Za-z]{3})(?![0-9A-Za-z])")


def pick(
    dimensions: Iterable[str], names: tuple[str, ...], types: Mapping[str, str], kind: str
) -> str | None:
    """The dimension of ``kind`` (GeoDimension, TimeDimension) by its type, else its name."""
    listed = list(dimensions)
    typed = [d for d in listed if types.get(d) == kind]
    if typed:
        return typed[0]
    return next((d for d in listed if d.strip().casefold() in names), None)


def region_and_period(
    shown: str, dimensions: Iterable[str], types: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """The region and the period dimension; OpenDataError naming the file without them."""
    listed = list(dimensions)
    region = pick(listed, REGION_NAMES, types or {}, "GeoDimension")
    period = pick(listed, PERIOD_NAMES, types or {}, "TimeDimension")
    missing = [what for what, found in (("RegioS", region), ("Perioden", period)) if not found]
    if region is None or period is None:
        have = ", ".join(listed) or "none"
        raise OpenDataError(
            f"{shown}: the table has no {' and no '.join(missing)} dimension (its dimensions: "
            f"{have}); avp imports tables by municipality and period: download the table "
            "with the regions and periods as dimensions"
        )
    return region, period


def table_in(text: str) -> str | None:
    """A table id (83648NED) in a URL or a file name, or None."""
    found = _TABLE_IN_TEXT.findall(text)
    return found[-1].upper() if found else None


def table_id(shown: str, given: str | None, name: str, *inside: str | None) -> str:
    """The table's id: the one the file states (``inside``: TableInfos, odata.metadata),
    else ``given`` (--table, for the files that do not say it), else one in the file's
    ``name``. A ``given`` that differs from the id in the file's name is an error: which is
    right, avp cannot tell, and figures recorded under the wrong table would be judged as
    another indicator."""
    for text in inside:
        if text and (found := table_in(text)):
            return found
    named = table_in(name)
    if given:
        if not re.fullmatch(r"[0-9]{5}[A-Za-z]{3}", given.strip()):
            raise OpenDataError(
                f"--table {given!r} is not a table id; write five digits and three letters, "
                "e.g. 47013NED"
            )
        wanted = given.strip().upper()
        if named and named != wanted:
            raise OpenDataError(
                f"{shown}: --table {wanted}, but its name says {named}; leave out --table, "
                "rename the file, or import the file of the table you mean"
            )
        return wanted
    if named:
        return named
    raise OpenDataError(
        f"{shown}: avp cannot tell which table this is (no table id in the file or its "
        "name); say it with --table, e.g. --table 47013NED"
    )
