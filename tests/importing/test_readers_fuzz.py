"""Whatever bytes a file holds, a reader gives blocks or a UsageError, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avp.base.problems import UsageError
from avp.importing.blocks import Table
from avp.importing.readers import csv, docx, xlsx
from tests.importing.documents import word_document

_GOOD: dict[str, bytes] = {}


def _good_docx() -> bytes:
    if "docx" not in _GOOD:
        with tempfile.TemporaryDirectory() as folder:
            _GOOD["docx"] = word_document(Path(folder) / "goed.docx").read_bytes()
    return _GOOD["docx"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    body=st.binary(max_size=400),
    cut=st.integers(min_value=0, max_value=100_000),
)
def test_any_bytes_give_blocks_or_a_usage_error(prefix: bytes, body: bytes, cut: int) -> None:
    good = _good_docx()
    candidates = [prefix + body, good[: cut % len(good)] + body]
    with tempfile.TemporaryDirectory() as folder:
        for data in candidates:
            for suffix, reader in [(".docx", docx.read), (".xlsx", xlsx.read), (".csv", csv.read)]:
                path = Path(folder) / f"x{suffix}"
                path.write_bytes(data)
                try:
                    blocks = reader(path)
                except UsageError as exc:
                    assert str(path) in exc.message or path.name in exc.message
                else:
                    assert blocks


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_one_rectangular_table_or_a_usage_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_text(text, encoding="utf-8", newline="")
        try:
            (table,) = csv.read(path)
        except UsageError:
            return
        assert isinstance(table, Table)
        assert len({len(row) for row in table.rows}) == 1
        assert all(any(row) for row in table.rows)
