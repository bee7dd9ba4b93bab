"""The registry of usual Dutch safety partners: valid, unambiguous, shipped with avp."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import avp.importing
from avp.base.text import fold
from avp.importing import registry
from avp.programme.models import Partner


def test_it_loads_and_validates() -> None:
    partners = registry.load_registry()
    assert len(partners) >= 40
    assert all(isinstance(p, Partner) for p in partners)
    assert registry.conflicts(partners) == []


def test_the_usual_partners_are_there_with_their_parents() -> None:
    by_id = {p.id: p for p in registry.load_registry()}
    for pid in [
        "gemeente", "boa", "politie", "om", "riec", "veiligheidsregio", "brandweer", "ggd",
        "halt", "veilig-thuis", "reclassering", "zorg-en-veiligheidshuis", "jongerenwerk",
        "woningcorporatie", "ccv", "belastingdienst", "kmar", "rijkswaterstaat", "waterschap",
        "scholen", "ondernemers", "inwoners", "wijkteam", "leerplicht", "bibob-team",
    ]:  # fmt: skip
        assert pid in by_id, pid
    assert by_id["boa"].parent == "gemeente"
    assert by_id["brandweer"].parent == "veiligheidsregio"
    assert by_id["veiligheidsregio"].name == "Veiligheidsregio"
    assert by_id["ccv"].name == "Centrum voor Criminaliteitspreventie en Veiligheid"


def test_no_two_partners_share_a_folded_label() -> None:
    owners: dict[str, set[str]] = {}
    for partner in registry.load_registry():
        for label in registry.labels(partner):
            owners.setdefault(fold(label), set()).add(partner.id)
    assert {label: ids for label, ids in owners.items() if len(ids) > 1} == {}


def test_conflicts_are_found() -> None:
    partners = [
        Partner(id="a", name="Politie"),
        Partner(id="b", name="B", aliases=["politie"], parent="c"),
        Partner(id="d", name="D", parent="e"),
        Partner(id="e", name="E", parent="d"),
    ]
    assert registry.conflicts(partners) == [
        "'politie' names both 'a' and 'b'",
        "'b' has an unknown parent 'c'",
        "'d' is in a cycle of parents",
        "'e' is in a cycle of parents",
    ]


def test_lookup_by_id_name_or_alias_ignoring_case_and_accents() -> None:
    assert registry.lookup("OM").id == "om"  # type: ignore[union-attr]
    assert registry.lookup("openbaar ministerie").id == "om"  # type: ignore[union-attr]
    assert registry.lookup("ZVH").id == "zorg-en-veiligheidshuis"  # type: ignore[union-attr]
    assert registry.lookup("Nationaal Coordinator Terrorismebestrijding en Veiligheid")
    assert registry.lookup("Veiligheidsregio Rotterdam-Rijnmond") is None


def test_the_yaml_ships_inside_the_package() -> None:
    """Files inside avp/ go into the wheel (pyproject: packages = ["avp"]); the registry is
    read through importlib.resources, as from an installed wheel."""
    inside = Path(avp.importing.__file__).parent / registry.RESOURCE
    assert inside.is_file()
    resource = resources.files("avp.importing").joinpath(registry.RESOURCE)
    assert resource.read_text(encoding="utf-8") == inside.read_text(encoding="utf-8")
    pyproject = (Path(avp.importing.__file__).parents[2] / "pyproject.toml").read_text("utf-8")
    assert 'packages = ["avp"]' in pyproject


def test_load_registry_gives_a_fresh_list_each_time() -> None:
    first = registry.load_registry()
    first.clear()
    assert registry.load_registry()


def test_a_programme_with_every_registry_partner_validates() -> None:
    """What avp import and avp init write from the registry passes avp validate's checks."""
    import json  # lazy: only this test

    from avp.programme.load import validate_text  # lazy: only this test
    from tests.conftest import MINIMAL

    text = MINIMAL.read_text(encoding="utf-8")
    start, end = text.index("partners:\n"), text.index("glossary:\n")
    partners = [p.model_dump(exclude_defaults=True) for p in registry.load_registry()]
    used = "".join(f"  - {json.dumps(p, ensure_ascii=False)}\n" for p in partners)
    # The fixture's measures name gemeente, politie, boa, vrr and brandweer.
    text = text[:start] + "partners:\n" + used + "  - {id: vrr, name: VRR}\n" + text[end:]
    assert [p.text() for p in validate_text(text, "programma.yaml")] == []
