"""The usual Dutch safety partners (gemeente, politie, OM, RIEC, veiligheidsregio, ...),
shipped with avp in ``registry.yaml``, for recognising partners in an imported table."""

from __future__ import annotations

import functools
from importlib import resources

from avp.base.problems import DataError
from avp.base.text import fold
from avp.programme.models import Partner

#: The file inside the package (it ships in the wheel with the modules).
RESOURCE = "registry.yaml"


def load_registry() -> list[Partner]:
    """The registry's partners, validated, in the file's order."""
    return list(_registry())


def lookup(label: str) -> Partner | None:
    """The partner whose id, name or alias is ``label`` (case and accents ignored)."""
    return _labels().get(fold(label))


def labels(partner: Partner) -> list[str]:
    """Every text that names ``partner``: its id, name and aliases."""
    return [partner.id, partner.name, *partner.aliases]


@functools.lru_cache(maxsize=1)
def _registry() -> tuple[Partner, ...]:
    from pydantic import ValidationError  # lazy: only the registry needs it here

    from avp.yamlio.loader import load  # lazy: ruamel is loaded only when it is needed

    shown = f"avp/importing/{RESOURCE}"
    text = resources.files("avp.importing").joinpath(RESOURCE).read_text(encoding="utf-8")
    data = load(text, shown)
    try:
        partners = tuple(Partner.model_validate(item) for item in data["partners"])
    except (ValidationError, KeyError, TypeError) as exc:
        raise DataError(f"{shown} is broken (reinstall avp): {exc}") from None
    problems = conflicts(partners)
    if problems:
        raise DataError(f"{shown} is broken (reinstall avp): {'; '.join(problems)}")
    return partners


@functools.lru_cache(maxsize=1)
def _labels() -> dict[str, Partner]:
    return {fold(label): partner for partner in _registry() for label in labels(partner)}


def conflicts(partners: tuple[Partner, ...] | list[Partner]) -> list[str]:
    """What is wrong between the partners: a label naming two, an unknown parent, a cycle."""
    problems: list[str] = []
    owners: dict[str, str] = {}
    for partner in partners:
        for label in labels(partner):
            owner = owners.setdefault(fold(label), partner.id)
            if owner != partner.id:
                problems.append(f"{label!r} names both {owner!r} and {partner.id!r}")
    ids = {p.id for p in partners}
    parents = {p.id: p.parent for p in partners if p.parent is not None}
    for partner in partners:
        seen = [partner.id]
        current = parents.get(partner.id)
        while current is not None:
            if current not in ids:
                problems.append(f"{partner.id!r} has an unknown parent {current!r}")
                break
            if current in seen:
                problems.append(f"{partner.id!r} is in a cycle of parents")
                break
            seen.append(current)
            current = parents.get(current)
    return problems
