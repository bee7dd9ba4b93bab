"""Where a command's output goes: stdout, or a file written atomically; csv for Excel."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from avp.render.formats import CsvDialect

#: The byte order mark that tells Excel a CSV file is UTF-8 (without it, Excel reads the
#: ANSI code page and garbles ë, € and the traffic lights).
BOM = "\ufeff"


#: The dialect of :func:`avp.render.output.to_csv` when it is not given: ``excel`` unless
#: a command that writes csv through other modules (the report) sets it with
#: :func:`csv_dialect`.
_DIALECT: ContextVar[CsvDialect] = ContextVar("csv_dialect", default="excel")


def current_csv_dialect() -> CsvDialect:
    """The dialect :func:`csv_dialect` set, else ``excel``."""
    return _DIALECT.get()


@contextmanager
def csv_dialect(dialect: CsvDialect) -> Iterator[None]:
    """Within the block, :func:`avp.render.output.to_csv` writes ``dialect`` when it is
    not told one."""
    token = _DIALECT.set(dialect)
    try:
        yield
    finally:
        _DIALECT.reset(token)


@dataclass(frozen=True)
class Destination:
    """Where a command's output goes: stdout (``path`` None) or a file written atomically;
    and how its CSV is written."""

    path: Path | None = None
    csv_dialect: CsvDialect = "excel"

    @property
    def to_file(self) -> bool:
        return self.path is not None

    def csv(self, text: str) -> str:
        """CSV text as this destination wants it: a file, and every ``excel-nl`` text,
        starts with a BOM (Excel then reads UTF-8); stdout for programs has none."""
        return BOM + text if self.to_file or self.csv_dialect == "excel-nl" else text


STDOUT = Destination()


def deliver(data: str | bytes | None, to: Destination = STDOUT) -> None:
    """Write ``data`` to stdout or, atomically, to ``to.path`` (None: it has printed
    itself). Bytes (a workbook) go to stdout only when it is not a terminal."""
    if to.path is not None:
        from avp.storage.atomic import write_atomic  # lazy

        raw = data.encode("utf-8") if isinstance(data, str) else (data or b"")
        write_atomic(to.path, raw)
        sys.stderr.write(f"wrote {to.path}\n")
        sys.stderr.flush()
        return
    if data is None:
        return
    if isinstance(data, str):
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    refuse_binary_terminal()
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def refuse_binary_terminal() -> None:
    """UsageError when stdout is a terminal: a workbook is bytes, not text to read."""
    if sys.stdout.isatty():
        from avp.base.problems import UsageError  # lazy

        raise UsageError(
            "xlsx is a binary file, not for a terminal: write it with -o FILE.xlsx "
            "(or redirect: > FILE.xlsx)"
        )
