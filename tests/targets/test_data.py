"""The targets of the bundled programme: each rests on words in its measure, none invented."""

from __future__ import annotations

import re

import pytest

from avp.base.text import fold
from avp.programme.load import load_programme
from avp.programme.models import Measure, Programme
from avp.targets.models import (
    ComparisonTarget,
    CoverageTarget,
    DeliverableTarget,
    FrequencyTarget,
    TargetModel,
    ThresholdTarget,
)
from tests.conftest import BUNDLED

# The words of the text that state a number, a period or "all" (after fold: no accents).
COUNT_WORDS = {
    1: ("een keer", "eens", "minimaal een", "wekelijks", "jaarlijks", "elk", "per jaar"),
    2: ("twee keer", "2 keer", "meerdere keren", "meermaals"),
    3: ("drie keer",),
    4: ("4 keer",),
}
PERIOD_WORDS = {
    "week": ("per week", "wekelijks", "weekend"),
    "month": ("per maand",),
    "half_year": ("half jaar",),
    "year": ("per jaar", "jaarlijks", "jaar"),
    "two_years": ("twee jaar",),
}
ALL_WORDS = ("alle", "elke", "iedere", "ieder")
#: Issue 15: the deliverables the programme states without a date are due at its end, the
#: "Resultaat 2022" its table heads the results with (as 1.3.7's "Alle opkopers zijn
#: geregistreerd" is a threshold for 31 December 2022).
UNDATED_DELIVERABLES = ("1.1.2", "1.1.3", "1.1.7", "4.2.4", "4.3.2", "5.2.1", "5.2.6")
#: Issue 15: a coverage whose "all" is the plural ("Te verlenen exploitatievergunningen
#: worden getoetst": every one), like 5.5.3's "Nieuwe medewerkers leggen de ambtseed af".
PLURAL_COVERAGES = ("5.2.6",)
# Measures whose results are measurable, and the targets that model them.
MODELLED = {
    "1.1.2": ["beleid"],
    "1.1.3": ["beleid"],
    "1.1.7": ["implementatie"],
    "1.2.2": ["klachten"],
    "1.2.3": ["klachten"],
    "1.3.1": ["groepen"],
    "1.3.3": ["voorlichting"],
    "1.3.5": ["deelname"],
    "1.3.6": ["aandacht"],
    "1.3.7": ["geregistreerd", "gecontroleerd"],
    "1.4.2": ["veiligheidsbeeld", "monitor"],
    "2.2.3": ["controle"],
    "2.3.1": ["toezicht"],
    "2.3.2": ["controle"],
    "2.3.3": ["controle"],
    "2.3.4": ["controle", "ondernemingen"],
    "2.4.1": ["advies"],
    "2.4.2": ["schouw"],
    "3.1.2": ["besproken"],
    "3.2.1": ["traject"],
    "3.2.3": ["pga"],
    "3.2.5": ["nazorgplan"],
    "3.3.1": ["lessen", "thema-avond"],
    "3.4.2": ["actie"],
    "3.4.3": ["examen"],
    "4.1.1": ["klachten"],
    "4.1.5": ["klein", "algeheel", "alcohol"],
    "4.1.6": ["controle"],
    "4.1.7": ["controle"],
    "4.2.2": ["voorstel"],
    "4.2.4": ["plan"],
    "4.2.5": ["advies"],
    "4.3.1": ["advies"],
    "4.3.2": ["ambitie"],
    "4.4.1": ["oefening"],
    "4.4.2": ["oefening", "deelprocessen"],
    "4.4.3": ["training"],
    "5.2.1": ["actieprogramma"],
    "5.2.5": ["onderzoek", "convenant"],
    "5.2.6": ["bibob", "beleid"],
    "5.5.3": ["eed"],
}


@pytest.fixture(scope="module")
def programme() -> Programme:
    return load_programme(BUNDLED)


def words(measure: Measure) -> str:
    return " ".join(fold(f"{measure.text} {measure.result}").split())


def test_the_modelled_measures(programme: Programme) -> None:
    found = {m.id: [t.id for t in m.targets] for _, _, m in programme.measures() if m.targets}
    assert found == MODELLED


