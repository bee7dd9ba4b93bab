"""The rules of :mod:`avp.targets.suggest`: one function per kind of norm, per sentence.

Each rule reads one :class:`Sentence` (its folded form, so accents and capitals do not
matter) and gives the target data it finds, taking the characters it rests on so that a
later rule does not read the same words again ("Jaarlijks is de hoeveelheid ... gelijk of
hoger dan het voorgaande jaar" is a comparison, not also a yearly activity).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from avp.targets import phrases
from avp.targets.phrases import DECIMAL, NUMBER, QUANTIFIER

Data = dict[str, Any]


@dataclass(frozen=True)
class Window:
    """The programme period, and the day a baseline "op dit moment" was measured."""

    start: dt.date
    end: dt.date
    now: dt.date

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class Sentence:
    """One sentence of a measure's text: the original words and their folded form."""

    text: str
    low: str
    used: list[tuple[int, int]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """Whether no earlier proposal rests on any of these characters."""
        return all(end <= a or start >= b for a, b in self.used)

    def take(self, start: int, end: int) -> None:
        self.used.append((start, end))

    def words(self, start: int, end: int) -> str:
        """The original words of a span, on one line."""
        return " ".join(self.text[start:end].split()).strip(" ,;:.")


def _basis(sentence: Sentence, *spans: tuple[int, int]) -> str:
    """The words from the first span to the last (with the bracket a span leaves open)."""
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    words = sentence.text[start:end]
    if words.count("(") > words.count(")") and sentence.text[end : end + 1] == ")":
        end += 1
    return " ".join(sentence.text[start:end].split()).strip(" ,;:.")


def _years(sentence: Sentence, window: Window) -> Data:
    """``start``/``end`` from "In 2022 ..." or "in 2021 en 2022", when narrower than the
    programme; the span is taken."""
    match = re.search(
        r"\bin (?:het jaar )?(\d{4})(?:\s*(?:en|t/m|tot en met|-)\s*(\d{4}))?\b", sentence.low
    )
    if not match:
        return {}
    first, last = int(match[1]), int(match[2] or match[1])
    if not (window.start.year <= first <= last <= window.end.year):
        return {}
    sentence.take(match.start(), match.end())
    data: Data = {}
    if dt.date(first, 1, 1) > window.start:
        data["start"] = dt.date(first, 1, 1)
    if dt.date(last, 12, 31) < window.end:
        data["end"] = dt.date(last, 12, 31)
    return data


# -- comparison --------------------------------------------------------------------------

_QUANTITY = re.compile(
    r"\b(?:het (?:totale )?aantal|de hoeveelheid|het percentage|het aandeel|het totaal"
    r"(?: aantal)?|de omvang van(?: het aantal)?)\s+"
)

_RELATIONS: tuple[tuple[str, str], ...] = (
    (
        "at_least",
        r"gelijk (?:aan )?of (?:hoger|groter|meer)|(?:hoger|groter|meer) (?:dan )?of gelijk"
        r"|evenveel of meer|(?:minimaal|ten minste|minstens) gelijk|niet (?:lager|kleiner|minder)"
        r"|stabiel of (?:stijgend|hoger)",
    ),
    (
        "at_most",
        r"gelijk (?:aan )?of (?:lager|kleiner|minder)|(?:kleiner|lager|minder) (?:dan )?of gelijk"
        r"|evenveel of minder|(?:maximaal|hooguit|ten hoogste) gelijk|niet (?:hoger|groter|meer)"
        r"|niet (?:toegenomen|gestegen)|stabiel of (?:dalend|lager)",
    ),
    ("less", r"afgenomen|gedaald|neemt af|daalt|verminderd|verlaagd|teruggedrongen|teruggebracht"),
    ("more", r"toegenomen|gestegen|neemt toe|stijgt|gegroeid|groeit|verhoogd"),
    ("less", r"(?:lager|kleiner|minder) dan"),
    ("more", r"(?:hoger|groter|meer) dan"),
)

_PREVIOUS = (
    r"\s*(?:aan|dan|als|met)?\s*(?:in )?(?:(?:het|de) (?:voorgaande|vorige) (?P<u>jaar|periode|"
    r"kwartaal|maand|half jaar)|vorig jaar|het jaar (?:ervoor|daarvoor|erv[oó]{2}r))"
)
_REFERENCE_YEAR = (
    r"\s*(?:aan|dan|als|met)?\s*"
    r"(?:(?:(?:\w+ )?\d+% )?(?:ten opzichte van|t\.o\.v\.?|vergeleken met) )?"
    r"(?:in |over )?(?:het jaar )?(?P<y>(?:19|20|21)\d\d)\b"
)

#: Indicators that count events over a period (a running total), not a level.
_EVENTS = re.compile(
    r"klacht|melding|aangifte|incident|inbra|overtreding|boete|verbaal|overlast|schade|"
    r"ongeval|ongeluk|diefstal|delict|misdrij|bekeuring|vernieling|inzet|einsatz|calamiteit"
)

_VERBS = r"(?:is|zijn|wordt|worden|blijft|blijven|ligt|liggen|was|waren|neemt)"


def comparisons(sentence: Sentence, window: Window, measure_text: str) -> list[Data]:
    """'Het aantal klachten is afgenomen', 'gelijk of hoger dan het voorgaande jaar'."""
    low = sentence.low
    quantity = _QUANTITY.search(low)
    if not quantity or sentence.used:  # "stijgt van 78% naar 82% in 2025": a threshold
        return []
    for relation, pattern in _RELATIONS:
        match = re.compile(rf"\b(?:{pattern})\b").search(low, quantity.end())
        if not match:
            continue
        rest = low[match.end() :]
        reference: Any = "previous"
        ref = re.match(_PREVIOUS, rest)
        year = re.match(_REFERENCE_YEAR, rest)
        if year:
            reference = int(year["y"])
            if reference >= window.start.year:
                return []
        elif not ref and match[0].endswith(" dan"):
            continue
        indicator = re.split(rf"\s+{_VERBS}\b", low[quantity.end() : match.start()])[0]
        indicator = sentence.words(quantity.end(), quantity.end() + len(indicator.rstrip()))
        if not indicator:
            return []
        sentence.take(0, len(low))
        end = match.end() + (year.end() if year else ref.end() if ref else 0)
        per = "year"
        for word, unit in (("kwartaal", "quarter"), ("maand", "month"), ("half jaar", "half_year")):
            if re.search(rf"\b(?:per|elk|elke|ieder|iedere) {word}\b", low):
                per = unit
        years = _years(sentence, window)
        return [
            {
                **years,
                "kind": "comparison",
                "indicator": indicator,
                "relation": relation,
                "reference": reference,
                "per": per,
                "accumulates": bool(_EVENTS.search(phrases.folded(indicator))),
                "basis": _basis(sentence, (quantity.start(), end)),
            }
        ]
    return []


# -- threshold ---------------------------------------------------------------------------

_PERCENT = re.compile(rf"(?P<v>{NUMBER})\s*(?:%|procent\b)")
_BASELINE = re.compile(
    rf"\b(?:op dit moment|op het moment|momenteel|thans|nu nog|nu|nulmeting|uitgangssituatie)"
    rf"\s*(?:is |was |:)?\s*(?:het |dat |op |van |ca\.? |circa |ongeveer )*(?P<b>{DECIMAL})"
    rf"(?:\s*(?:%|procent\b))?"
)
_FROM_TO = re.compile(
    rf"\bvan (?P<b>{DECIMAL})\s*(?:%|procent)? (?:naar|tot) (?P<v>{DECIMAL})\s*(?:%|procent\b)"
)
#: A change by a share ("daalt met 10%"), not a level to reach: no threshold.
_CHANGE = re.compile(rf"\bmet (?:ten minste |minimaal |ruim |circa )?{NUMBER}\s*(?:%|procent\b)")
_DOWN = re.compile(
    r"\b(?:maximaal|hooguit|ten hoogste|gedaald|verlaagd|teruggebracht|daalt|onder)\b"
)
_INDICATOR = re.compile(r"\b(?:het percentage|het aandeel|de deelname aan|het bereik van)\s+")
_STATE = re.compile(
    rf"^(?:{QUANTIFIER})(?P<pop>[\w' -]+?) (?:is|zijn) (?P<part>ge\w+|\w+ge\w+)"
    rf" en (?:worden|wordt|zijn|is) "
)


def thresholds(sentence: Sentence, window: Window, measure_text: str) -> list[Data]:
    """'Eind 2022 is 10% bereikt (op dit moment 9,2)'; 'alle X zijn Y en worden jaarlijks'."""
    low = sentence.low
    state = _STATE.match(low)
    if state and re.search(
        rf"\b(?:{'|'.join(phrases.ADVERBS)}|per jaar|keer per)\b", low[state.end() :]
    ):
        sentence.take(0, state.start("part") + len(state["part"]))
        population = sentence.words(state.start("pop"), state.end("pop"))
        return [
            {
                "kind": "threshold",
                "indicator": f"{population} {sentence.words(*state.span('part'))}",
                "unit": "%",
                "direction": "increase",
                "target": {"value": 100.0, "date": window.end},
                "basis": _basis(sentence, (0, state.end("part"))),
                "description": sentence.words(0, state.end("part")),
            }
        ]
    days = [d for d in phrases.dates(low) if window.holds(d[0]) and d[1] not in ("na", "op")]
    if not days or _CHANGE.search(low):
        return []
    day, _, d_start, d_end = days[-1]
    spans = [(d_start, d_end)]
    base_value = None
    pair = _FROM_TO.search(low)
    if pair:
        goal, base_value = number_of(pair["v"]), number_of(pair["b"])
        spans.append(pair.span())
    else:
        base = _BASELINE.search(low)
        goals = [
            m
            for m in _PERCENT.finditer(low)
            if not (base and base.start() <= m.start() < base.end())
        ]
        if not goals:
            return []
        goal = number_of(goals[0]["v"])
        spans.append(goals[0].span())
        if base:
            base_value = number_of(base["b"])
            spans.append(base.span())
    if goal > 100 or not all(sentence.free(*s) for s in spans):
        return []
    down = (base_value is not None and base_value > goal) or bool(_DOWN.search(low))
    indicator, named = _threshold_indicator(sentence, measure_text)
    data: Data = {
        "kind": "threshold",
        "indicator": indicator,
        "name": indicator if named else "",
        "unit": "%",
        "direction": "decrease" if down else "increase",
        "target": {"value": goal, "date": day},
        "basis": _basis(sentence, *spans),
    }
    if base_value is not None and window.now < day:
        data["baseline"] = {"value": base_value, "date": window.now}
    for span in spans:
        sentence.take(*span)
    return [data]


def number_of(text: str) -> float:
    return phrases.number(text)


def _threshold_indicator(sentence: Sentence, measure_text: str) -> tuple[str, bool]:
    """What a threshold measures: named in the sentence ("het percentage ..."), else the
    measure's text (and then not named: the id is the kind's)."""
    named = _INDICATOR.search(sentence.low)
    if named:
        words = re.match(
            r"[\w' -]+?(?=\s+(?:is|zijn|wordt|stijgt|daalt|van|naar|tot)\b|[,.(]|$)",
            sentence.low[named.end() :],
        )
        if words and words[0].strip():
            return sentence.words(named.end(), named.end() + len(words[0])), True
    first = " ".join(measure_text.split()).split(". ")[0].rstrip(" .") or sentence.words(
        0, len(sentence.text)
    )
    return (first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0]), False
