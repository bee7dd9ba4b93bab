"""The rule registry: kebab-case ids, every emitted rule registered, --list-rules lists them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from avp.base import rules
from avp.base.findings import Finding
from avp.base.problems import Problem
from avp.base.rules import RULES
from avp.cli import app
from tests.conftest import BAD, FIXTURES, MINIMAL, ROOT, Invoke

KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")

# Rules whose problems are sometimes errors and sometimes warnings (the registry has the
# default): target-dates is a warning for dates outside the programme period, duplicate-entry
# for entries that differ only in their ids.
MIXED_LEVELS = {rules.TARGET_DATES, rules.DUPLICATE_ENTRY}

PROGRESS_PROGRAMME = FIXTURES / "progress" / "programma.yaml"
TARGETS_PROGRAMME = FIXTURES / "targets" / "programma.yaml"
GENERIC_PROGRAMME = FIXTURES / "generic" / "programma.yaml"


def test_ids_are_kebab_case_and_unique() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert KEBAB.fullmatch(rule_id), rule_id
    with pytest.raises(ValueError, match="registered twice"):
        rules.rule(rules.SYNTAX, "error", "Again.")
    with pytest.raises(ValueError, match="kebab-case"):
        rules.rule("snake_case", "error", "Wrong spelling.")
    assert "snake_case" not in RULES


def test_every_rule_has_a_level_and_a_one_line_description() -> None:
    for rule in RULES.values():
        assert rule.level in ("error", "warning"), rule
        text = rule.description
        assert text and text == text.strip() and "\n" not in text, rule
        assert text[0].isupper() and text.endswith("."), rule


def test_every_rule_has_a_constant_named_after_it() -> None:
    constants = {
        name: value
        for name, value in vars(rules).items()
        if name.isupper() and isinstance(value, str)
    }
    assert sorted(constants.values()) == sorted(RULES)
    for name, value in constants.items():
        assert name == value.upper().replace("-", "_")


def test_descriptions_keep_to_the_code() -> None:
    from avp.progress.checks import GRACE_DAYS
    from avp.yamlio.strict import MAX_DEPTH

    assert f" {MAX_DEPTH} " in RULES[rules.DEPTH].description
    assert f" {GRACE_DAYS} " in RULES[rules.OUTSIDE_PERIOD].description


def test_findings_and_problems_refuse_an_unregistered_rule() -> None:
    with pytest.raises(ValueError, match="unregistered rule 'duplicate_id'"):
        Finding((), "message", "duplicate_id")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unregistered rule 'nope'"):
        Problem("f.yaml", message="message", rule="nope")  # type: ignore[arg-type]
    assert Problem("f.yaml").rule == rules.SCHEMA


def test_pydantic_error_types_map_to_registered_rules() -> None:
    from avp.progress.checks import _CHECKED_ON_DATA

    for error_type, rule_id in _CHECKED_ON_DATA.items():
        assert "-" not in error_type  # pydantic's spelling, not a rule id
        assert rule_id in RULES


# --- no rule id as a string literal outside avp/base/rules.py -------------------------------

_EMITTERS = {"Finding", "Problem", "refuse", "_problem_from_mark"}


def _names_rule(node: ast.AST) -> bool:
    """``rule`` or ``something.rule``."""
    return (isinstance(node, ast.Name) and node.id == "rule") or (
        isinstance(node, ast.Attribute) and node.attr == "rule"
    )


def _names_rule_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "rule"


def _rule_literals(source: str) -> list[tuple[int, str]]:
    """(line, id) of each registered rule id written as a string where a rule goes."""
    found: list[ast.expr] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _EMITTERS:
                found += node.args
            if name == "getattr" and len(node.args) == 3 and _names_rule_text(node.args[1]):
                found.append(node.args[2])  # getattr(exc, "rule", "syntax")
            found += [k.value for k in node.keywords if k.arg == "rule"]
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_names_rule(t) for t in targets) and node.value is not None:
                found.append(node.value)  # and a dataclass field's default:
                if isinstance(node.value, ast.Call):
                    found += [k.value for k in node.value.keywords if k.arg == "default"]
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_names_rule(o) for o in operands):
                found += operands
        elif isinstance(node, ast.arguments):
            positional = [*node.posonlyargs, *node.args]
            pairs = list(
                zip(positional[len(positional) - len(node.defaults) :], node.defaults, strict=True)
            )
            pairs += [
                (a, d)
                for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True)
                if d is not None
            ]
            found += [default for arg, default in pairs if arg.arg == "rule"]
    return [
        (n.lineno, n.value)
        for n in found
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in RULES
    ]


def test_the_literal_finder_finds_literals() -> None:
    source = (
        'Finding(loc, "m", "duplicate-id")\n'
        'Problem(shown, message="m", rule="privacy")\n'
        'error.rule = "anchor"\n'
        'rule = getattr(exc, "rule", "syntax")\n'
        'ok = [f for f in dated if f.rule != "outside-period"]\n'
        'def f(rule: str = "tab") -> None: ...\n'
        'rule: str = field(default="schema", compare=False)\n'
        'Finding((*loc, "target"), "m", rules.TARGET)\n'  # a key named like a rule: fine
    )
    assert [rule for _, rule in sorted(_rule_literals(source))] == [
        "duplicate-id",
        "privacy",
        "anchor",
        "syntax",
        "outside-period",
        "tab",
        "schema",
    ]


def test_no_rule_id_literal_outside_the_registry() -> None:
    registry = ROOT / "avp" / "base" / "rules.py"
    found = [
        f"{path.relative_to(ROOT)}:{line}: {rule!r}"
        for path in sorted((ROOT / "avp").rglob("*.py"))
        if path != registry
        for line, rule in _rule_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use the constants of avp.base.rules instead"


# --- avp validate --list-rules ---------------------------------------------------------------


def _listed() -> list[dict[str, str]]:
    return [{"id": r.id, "level": r.level, "description": r.description} for r in RULES.values()]


def test_list_rules_json(invoke: Invoke) -> None:
    result = invoke(["validate", "--list-rules", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == _listed()


@pytest.mark.parametrize("fmt", ["text", "github", "auto"])
def test_list_rules_text_off_a_terminal(invoke: Invoke, fmt: str) -> None:
    result = invoke(["validate", "--list-rules", "--format", fmt])
    assert result.exit_code == 0, result.output
    rows = [re.split(r" {2,}", line, maxsplit=2) for line in result.stdout.splitlines()]
    assert [
        dict(zip(("id", "level", "description"), row, strict=True)) for row in rows
    ] == _listed()


def test_list_rules_table_on_a_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("avp.cli.validate._on_terminal", lambda: True)
    result = invoke(["validate", "--list-rules"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.match(r"\s*rule\s+level\s+description", lines[1])
    for rule in RULES.values():
        assert any(re.match(rf"\s*{rule.id}\s+{rule.level}\s", line) for line in lines), rule


def test_list_rules_needs_no_programme(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AVP_FILE", "nope.yaml")
    assert invoke(["validate"]).exit_code == 2  # validating needs the programme
    result = invoke(["validate", "--list-rules", "--format", "text"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == len(RULES)


def test_list_rules_checks_no_path(invoke: Invoke) -> None:
    result = invoke(["validate", "--list-rules", MINIMAL])
    assert result.exit_code == 2
    assert "--list-rules" in result.stderr and result.stdout == ""


# --- the rules the fixtures produce ---------------------------------------------------------


def _problems(args: list[Any]) -> list[dict[str, Any]]:
    """The problems of ``avp validate ARGS --format json``."""
    result = CliRunner().invoke(app, [*map(str, args), "--format", "json"])
    assert result.exit_code in (0, 1, 2), result.output
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    return problems


_FIXTURE_PROBLEMS: list[dict[str, Any]] = []


def fixture_problems() -> list[dict[str, Any]]:
    """Every problem in tests/fixtures and data/ (logs without a programme that names them
    are checked against the progress fixtures' programme)."""
    if not _FIXTURE_PROBLEMS:
        files = sorted({*FIXTURES.rglob("*.yaml"), *(ROOT / "data").glob("*.yaml")})
        _FIXTURE_PROBLEMS.extend(_problems(["validate", "--file", PROGRESS_PROGRAMME, *files]))
    return _FIXTURE_PROBLEMS


def test_every_rule_of_the_fixtures_is_registered_with_its_level() -> None:
    problems = fixture_problems()
    assert problems
    for problem in problems:
        assert problem["rule"] in RULES, problem
        if problem["rule"] not in MIXED_LEVELS:
            assert problem["level"] == RULES[problem["rule"]].level, problem


def _edited(source: Path, old: str, new: str) -> str:
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1)


