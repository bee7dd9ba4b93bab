"""Reading files: plain reasons for what cannot be read, UTF-8 only, paths as the user sees them.

Every file avp reads from the user goes through :func:`read_bytes` (or :func:`checked_bytes`
with a description of what it should be): it is opened without blocking, must be a regular
file (a FIFO or a device such as ``/dev/zero`` would be read without end), and may be at
most :data:`MAX_BYTES` long (checked before reading, so a 2 GiB log is a message, not a
MemoryError). A symbolic link that loops, a name too long for the file system and a folder
that may not be entered each get a message of their own. :func:`decode` accepts UTF-8 (a
BOM is fine) and says which encoding other bytes look like (UTF-16 and UTF-32, with or
without a byte-order mark, or a Windows code page).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from avp.base import rules
from avp.base.problems import DataError, Problem, UsageError

#: The largest file avp reads, in bytes: 256 MiB. A programme is about 100 KB and a log
#: of ten years of daily entries a few MB; anything near this is not a file avp wrote and
#: would take minutes and gigabytes to parse. Tests lower it.
MAX_BYTES = 256 * 1024 * 1024


def resolved(path: Path) -> Path:
    """``path.resolve()``, but never an error: a symbolic link that loops (RuntimeError on
    Python 3.11 and 3.12, OSError later), or a name the file system cannot look up, gives
    the absolute path instead."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def inside(folder: Path, path: Path) -> bool:
    """Whether ``path`` lies in ``folder`` or below it, after resolving links and ``..``."""
    return resolved(path).is_relative_to(resolved(folder))


#: The working directory as Path.cwd() names it, and resolved: display_path is asked for
#: every file a command reads (342 programmes and their logs in a large workspace).
_CWD: tuple[Path, Path] | None = None


def _resolved_cwd() -> Path:
    global _CWD
    cwd = Path.cwd()
    if _CWD is None or _CWD[0] != cwd:
        _CWD = (cwd, resolved(cwd))
    return _CWD[1]


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working directory when inside it."""
    try:
        return str(resolved(path).relative_to(_resolved_cwd()))
    except (ValueError, OSError):
        return str(path)


def exists(path: Path) -> bool:
    """``path.exists()``, but False for a name the file system cannot even look up."""
    try:
        return path.exists()
    except (OSError, RuntimeError):
        return False


def lexists(path: Path) -> bool:
    """Whether there is anything by that name: a file, a folder, or a link (even one that
    leads nowhere or loops); False for a name the file system cannot look up."""
    try:
        path.lstat()
    except (OSError, RuntimeError):
        return False
    return True


def is_file(path: Path) -> bool:
    """``path.is_file()``, but False for a name the file system cannot even look up."""
    try:
        return path.is_file()
    except (OSError, RuntimeError):  # e.g. ENAMETOOLONG
        return False


def size_text(size: int) -> str:
    """``2.0 GiB``, ``256 MiB``, ``12 KiB``, ``300 bytes``: a size as people read it."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor:
            amount = size / factor
            exact = amount == int(amount) and unit != "GiB"
            return f"{amount:.0f} {unit}" if exact else f"{amount:.1f} {unit}"
    return f"{size} bytes"


class Unreadable(UsageError):
    """A file that cannot be read: ``message`` is ``PATH: reason``; ``reason`` alone is
    what ``avp validate`` reports as a problem of that file."""

    def __init__(self, shown: str, reason: str) -> None:
        super().__init__(f"{shown}: {reason}")
        self.shown = shown
        self.reason = reason


def too_big(size: int) -> str:
    """The reason for a file over :data:`MAX_BYTES`."""
    return (
        f"is {size_text(size)}; avp reads files up to {size_text(MAX_BYTES)}, and this is "
        "no programme, log or table avp wrote or can use: check that you named the right file"
    )


def os_reason(path: Path, exc: OSError, what: str = "a YAML file") -> str:
    """What an OSError on ``path`` means, and what to do: the reason, without the path."""
    code = exc.errno
    if isinstance(exc, FileNotFoundError) or code == errno.ENOENT:
        if _is_link(path):
            return "is a link to nothing; fix the link or remove it"
        return "no such file"
    if code == errno.ELOOP:
        return "is a symbolic link that loops (it leads back to itself); fix or remove the link"
    if code == errno.ENAMETOOLONG:
        return "the name is too long for this file system; use a shorter path"
    if isinstance(exc, IsADirectoryError) or code == errno.EISDIR:
        return f"is a directory, not {what}"
    if isinstance(exc, NotADirectoryError) or code == errno.ENOTDIR:
        return "a part of this path is a file, not a folder; check the path"
    if isinstance(exc, PermissionError) or code in (errno.EACCES, errno.EPERM):
        if is_dir(path):
            return f"is a directory, not {what}"
        return "permission denied (on the file or a folder above it); ask for read access"
    return f"cannot read: {exc.strerror or exc}"


def is_dir(path: Path) -> bool:
    """``path.is_dir()``, but False for a name the file system cannot look up."""
    try:
        return path.is_dir()
    except (OSError, RuntimeError):
        return False


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except (OSError, RuntimeError):
        return False


def unreadable_reason(path: Path) -> str:
    """Why ``path`` cannot be looked at (a loop, a link to nothing, ...), or ""."""
    try:
        path.stat()
    except OSError as exc:
        return os_reason(path, exc)
    return ""