def stated(target: TargetModel, text: str, measure_id: str = "") -> bool:
    """Whether the text states what the target says (numbers, periods, 'all')."""
    if isinstance(target, FrequencyTarget):
        return any(w in text for w in COUNT_WORDS[target.count]) and any(
            w in text for w in PERIOD_WORDS[target.per]
        )
    if isinstance(target, CoverageTarget):
        if target.per_occasion is not None:
            return f"minimaal {target.per_occasion}" in text
        share = "alle" if target.percent == 100 else f"{target.percent:g}%"
        # "All events" states no period: a year is the default period to report on, any
        # other period must be in the text, as must a year the norm starts in.
        period = target.per == "year" or any(w in text for w in PERIOD_WORDS[target.per])
        start = target.start is None or str(target.start.year) in text
        everything = share in text or any(w in text.split() for w in ALL_WORDS)
        everything = everything or (target.percent == 100 and measure_id in PLURAL_COVERAGES)
        return everything and period and start
    if isinstance(target, ThresholdTarget):
        goal = f"{target.target.value:g}%" in text or "alle" in text
        year = str(target.target.date.year) in text or target.target.value == 100
        base = target.baseline is None or f"{target.baseline.value:g}".replace(".", ",") in text
        return goal and year and base
    if isinstance(target, ComparisonTarget):
        reference = target.reference == "previous" or str(target.reference) in text
        return reference and ("klachten" in text or "voorgaande jaar" in text)
    if isinstance(target, DeliverableTarget):
        if measure_id in UNDATED_DELIVERABLES:
            return target.due.isoformat() == "2022-12-31"  # "Resultaat 2022"
        return str(target.due.year) in text
    return False


def test_every_target_rests_on_the_text(programme: Programme) -> None:
    for _, _, measure in programme.measures():
        text = words(measure)
        for target in measure.targets:
            assert stated(target, text, measure.id), (measure.id, target.id, text)


def test_the_threshold_and_the_deliverables(programme: Programme) -> None:
    measures = {m.id: m for _, _, m in programme.measures()}
    [burgernet] = measures["1.3.5"].targets
    assert isinstance(burgernet, ThresholdTarget)
    assert "Eind 2022 is 10% bereikt (op dit moment 9,2)" in measures["1.3.5"].result
    assert (burgernet.baseline and burgernet.baseline.value, burgernet.target.value) == (9.2, 10)
    # "op dit moment": the day the college adopted the programme.
    assert burgernet.baseline.date == programme.programme.adopted.date
    proposal = measures["4.2.2"].targets[0]
    assert isinstance(proposal, DeliverableTarget)
    assert "in juni 2021" in measures["4.2.2"].result and proposal.due.isoformat() == "2021-06-30"
    # The dog-waste reference is 2020, with no invented value: the log records it.
    [dog_waste] = measures["1.2.2"].targets
    assert isinstance(dog_waste, ComparisonTarget) and dog_waste.reference == 2020
    assert not re.search(r"\d", dog_waste.description.replace("2020", ""))


def test_the_undated_deliverables_are_due_at_the_end(programme: Programme) -> None:
    """Issue 15, point 13: the seven deliverables without a date are due at the end of the
    programme ("Resultaat 2022"), as 1.3.7 is; 5.2.6 is a coverage like 5.5.3. Each
    description is words of its measure, verbatim."""
    measures = {m.id: m for _, _, m in programme.measures()}
    end = programme.programme.period.end
    for measure_id in UNDATED_DELIVERABLES:
        measure = measures[measure_id]
        text = " ".join(f"{measure.text} {measure.result}".split())
        [deliverable] = [t for t in measure.targets if isinstance(t, DeliverableTarget)]
        assert deliverable.due == end, measure_id
        assert deliverable.description in text, measure_id
    bibob = measures["5.2.6"].targets[0]
    eed = measures["5.5.3"].targets[0]
    assert isinstance(bibob, CoverageTarget) and isinstance(eed, CoverageTarget)
    assert (bibob.percent, bibob.per, bibob.per_occasion) == (eed.percent, eed.per, None)
    assert bibob.description == (
        "Te verlenen exploitatievergunningen worden getoetst aan de hand van de wet Bibob"
    )
    assert bibob.description in measures["5.2.6"].result
