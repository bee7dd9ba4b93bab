"""Merging the partners of several programmes: by id, by name or alias; clashes reviewed."""

from __future__ import annotations

from typing import Any

from avp.programme.checks import check_programme
from avp.programme.models import Partner
from avp.successor.partners import PartnerMerge


def partners(*items: dict[str, Any]) -> list[Partner]:
    return [Partner.model_validate(item) for item in items]


def merge(*programmes: list[Partner]) -> PartnerMerge:
    merged = PartnerMerge()
    for number, items in enumerate(programmes):
        merged.add_programme(number, f"p{number}.yaml", items)
    return merged


def assert_valid(merged: PartnerMerge) -> None:
    """The merged list passes the programme's partner checks (unique ids and names)."""
    data = {"partners": merged.result(), "fields": []}
    problems = [f for f in check_programme(data) if f.loc[:1] == ("partners",)]
    assert problems == []


def test_one_programme_is_copied_verbatim() -> None:
    items = partners(
        {"id": "gemeente", "name": "Gemeente A", "aliases": ["gemeente", "A"]},
        {"id": "boa", "name": "BOA's", "aliases": ["BOA", "BOA's", "boa's"], "parent": "gemeente"},
    )
    merged = merge(items)
    assert merged.result() == [p.model_dump(exclude_defaults=True) for p in items]
    assert merged.clashes == [] and merged.merged == []
    assert_valid(merged)


def test_same_id_and_name_merge_quietly_and_aliases_are_joined() -> None:
    merged = merge(
        partners({"id": "politie", "name": "Politie", "aliases": ["police"]}),
        partners({"id": "politie", "name": "politie", "aliases": ["Basisteam"]}),
    )
    assert merged.result() == [
        {"id": "politie", "name": "Politie", "aliases": ["police", "Basisteam"]}
    ]
    assert merged.clashes == [] and merged.new_id(1, "politie") == "politie"
    assert_valid(merged)


def test_same_id_with_another_name_is_a_clash() -> None:
    merged = merge(
        partners({"id": "gemeente", "name": "Gemeente Westvoorne"}),
        partners({"id": "gemeente", "name": "Gemeente Brielle"}),
    )
    assert merged.result() == [
        {"id": "gemeente", "name": "Gemeente Westvoorne", "aliases": ["Gemeente Brielle"]}
    ]
    assert merged.clashes == [
        "partner 'gemeente': named 'Gemeente Westvoorne' in an earlier programme and "
        "'Gemeente Brielle' in p1.yaml; kept 'Gemeente Westvoorne' (the other is an alias "
        "now): check which name is right"
    ]
    assert_valid(merged)


def test_same_name_under_another_id_merges_case_and_accents_aside() -> None:
    merged = merge(
        partners({"id": "dji", "name": "Dienst Justitiële Inrichtingen"}),
        partners({"id": "justitie", "name": "dienst justitiele inrichtingen"}),
    )
    assert [p["id"] for p in merged.result()] == ["dji"]
    assert merged.new_id(1, "justitie") == "dji"
    assert merged.clashes == []
    assert merged.merged and "'justitie'" in merged.merged[0]
    assert_valid(merged)


def test_a_shared_alias_merges() -> None:
    merged = merge(
        partners({"id": "vrr", "name": "Veiligheidsregio Rotterdam-Rijnmond", "aliases": ["VRR"]}),
        partners({"id": "veiligheidsregio", "name": "De veiligheidsregio", "aliases": ["vrr"]}),
    )
    assert merged.new_id(1, "veiligheidsregio") == "vrr"
    assert len(merged.result()) == 1
    assert_valid(merged)


def test_an_alias_that_is_another_partners_name_is_a_clash_and_not_merged() -> None:
    merged = merge(
        partners({"id": "halt", "name": "Bureau Halt"}),
        partners({"id": "jeugd", "name": "Jeugdzorg", "aliases": ["Bureau Halt"]}),
    )
    assert [p["id"] for p in merged.result()] == ["halt", "jeugd"]
    assert merged.new_id(1, "jeugd") == "jeugd"
    assert merged.result()[1].get("aliases") is None  # the alias is left out
    assert merged.clashes == [
        "partner 'jeugd': alias 'Bureau Halt' of p1.yaml names partner 'halt' already; "
        "left out: check which partner it is"
    ]
    assert_valid(merged)


def test_an_id_that_is_another_partners_alias_is_a_clash() -> None:
    merged = merge(
        partners({"id": "ccv", "name": "Centrum voor Criminaliteitspreventie", "aliases": ["cp"]}),
        partners({"id": "cp", "name": "Crisisplan"}),
    )
    assert [p["id"] for p in merged.result()] == ["ccv", "cp"]
    assert "aliases" not in merged.result()[0]
    assert "alias 'cp' is the id of partner 'cp' of p1.yaml" in merged.clashes[0]
    assert_valid(merged)


def test_different_parents_are_a_clash_and_ids_are_followed() -> None:
    merged = merge(
        partners(
            {"id": "vrr", "name": "Veiligheidsregio"},
            {"id": "brandweer", "name": "Brandweer", "parent": "vrr"},
        ),
        partners(
            {"id": "gemeente", "name": "Gemeente B"},
            {"id": "brandweer", "name": "Brandweer", "parent": "gemeente"},
        ),
    )
    assert merged.partners["brandweer"]["parent"] == "vrr"
    assert merged.clashes == [
        "partner 'brandweer': parent 'vrr' in an earlier programme, 'gemeente' in p1.yaml; "
        "kept 'vrr': check it"
    ]
    assert_valid(merged)


def test_a_parent_merged_under_another_id_is_followed() -> None:
    merged = merge(
        partners({"id": "gemeente", "name": "Gemeente"}),
        partners(
            {"id": "gem", "name": "gemeente"},
            {"id": "boa", "name": "BOA", "parent": "gem"},
        ),
    )
    assert merged.partners["boa"]["parent"] == "gemeente"
    assert_valid(merged)


def test_parents_that_would_form_a_cycle_are_a_clash() -> None:
    merged = merge(
        partners({"id": "a", "name": "A"}, {"id": "b", "name": "B", "parent": "a"}),
        partners({"id": "b", "name": "B"}, {"id": "a", "name": "A", "parent": "b"}),
    )
    assert "parent" not in merged.partners["a"] or merged.partners["a"]["parent"] is None
    assert merged.partners["b"]["parent"] == "a"
    assert "is part of 'a' in an earlier programme" in merged.clashes[0]
    assert_valid(merged)
