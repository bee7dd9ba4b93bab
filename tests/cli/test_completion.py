"""Shell completion (Typer's) for measure ids, field and theme names, partner ids."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from avp.cli import app


def complete(line: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("AVP_FILE", raising=False)
    env = {"_AVP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    result = CliRunner().invoke(app, [], env=env, prog_name="avp")
    return result.stdout


def test_measure_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    out = complete("avp show 1.3.1", monkeypatch)
    assert '"1.3.1":' in out and '"1.3.10":' in out and '"1.3.2"' not in out


def test_partner_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    out = complete("avp list --partner ge", monkeypatch)
    assert '"gemeente":"Gemeente Westvoorne"' in out and '"gemeente-rotterdam"' in out
    assert '"politie"' not in out


def test_field_and_theme_names(monkeypatch: pytest.MonkeyPatch) -> None:
    assert '"3":"Jeugd en Veiligheid"' in complete("avp list --field 3", monkeypatch)
    assert "Jeugd en Veiligheid" in complete("avp list --field Jeugd", monkeypatch)
    out = complete("avp list --theme Brand", monkeypatch)
    assert "Brandveiligheid" in out
    assert '"4.2":"Brandveiligheid"' in complete("avp list --theme 4.", monkeypatch)


def test_completion_with_a_broken_file_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    out = complete("avp list -f /nonexistent.yaml --partner pol", monkeypatch)
    assert "Traceback" not in out and "politie" not in out


def test_target_ids_of_the_measure(monkeypatch: pytest.MonkeyPatch) -> None:
    out = complete("avp progress add 4.1.5 --count 1 --target ", monkeypatch)
    assert '"klein":' in out and '"algeheel":' in out and '"alcohol":' in out
    assert '"controle"' not in out  # a target of other measures
    assert '"alcohol"' not in complete("avp progress add 4.1.5 --target k", monkeypatch)


def test_targets_completes_commands_and_measure_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    assert '"suggest"' in complete("avp targets su", monkeypatch)
    out = complete("avp targets 1.3.1", monkeypatch)
    assert '"1.3.1":' in out and '"1.3.10":' in out and '"1.3.2"' not in out
    assert '"1.3.1":' in complete("avp targets accept 1.3.1", monkeypatch)
