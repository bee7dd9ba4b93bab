"""A partner found by id, name or alias without folding every name of the programme: the
same partner as the table of all names gives, the first whose label folds to what is
asked; an unknown one is the same error."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from avp.base.problems import NotFoundError
from avp.base.text import fold
from avp.programme.load import load_programme
from avp.programme.query import ProgrammeIndex
from tests.conftest import BUNDLED


def test_every_label_finds_the_partner_the_name_table_finds() -> None:
    programme = load_programme(BUNDLED)
    labels = [
        label
        for p in programme.partners
        for label in (p.id, p.name, *p.aliases, p.name.upper(), f" {p.id} ")
    ]
    for label in labels:
        fresh = ProgrammeIndex(programme)
        found = fresh.partner(label)
        assert "_partner_names" not in fresh.__dict__  # the table was not built
        assert found.id == ProgrammeIndex(programme)._partner_names[fold(label)]
        table = ProgrammeIndex(programme)
        table._partner_names  # noqa: B018 (built first: then it is used)
        assert table.partner(label).id == found.id


def test_the_first_partner_whose_label_folds_to_it_wins() -> None:
    class P:
        def __init__(self, pid: str, name: str, aliases: tuple[str, ...] = ()) -> None:
            self.id, self.name, self.aliases = pid, name, aliases

    class Programme:
        partners: ClassVar[list[Any]] = [
            P("om", "Openbaar Ministerie", ("Politie",)),
            P("politie", "Politie"),
        ]

        def measures(self) -> list[Any]:
            return []

    index = ProgrammeIndex(Programme())  # type: ignore[arg-type]
    assert index.partner("politie").id == "om"  # as the table says: the alias came first
    assert index._partner_names["politie"] == "om"


def test_an_unknown_partner_is_the_same_error() -> None:
    index = ProgrammeIndex(load_programme(BUNDLED))
    with pytest.raises(NotFoundError, match="no partner 'polite'; did you mean"):
        index.partner("polite")
