"""Files that are not what their suffix says, empty, damaged or protected: a clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from avp.base.problems import UsageError
from avp.importing.api import read_blocks
from avp.importing.readers import csv, docx, xlsx
from tests.importing.documents import word_document, workbook


def _error(function: object, path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        function(path)  # type: ignore[operator]
    message = caught.value.message
    assert str(path) in message
    return message


def test_a_text_file_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "programma.docx"
    path.write_text("Actieprogramma\n1.1 Woninginbraak\n", encoding="utf-8")
    message = _error(docx.read, path)
    assert "is not a Word document (.docx): it is a text file" in message
    assert "save it as .docx" in message


def test_a_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "acties.xlsx"
    path.write_text("Actie;Trekker\n", encoding="utf-8")
    assert "is not an Excel workbook (.xlsx): it is a text file" in _error(xlsx.read, path)


def test_an_empty_file(tmp_path: Path) -> None:
    for suffix, reader in [(".docx", docx.read), (".xlsx", xlsx.read), (".csv", csv.read)]:
        path = tmp_path / f"leeg{suffix}"
        path.write_bytes(b"")
        assert "is empty" in _error(reader, path)


def test_a_workbook_without_text(tmp_path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped]  # lazy: only the import tests need it

    path = tmp_path / "leeg.xlsx"
    openpyxl.Workbook().save(path)
    assert "has no text in any visible sheet" in _error(xlsx.read, path)


def test_a_word_document_without_text(tmp_path: Path) -> None:
    import docx as python_docx  # lazy: python-docx is only needed by the import tests

    path = tmp_path / "leeg.docx"
    python_docx.Document().save(str(path))
    assert "has no text" in _error(docx.read, path)


def test_a_damaged_zip(tmp_path: Path) -> None:
    good = word_document(tmp_path / "goed.docx").read_bytes()
    path = tmp_path / "kapot.docx"
    path.write_bytes(good[: len(good) // 2])
    message = _error(docx.read, path)
    assert "is damaged and cannot be read" in message
    assert "save it again as .docx" in message


def test_a_zip_with_a_damaged_member(tmp_path: Path) -> None:
    good = workbook(tmp_path / "goed.xlsx")
    path = tmp_path / "kapot.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, b"<niet-af" if name == "xl/workbook.xml" else data)
    assert "is damaged and cannot be read" in _error(xlsx.read, path)


def test_a_workbook_named_docx_and_the_other_way_round(tmp_path: Path) -> None:
    book = tmp_path / "boek.docx"
    book.write_bytes(workbook(tmp_path / "boek.xlsx").read_bytes())
    assert "it is an Excel workbook (.xlsx)" in _error(docx.read, book)
    document = tmp_path / "document.xlsx"
    document.write_bytes(word_document(tmp_path / "document.docx").read_bytes())
    assert "it is a Word document (.docx)" in _error(xlsx.read, document)
    assert "looks like a Word or Excel file" in _error(csv.read, document)


def test_a_password_protected_file_and_an_old_doc(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    protected = tmp_path / "beveiligd.xlsx"
    protected.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 64)
    assert "is protected with a password" in _error(xlsx.read, protected)
    old = tmp_path / "oud.docx"
    old.write_bytes(ole + b"WordDocument" + b"\x00" * 64)
    assert "is an old Office file (97-2003)" in _error(docx.read, old)


def test_a_missing_file_a_folder_and_an_unknown_suffix(tmp_path: Path) -> None:
    assert "no such file" in _error(docx.read, tmp_path / "weg.docx")
    folder = tmp_path / "map.xlsx"
    folder.mkdir()
    assert "is a folder" in _error(xlsx.read, folder)
    odt = tmp_path / "programma.odt"
    odt.write_text("x", encoding="utf-8")
    assert "cannot read .odt" in _error(read_blocks, odt)
