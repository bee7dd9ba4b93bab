"""The source of a target and the provenance of an imported entry, as models."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from avp.programme.load import load_programme
from avp.progress.models import Entry, Imported
from avp.progress.read import load_log
from avp.targets.models import Source, Target, source_of
from tests.indicators.conftest import OPENDATA

SOURCE: dict[str, Any] = {
    "table": "47013NED",
    "measure": "GeregistreerdeMisdrijven_1",
    "filter": {"SoortMisdrijf": "1.1.1 Diefstal/inbraak woning"},
    "region": "GM0614",
}


def comparison(**source: Any) -> dict[str, Any]:
    return {
        "id": "inbraken",
        "kind": "comparison",
        "description": "Minder woninginbraken",
        "indicator": "woninginbraken",
        "relation": "less",
        "source": {**SOURCE, **source},
    }


def test_a_comparison_target_names_its_source() -> None:
    target = TypeAdapter(Target).validate_python(comparison())
    source = source_of(target)
    assert source is not None
    assert (source.table, source.region, source.publisher) == (
        "47013NED",
        "GM0614",
        "Politie open data",
    )
    assert Source.model_validate({**SOURCE, "table": "83648NED"}).publisher == "CBS"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"region": "GM614"}, "region"),
        ({"region": "0614"}, "region"),
        ({"table": "47013"}, "table"),
        ({"table": "47013NEDX"}, "table"),
        ({"per": 1000}, "per needs a population table"),
        ({"population": {"table": "03759ned", "measure": "X"}}, "population is only used"),
        ({"bbv": "inbraak"}, "bbv"),
        ({"filter": {"Soort misdrijf": "x"}}, "filter"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_a_bad_source_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(Target).validate_python(comparison(**change))


def test_frequency_targets_take_no_source() -> None:
    with pytest.raises(ValidationError, match="source"):
        TypeAdapter(Target).validate_python(
            {
                "id": "x",
                "kind": "frequency",
                "description": "d",
                "count": 1,
                "per": "year",
                "source": SOURCE,
            }
        )


ENTRY: dict[str, Any] = {
    "measure": "1.1",
    "date": "2022-12-31",
    "target": "woninginbraken",
    "value": 24,
    "note": "woninginbraken 2022: 24",
    "author": "Politie open data",
}


def test_entry_source_is_text_or_provenance() -> None:
    assert Entry.model_validate({**ENTRY, "source": "politie kwartaalrapportage"}).source == (
        "politie kwartaalrapportage"
    )
    entry = Entry.model_validate(
        {**ENTRY, "source": {**SOURCE, "period": "2022JJ00", "retrieved": "2023-02-01"}}
    )
    assert isinstance(entry.source, Imported)
    assert str(entry.source) == "Politie open data 47013NED, 2022JJ00, GM0614"


@pytest.mark.parametrize(
    "change",
    [
        {"period": "2022"},
        {"period": "2022KW05"},
        {"retrieved": "1 februari 2023"},
        {"region": "Westvoorne"},
        {"corrects": "X"},
        {"filter": {"SoortMisdrijf": "a\u202eb"}},
    ],
)
def test_bad_provenance_is_refused(change: dict[str, Any]) -> None:
    source = {**SOURCE, "period": "2022JJ00", "retrieved": "2023-02-01", **change}
    with pytest.raises(ValidationError):
        Entry.model_validate({**ENTRY, "source": source})


def test_a_log_with_both_forms_of_source_reads() -> None:
    """The recorded log: its one-line entries with a nested source mapping go through the
    fast line reader's fallback to the YAML loaders."""
    programme = load_programme(OPENDATA / "programma.yaml")
    log = load_log(OPENDATA / "voortgang-geimporteerd.yaml", programme)
    kinds = {type(e.source) for e in log.entries}
    assert kinds == {str, Imported}
    assert len(log.entries) == 23


def test_the_entry_id_patterns_agree() -> None:
    from avp.progress import imported, models

    assert imported._ENTRY_ID == models.ENTRY_ID_PATTERN


@pytest.mark.parametrize(
    ("source", "where", "message"),
    [
        (" ", ("source",), "String should match pattern"),
        (5, ("source",), "source is a text, or the mapping"),
        ({"table": "x"}, ("source", "table"), "String should match pattern"),
    ],
)
def test_an_error_names_only_the_form_written(
    source: object, where: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Entry.model_validate({**ENTRY, "source": source})
    first = caught.value.errors()[0]
    assert first["loc"] == where
    assert message in first["msg"]
    assert all(e["loc"][:1] == ("source",) for e in caught.value.errors())