_ENTRY = "entries:\n  - measure: 1.1.1\n    date: 2021-03-31\n    note: x\n    author: a\n"

# The rules no fixture produces: a file (name and text) and the options that produce each.
# `io` is about the file, not its content: the case names a file that does not exist.
CASES: dict[str, tuple[str, str | None, list[Any]]] = {
    rules.MERGE: (
        "programma.yaml",
        _edited(
            MINIMAL,
            "  adopted: {date: 2021-03-17, body: college van B&W}\n",
            "  adopted:\n    <<: {date: 2021-03-17}\n    body: college van B&W\n",
        ),
        [],
    ),
    rules.AMBIGUOUS_NAME: (
        "programma.yaml",
        _edited(MINIMAL, "    name: Politie\n", "    name: Politie\n    aliases: [VRR]\n"),
        [],
    ),
    rules.DUPLICATE_PARTNER: (
        "programma.yaml",
        _edited(MINIMAL, "partners: [gemeente, politie]", "partners: [gemeente, politie, politie]"),
        [],
    ),
    rules.TARGET_DATES: (
        "programma.yaml",
        _edited(TARGETS_PROGRAMME, "date: 2021-03-17}", "date: 2023-03-17}"),
        [],
    ),
    rules.TARGET_REFERENCE: (
        "programma.yaml",
        _edited(
            TARGETS_PROGRAMME,
            "                relation: at_least\n",
            "                relation: at_least\n                reference: 2021\n",
        ),
        [],
    ),
    rules.TARGET_COVERAGE: (
        "programma.yaml",
        _edited(
            TARGETS_PROGRAMME,
            "                per_occasion: 5\n",
            "                per_occasion: 5\n                percent: 100\n",
        ),
        [],
    ),
    rules.TARGET_DIRECTION: (
        "programma.yaml",
        _edited(TARGETS_PROGRAMME, "direction: increase", "direction: decrease"),
        [],
    ),
    rules.EMPTY_ENTRY: ("voortgang.yaml", _ENTRY, ["--file", PROGRESS_PROGRAMME]),
    rules.TARGET: (
        "voortgang.yaml",
        _ENTRY + "    status: on_track\n    target: controle\n",
        ["--file", PROGRESS_PROGRAMME],
    ),
    rules.PROGRAMME: (
        "voortgang.yaml",
        _ENTRY + "    status: on_track\n",
        ["--file", BAD / "duplicate-id.yaml"],
    ),
    rules.DUPLICATE_ENTRY: (
        "voortgang.yaml",
        _ENTRY
        + "    status: on_track\n"
        + _ENTRY.removeprefix("entries:\n")
        + "    status: on_track\n",
        ["--file", PROGRESS_PROGRAMME],
    ),
    rules.CONFLICT_MARKER: (
        "voortgang.yaml",
        _ENTRY + "<<<<<<< HEAD\n    status: on_track\n=======\n    status: done\n>>>>>>> b\n",
        ["--file", PROGRESS_PROGRAMME],
    ),
    rules.NO_PROGRAMME: ("voortgang.yaml", _ENTRY + "    status: on_track\n", []),
    rules.CONFIG: ("voortgang.yaml", _ENTRY + "    status: on_track\n", []),
    rules.IO: ("nope.yaml", None, []),
    rules.ENABLE: (
        "programma.yaml",
        _edited(MINIMAL, "  language: nl\n", "  language: nl\n  enable: [numbering]\n"),
        [],
    ),
    rules.DROPPED: (
        "voortgang.yaml",
        "entries:\n  - measure: 2.1.2\n    date: 2024-07-01\n    status: on_track\n"
        "    note: x\n    author: a\n",
        ["--file", GENERIC_PROGRAMME],
    ),
    rules.OWNER_STATUS: (
        "voortgang.yaml",
        "entries:\n  - measure: '2.1'\n    date: 2024-07-01\n    status: on_track\n"
        "    note: x\n    author: a\n",
        ["--file", GENERIC_PROGRAMME],
    ),
    rules.PATH_OUTSIDE: (
        "programma.yaml",
        _edited(MINIMAL, "  language: nl\n", "  language: nl\n  progress_log: ../v.yaml\n"),
        [],
    ),
}
# Files beside a case's file: an avp.toml that is not TOML for `config`.
BESIDE: dict[str, dict[str, str]] = {rules.CONFIG: {"avp.toml": "programme = \n"}}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_rule_no_fixture_produces_has_a_case(
    rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    name, text, options = CASES[rule]
    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    for other, content in BESIDE.get(rule, {}).items():
        (tmp_path / other).write_text(content, encoding="utf-8")
    problems = _problems(["validate", *options, tmp_path / name])
    assert rule in {p["rule"] for p in problems}, problems
    for problem in problems:
        if problem["rule"] not in MIXED_LEVELS:
            assert problem["level"] == RULES[problem["rule"]].level, problem


def test_every_rule_is_produced_by_a_fixture_or_a_case() -> None:
    produced = {p["rule"] for p in fixture_problems()}
    assert set(RULES) - produced - set(CASES) == set()