def checked_bytes(path: Path, what: str = "a YAML file") -> bytes:
    """The bytes of the regular file ``path``, at most :data:`MAX_BYTES`; :class:`Unreadable`
    (a UsageError, exit 2) naming it and the reason otherwise. ``what``: what it should be
    ("a YAML file"), for the message about a folder, a device or a pipe."""
    import stat  # lazy

    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO without a writer does not hang
    except OSError as exc:
        raise Unreadable(display_path(path), os_reason(path, exc, what)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable(display_path(path), f"is a directory, not {what}")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(
                display_path(path), f"not a regular file (a pipe or a device); name {what}"
            )
        if info.st_size > MAX_BYTES:
            raise Unreadable(display_path(path), too_big(info.st_size))
        if hasattr(os, "O_NONBLOCK"):  # POSIX: read the regular file as usual
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(MAX_BYTES + 1)  # a file that grew meanwhile stays capped
    except OSError as exc:
        raise Unreadable(display_path(path), os_reason(path, exc, what)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BYTES:
        raise Unreadable(display_path(path), too_big(len(data)))
    return data


def read_bytes(path: Path) -> bytes:
    """A YAML file's bytes; UsageError (exit 2) with a plain reason when it cannot be read."""
    return checked_bytes(path, "a YAML file")


def read_text(path: Path) -> str:
    """Read a UTF-8 file (a BOM is allowed). Raises UsageError or DataError."""
    return decode(read_bytes(path), display_path(path))


def byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1; the column in bytes) of ``offset`` in ``raw``."""
    before = raw[:offset]
    return before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with a byte-order mark)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with a byte-order mark)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with a byte-order mark)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with a byte-order mark)"),
)


def sniff_encoding(raw: bytes) -> str | None:
    """The encoding ``raw`` looks like when it is not UTF-8 by its first bytes: UTF-16 or
    UTF-32 by a byte-order mark or by the pattern of zero bytes that text in them has;
    None when nothing says so."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    sample = raw[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    usable = len(sample) - len(sample) % 4
    quads = [sample[i : i + 4] for i in range(0, usable, 4)]
    if any(q[0] for q in quads) and all(q[1:] == b"\x00\x00\x00" for q in quads):
        return "UTF-32 (little-endian, no byte-order mark)"
    if any(q[3] for q in quads) and all(q[:3] == b"\x00\x00\x00" for q in quads):
        return "UTF-32 (big-endian, no byte-order mark)"
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
        return "UTF-16 (little-endian, no byte-order mark)"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
        return "UTF-16 (big-endian, no byte-order mark)"
    return None


def not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    """The message for bytes that are not UTF-8: which encoding they look like, and what to do."""
    sniffed = sniff_encoding(raw)
    if sniffed is not None:
        return f"saved as {sniffed}, not UTF-8; save the file as UTF-8"
    looks = ""
    if b"\x00" not in raw[: exc.start + 1]:
        looks = " (it looks like Windows-1252 or Latin-1, what older Windows programs write)"
    return (
        f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded{looks}; save the file as UTF-8"
    )


def utf8_error(raw: bytes) -> tuple[str, int, int] | None:
    """None for UTF-8 bytes (a BOM is fine); else the message and its line and column
    (1:1 for a file that is UTF-16 or UTF-32 throughout)."""
    if sniff_encoding(raw) is not None:
        return not_utf8(raw, UnicodeDecodeError("utf-8", raw, 0, 1, "")), 1, 1
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (not_utf8(raw, exc), *byte_position(raw, exc.start))
    return None


def decode(raw: bytes, shown: str) -> str:
    """The text of UTF-8 bytes (without a BOM); DataError (rule ``encoding``) naming the
    file, the encoding it looks like and "save it as UTF-8" otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text, found = "", utf8_error(raw)  # never None: the bytes are no UTF-8
    else:  # UTF-16 text of ASCII letters decodes as UTF-8 too (with NULs between them)
        found = utf8_error(raw) if b"\x00" in raw[:512] else None
    if found is not None:
        message, line, column = found
        problem = Problem(shown, line, column, message=message, rule=rules.ENCODING)
        raise DataError(f"{shown}: not a UTF-8 file", [problem]) from None
    return text.removeprefix("\ufeff")


def read_bytes_if_exists(path: Path) -> bytes | None:
    """The bytes of ``path``, or None when there is no such file (a loop or a folder that
    may not be entered is an error, not an absent file)."""
    try:
        path.stat()
    except FileNotFoundError:
        return None
    except OSError:
        pass  # read_bytes says why
    return read_bytes(path)


#: avp's own configuration: a command never writes its output onto a file of this name.
CONFIG_NAMES = frozenset({"avp.toml"})


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (by path after links, or by inode)."""
    try:
        return resolved(a) == resolved(b) or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):
        return False


def refuse_output(output: Path, option: str, inputs: Iterable[Path | None] = ()) -> None:
    """UsageError (nothing written) when ``output`` is avp's configuration (a file named
    avp.toml, also through a link) or one of ``inputs`` (the programme, the log)."""
    names = {output.name.lower(), resolved(output).name.lower()}
    if names & CONFIG_NAMES:
        raise UsageError(
            f"{option} {output} is avp's configuration (avp.toml), not a file for output; "
            "write to another file (nothing was written)"
        )
    for path in inputs:
        if path is not None and same_file(output, path):
            raise UsageError(
                f"{option} {output} is {display_path(path)}, a file this command reads; "
                "write to another file (nothing was written)"
            )
