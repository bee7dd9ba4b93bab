"""The readers of adopted documents, one module per format, each with ``read(path)``."""

from __future__ import annotations

from pathlib import Path

from avp.base.problems import UsageError
from avp.importing.blocks import Block

#: The suffixes a reader exists for, and the module that reads them.
READERS = {".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv"}


def read(path: Path) -> list[Block]:
    """The blocks of ``path``, read by the reader its suffix names."""
    import importlib  # lazy: only the reader that is needed is loaded

    name = READERS.get(path.suffix.lower())
    if name is None:
        raise UsageError(
            f"{path}: cannot read {path.suffix or 'a file without a suffix'}; give a .docx, "
            f".xlsx or .csv file (save a .doc, .xls or .odt as .docx or .xlsx first)."
        )
    module = importlib.import_module(f"avp.importing.readers.{name}")
    blocks: list[Block] = module.read(path)
    return blocks
