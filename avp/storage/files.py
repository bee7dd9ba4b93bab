"""Reading files: plain reasons for what cannot be read, UTF-8 only, paths as the user sees them."""

from __future__ import annotations

from pathlib import Path

from avp.base import rules
from avp.base.problems import DataError, Problem, UsageError


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def exists(path: Path) -> bool:
    """``path.exists()``, but False for a name the file system cannot even look up."""
    try:
        return path.exists()
    except OSError:
        return False


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False for a name the file system cannot even look up."""
    try:
        return path.is_file()
    except OSError:  # e.g. ENAMETOOLONG
        return False


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is allowed). Raises UsageError or DataError."""
    return decode(read_bytes(path), display_path(path))


def _refuse_special_file(path: Path, shown: str) -> None:
    """A device, pipe or socket (``/dev/zero``, a FIFO) would be read without end."""
    import stat  # lazy

    mode = path.stat().st_mode  # FileNotFoundError and friends go to the caller
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise UsageError(f"{shown}: not a regular file; name a YAML file")


def read_bytes(path: Path) -> bytes:
    """A file's bytes; UsageError (exit 2) with a plain reason when it cannot be read."""
    shown = display_path(path)
    try:
        _refuse_special_file(path, shown)
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a directory, not a YAML file") from None
    except PermissionError:
        if path.is_dir():
            raise UsageError(f"{shown}: is a directory, not a YAML file") from None
        raise UsageError(f"{shown}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1; the column in bytes) of ``offset`` in ``raw``."""
    before = raw[:offset]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1


def not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    """The message for bytes that are not UTF-8."""
    return f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save the file as UTF-8"


def decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = byte_position(raw, exc.start)
        problem = Problem(
            shown,
            line,
            column,
            message=not_utf8(raw, exc),
            rule=rules.ENCODING,
        )
        raise DataError(f"{shown}: not a UTF-8 file", [problem]) from None
    return text.removeprefix("\ufeff")


def read_bytes_if_exists(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when there is no such file."""
    try:
        path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        pass  # read_bytes says why
    return read_bytes(path)
