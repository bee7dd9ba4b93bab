"""The house rules of the package: small modules with a docstring, lazy imports marked."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "avp"
MAX_LINES = 450


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def imports_in_functions(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements inside a function body (not at module level, not TYPE_CHECKING)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner


def test_no_module_is_longer_than_450_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules()
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_module_says_in_one_line_what_it_is_for() -> None:
    missing = []
    for path in modules():
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].strip():
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_imports_inside_functions_say_they_are_lazy() -> None:
    """An import in a function keeps start-up fast (or keeps an optional part optional);
    it says so with a '# lazy' comment, so that no import hides a cycle again."""
    unmarked = []
    for path in modules():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in imports_in_functions(ast.parse(text)):
            if "# lazy" not in lines[node.lineno - 1]:
                unmarked.append(
                    f"{path.relative_to(ROOT)}:{node.lineno}: {lines[node.lineno - 1].strip()}"
                )
    assert unmarked == []
