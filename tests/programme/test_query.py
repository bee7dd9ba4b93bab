"""The query library: lookups, the partner hierarchy, filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.base.problems import NotFoundError
from avp.programme.load import load_programme
from avp.programme.query import Filters, ProgrammeIndex, select
from avp.programme.status import Status
from tests.conftest import BUNDLED, MINIMAL


@pytest.fixture(scope="module")
def index() -> ProgrammeIndex:
    return ProgrammeIndex(load_programme(BUNDLED))


@pytest.fixture(scope="module")
def small() -> ProgrammeIndex:
    return ProgrammeIndex(load_programme(MINIMAL))


def ids(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.measure.id for r in rows]


def test_partner_includes_subunits_not_the_other_way(small: ProgrammeIndex) -> None:
    assert ids(select(small, Filters(partners=["gemeente"]))) == ["1.1.1", "1.1.2", "2.1.1"]
    assert ids(select(small, Filters(partners=["boa"]))) == ["1.1.2"]
    assert ids(select(small, Filters(partners=["vrr"]))) == ["2.1.1"]
    assert ids(select(small, Filters(partners=["brandweer"]))) == ["2.1.1"]


def test_partner_by_name_or_alias_any_case(small: ProgrammeIndex) -> None:
    for wanted in ("VRR", "veiligheidsregio", "vrr"):
        assert small.partner(wanted).id == "vrr"
    assert small.partner("BOA").id == "boa"


def test_gemeente_rotterdam_is_not_the_gemeente(index: ProgrammeIndex) -> None:
    gemeente = ids(select(index, Filters(partners=["gemeente"])))
    rotterdam = ids(select(index, Filters(partners=["gemeente-rotterdam"])))
    assert rotterdam == ["5.2.5"]
    assert "gemeente-rotterdam" not in index.with_subunits("gemeente")
    # 5.2.5 is there because the gemeente itself takes part, not because of Rotterdam
    assert "gemeente" in index.measure("5.2.5").measure.partners
    assert set(rotterdam) <= set(gemeente)


def test_bundled_hierarchy_both_ways(index: ProgrammeIndex) -> None:
    gemeente = set(ids(select(index, Filters(partners=["gemeente"]))))
    for unit in ("boa", "bob", "gebiedsteam", "team-ser", "interne-collegas"):
        assert index.partners[unit].parent == "gemeente"
        assert set(ids(select(index, Filters(partners=[unit])))) <= gemeente
    boa = ids(select(index, Filters(partners=["boa"])))
    assert all("boa" in index.measure(i).measure.partners for i in boa)
    assert index.partners["brandweer"].parent == "vrr"
    assert "brandweer" in index.with_subunits("vrr")
    only_boa = [i for i in boa if "gemeente" not in index.measure(i).measure.partners]
    assert only_boa, "some measures name only the BOA's; --partner gemeente must find them"
    assert set(only_boa) <= gemeente


def test_filters_and_or(index: ProgrammeIndex) -> None:
    politie = set(ids(select(index, Filters(partners=["politie"]))))
    om = set(ids(select(index, Filters(partners=["om"]))))
    both = set(ids(select(index, Filters(partners=["politie", "om"]))))
    assert both == politie | om
    field2 = set(ids(select(index, Filters(fields=["2"]))))
    combined = set(ids(select(index, Filters(fields=["2"], partners=["politie"]))))
    assert combined == field2 & politie
    assert combined and all(i.startswith("2.") for i in combined)


def test_field_and_theme_by_name_prefix_and_id(index: ProgrammeIndex) -> None:
    assert index.field("jeugd").id == "3"
    assert index.field("INTEGRITEIT en veiligheid").id == "5"
    assert index.field("4").name == "Fysieke Veiligheid"
    assert index.theme("1.3").name == "Objectieve veiligheid"
    assert index.theme("brand").id == "4.2"
    assert index.theme("veilig uitgaan").id == "2.3"


def test_ambiguous_prefix(index: ProgrammeIndex) -> None:
    with pytest.raises(NotFoundError, match=r"theme .veilige. is ambiguous: it could be 2\.1"):
        index.theme("veilige")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda i: i.partner("polite"), "no partner 'polite'; did you mean 'politie'?"),
        (lambda i: i.field("9"), "no field '9'"),
        (lambda i: i.theme("brandveligheid"), "no theme 'brandveligheid'; did you mean"),
        (lambda i: i.measure("1.3.55"), "no measure '1.3.55'; did you mean"),
    ],
)
def test_unknown_names(index: ProgrammeIndex, call: object, message: str) -> None:
    with pytest.raises(NotFoundError) as info:
        call(index)  # type: ignore[operator]
    assert info.value.message.startswith(message)


def test_search_ignores_case_and_accents(index: ProgrammeIndex) -> None:
    plain = ids(select(index, Filters(search=["geevalueerd"])))
    accented = ids(select(index, Filters(search=["GEËVALUEERD"])))
    assert plain == accented and plain
    # searches the goal too: every measure of theme 3.1 shares its goal
    goal = ids(select(index, Filters(search=["multiproblematiek"])))
    assert goal == [r.measure.id for r in index.rows if r.theme.id == "3.1"]
    note = ids(select(index, Filters(search=["maneges"])))
    assert note == ["1.2.3"]


def test_status_filter_uses_given_statuses(small: ProgrammeIndex) -> None:
    statuses = {"1.1.2": Status.at_risk}
    rows = select(small, Filters(statuses=[Status.at_risk]), statuses)
    assert [(r.measure.id, r.status) for r in rows] == [("1.1.2", Status.at_risk)]
    rows = select(small, Filters(statuses=[Status.not_started]), statuses)
    assert ids(rows) == ["1.1.1", "2.1.1"]


def test_minimal_fixture_path_exists() -> None:
    assert Path(MINIMAL).is_file()
