"""Fields, themes and carried measures of a successor, and which targets go along."""

from __future__ import annotations

import datetime as dt
from typing import Any

from avp.programme.models import Programme
from avp.successor.partners import PartnerMerge
from avp.successor.structure import Source, merge_structure

NEW_PERIOD = (dt.date(2023, 1, 1), dt.date(2024, 12, 31))


def programme(municipality: str, fields: list[dict[str, Any]]) -> Programme:
    return Programme.model_validate(
        {
            "programme": {
                "municipality": municipality,
                "title": f"Programma {municipality}",
                "period": {"start": "2021-01-01", "end": "2022-12-31"},
                "adopted": {"date": "2021-02-01", "body": "college"},
                "source": "x.pdf",
                "language": "nl",
            },
            "partners": [{"id": "gemeente", "name": f"Gemeente {municipality}"}],
            "fields": fields,
        }
    )


def source(loaded: Programme, carried: list[str] | None = None) -> Source:
    ids = [m.id for _, _, m in loaded.measures()] if carried is None else carried
    name = loaded.programme.municipality
    return Source(loaded, f"{name}.yaml", f"{name}.yaml", tuple(ids))


def build(*sources: Source) -> Any:
    partners = PartnerMerge()
    for number, item in enumerate(sources):
        partners.add_programme(number, item.shown, list(item.programme.partners))
    return merge_structure(list(sources), NEW_PERIOD, partners)


def measure(mid: str, text: str, **more: Any) -> dict[str, Any]:
    return {"id": mid, "text": text, "partners": ["gemeente"], **more}


A = programme(
    "A",
    [
        {
            "id": 1,
            "name": "Veilige woon- en leefomgeving",
            "targets": [
                {"id": "inbraak", "kind": "frequency", "description": "x", "count": 1,
                 "per": "year"},
            ],
            "themes": [
                {
                    "id": "1.1",
                    "name": "Overlast",
                    "measures": [
                        measure("1.1.1", "Eerste."),
                        measure(
                            "1.1.2",
                            "Tweede.",
                            result="Eind 2022 klaar.",
                            targets=[
                                {"id": "klaar", "kind": "deliverable", "description": "x",
                                 "due": "2022-12-31"},
                                {"id": "elk-jaar", "kind": "frequency", "description": "x",
                                 "count": 2, "per": "year"},
                            ],
                        ),
                        measure("1.1.3", "Derde."),
                    ],
                }
            ],
        }
    ],
)  # fmt: skip

B = programme(
    "B",
    [
        {
            "id": "W",
            "name": "veilige woon- en leefomgeving",
            "themes": [
                {"id": "1.1", "name": "Drugs", "measures": [measure("1.1.1", "Drugs B.")]},
                {"id": "W.2", "name": "overlast", "measures": [measure("W.2.1", "Overlast B.")]},
            ],
        }
    ],
)


def test_carried_measures_are_renumbered_within_their_theme() -> None:
    built = build(source(A, ["1.1.1", "1.1.3"]))
    [field] = built.fields
    assert [m["id"] for m in field["themes"][0]["measures"]] == ["1.1.1", "1.1.2"]
    assert [(c.new_id, c.old_id) for c in built.carried] == [("1.1.1", "1.1.1"), ("1.1.2", "1.1.3")]
    assert field["themes"][0]["measures"][1]["predecessor"] == {
        "programme": "A.yaml",
        "measure": "1.1.3",
    }


def test_targets_outside_the_new_period_are_left_out_and_reviewed() -> None:
    built = build(source(A, ["1.1.2"]))
    [carried] = built.fields[0]["themes"][0]["measures"]
    assert carried["result"] == "Eind 2022 klaar."  # verbatim
    assert [t["id"] for t in carried["targets"]] == ["elk-jaar"]
    assert [t["id"] for t in built.fields[0]["targets"]] == ["inbraak"]  # no dates: kept
    assert built.review == [
        "measure 1.1.1 (was 1.1.2 of A.yaml): target 'klaar' left out (due date 2022-12-31 "
        "is outside the programme period (2023-01-01 to 2024-12-31)); add a target for the "
        "new period if the norm still holds"
    ]


def test_a_merger_joins_fields_and_themes_by_name_and_renumbers_a_taken_theme_id() -> None:
    built = build(source(A), source(B))
    [field] = built.fields  # 'veilige woon- en leefomgeving': the same name, case aside
    assert field["id"] == 1
    themes = {t["name"]: t for t in field["themes"]}
    assert list(themes) == ["Overlast", "Drugs"]
    assert themes["Drugs"]["id"] == "1.2"  # 1.1 was taken by A's Overlast
    assert [m["text"] for m in themes["Overlast"]["measures"]] == [
        "Eerste.",
        "Tweede.",
        "Derde.",
        "Overlast B.",
    ]
    assert [m["id"] for m in themes["Overlast"]["measures"]] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert themes["Drugs"]["measures"] == [
        {
            "id": "1.2.1",
            "text": "Drugs B.",
            "partners": ["gemeente"],
            "predecessor": {"programme": "B.yaml", "measure": "1.1.1"},
        }
    ]
    assert "theme 1.1 of B.yaml (Drugs) is theme 1.2 now: its id was taken" in built.review
    assert "field W of B.yaml merged into field 1 with the same name" in built.review
