"""JSON to stdout as it is made: a large report is never whole in memory."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from avp.render.destination import STDOUT, Destination, deliver
from avp.render.jsontext import write_indented
from avp.render.output import _UNSAFE, _escaped, to_json


def deliver_json(value: Any, to: Destination = STDOUT) -> None:
    """``deliver(to_json(value), to)``: the same bytes. To stdout the text is written a
    piece at a time as it is made, each piece escaped as :func:`avp.render.output.to_json`
    escapes (what it escapes is one character: no piece splits it), so that a large
    report (a 100x programme: 19 MB of JSON) is never whole in memory, nor copied to be
    joined, escaped and encoded. A file is written whole, atomically."""
    if to.path is not None:
        deliver(to_json(value), to)
        return
    write = sys.stdout.write
    escape = _UNSAFE.sub

    def put(piece: str) -> None:
        # What _UNSAFE finds is unprintable, and so is the line break between items (the
        # only one: json escapes those in texts; a tab too): a piece that is printable
        # without its line breaks has nothing to escape, read in C in a fraction of the
        # time of the search.
        write(piece if piece.replace("\n", "").isprintable() else escape(_escaped, piece))

    write_indented(value, put)
    write("\n")
    sys.stdout.flush()


def write_pieces(pieces: Iterable[str]) -> None:
    """Text to stdout a piece at a time, as the pieces are made (the JSON of a workspace's
    report: a programme a line, tens of MB in all)."""
    write = sys.stdout.write
    for piece in pieces:
        write(piece)
    sys.stdout.flush()
