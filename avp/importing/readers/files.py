"""What every reader checks before it parses: the file exists, is not empty, is what its
suffix says; and one message for each way it is not."""

from __future__ import annotations

import zipfile
from pathlib import Path

from avp.base.problems import UsageError

#: The first bytes of an OLE compound file: an old Office file (.doc, .xls) or an Office
#: file encrypted with a password (Office stores those in the old container).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or a UsageError that says why they cannot be read."""
    from avp.storage import files  # lazy

    if files.is_dir(path):
        raise UsageError(f"{path} is a folder; give the document file itself.")
    if not files.lexists(path):
        raise UsageError(f"{path}: no such file; check the name and the folder.")
    # A regular file (a pipe or a device would be read without end), at most MAX_BYTES.
    data = files.checked_bytes(path, "the document file itself")
    if not data.strip():
        raise UsageError(f"{path} is empty; give the adopted document with its tables.")
    return data


def check_package(path: Path, data: bytes, *, kind: str, suffix: str, member: str) -> None:
    """Refuse ``data`` unless it is an Office Open XML package holding ``member``.

    ``kind`` is what the user calls it ("Word document"), ``suffix`` its suffix (".docx").
    """
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED in data:
            raise UsageError(
                f"{path} is protected with a password; open it, remove the password "
                f"(File > Info > Protect) and save it again as {suffix}."
            )
        raise UsageError(
            f"{path} is an old Office file (97-2003), not {_article(kind)} {kind} ({suffix}); "
            f"open it and save it as {suffix}."
        )
    if not data.startswith(b"PK"):
        looks = "a text file" if _looks_like_text(data) else "something else"
        raise UsageError(
            f"{path} is not {_article(kind)} {kind} ({suffix}): it is {looks} with a "
            f"{suffix} name; "
            f"open the document and save it as {suffix}, or give the file its right suffix."
        )
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            broken = package.testzip()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise corrupt(path, suffix, str(exc)) from None
    if broken is not None:
        raise corrupt(path, suffix, f"{broken} is damaged")
    if member not in names:
        other = _kind_of(names)
        raise UsageError(
            f"{path} is not {_article(kind)} {kind} ({suffix})"
            + (f": it is {other}" if other else "")
            + f"; give a {suffix} file, or save the document as {suffix}."
        )


def corrupt(path: Path, suffix: str, detail: str) -> UsageError:
    """The error for a damaged package."""
    return UsageError(
        f"{path} is damaged and cannot be read ({detail}); open it in its program, "
        f"save it again as {suffix} and try again."
    )


def _looks_like_text(data: bytes) -> bool:
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return b"\x00" not in data[:4096]
    return True


def _kind_of(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "a Word document (.docx)"
    if "xl/workbook.xml" in names:
        return "an Excel workbook (.xlsx)"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint presentation (.pptx)"
    if "content.xml" in names:
        return "an OpenDocument file (LibreOffice)"
    return ""


def rows_dropped(where: str, numbers: list[int]) -> str:
    """The note for empty rows left out: ``table 1: empty row dropped (row 5)``."""
    shown = ", ".join(map(str, numbers[:10])) + (", ..." if len(numbers) > 10 else "")
    if len(numbers) == 1:
        return f"{where}: empty row dropped (row {shown})"
    return f"{where}: empty rows dropped (rows {shown})"


def _article(word: str) -> str:
    """'a' or 'an' before ``word`` ("an Excel workbook", "a Word document")."""
    return "an" if word[:1].lower() in "aeiou" else "a"
