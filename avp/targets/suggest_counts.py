"""Rules of :mod:`avp.targets.suggest` for counted norms: coverage, frequency, deliverable."""

from __future__ import annotations

import re
from typing import Any

from avp.targets import phrases
from avp.targets.phrases import COUNT, DECIMAL, FREQUENCY_PATTERNS, QUANTIFIER
from avp.targets.suggest_rules import Data, Sentence, Window, _basis, _years

_PATTERNS = [(re.compile(p), n) for p, n in FREQUENCY_PATTERNS]


def _frequencies(sentence: Sentence) -> list[tuple[int, str, int, int, bool]]:
    """Every free frequency phrase: (count, period unit, span, whether it names no thing
    counted), in the order of the text ("twee keer per jaar", not "twee acties per jaar")."""
    found: list[tuple[int, str, int, int, bool]] = []
    spans: list[tuple[int, int]] = []
    for pattern, fixed in _PATTERNS:
        for match in pattern.finditer(sentence.low):
            start, end = match.span()
            if not sentence.free(start, end) or any(not (end <= a or start >= b) for a, b in spans):
                continue
            groups = match.groupdict()
            if groups.get("a"):
                unit = phrases.ADVERBS[groups["a"]]
            elif groups.get("p"):
                unit = phrases.period_unit(groups["p"])
            else:
                unit = "two_years"  # "om het jaar"
            number = phrases.count(groups["n"]) if groups.get("n") else fixed
            if not number:
                continue
            bare = not groups.get("n") or bool(re.search(r"\b(?:keer|maal)\b", match[0]))
            found.append((number, unit, start, end, bare))
            spans.append((start, end))
    return sorted(found, key=lambda f: f[2])


# -- coverage ----------------------------------------------------------------------------

#: Words that end a population: verbs, prepositions, relative pronouns.
_STOP = frozenset(
    [
        "is",
        "zijn",
        "wordt",
        "worden",
        "werd",
        "werden",
        "heeft",
        "hebben",
        "die",
        "dat",
        "welke",
        "waar",
        "wanneer",
        "in",
        "binnen",
        "bij",
        "op",
        "omtrent",
        "met",
        "tijdens",
        "voor",
        "door",
        "om",
        "te",
        "tot",
        "naar",
        "na",
        "uit",
        "over",
        "onder",
        "zoals",
        "doorloopt",
        "doorlopen",
        "leggen",
        "legt",
        "krijgt",
        "krijgen",
        "vindt",
        "vinden",
        "houdt",
        "houden",
        "verricht",
        "verrichten",
        "voert",
        "voeren",
        "neemt",
        "nemen",
        "kan",
        "kunnen",
        "moet",
        "moeten",
        "mag",
        "mogen",
        "zal",
        "zullen",
        "en",
        "of",
    ]
)

#: Populations that are no population: "in alle gevallen".
_NOT_A_POPULATION = frozenset(
    ["gevallen", "opzichten", "tijden", "omstandigheden", "soorten", "vormen"]
)

#: Sentences that state an obligation, an expectation or an existence, not an act.
_NO_ACT = re.compile(r"^er (?:is|zijn)\b|\b(?:geacht|verplicht|kan|kunnen|mag|mogen|zou|zouden)\b")

_COMPOUND = re.compile(r"(?:naar aanleiding|ten behoeve|in het kader|op grond|vanwege) van $")


def _population(sentence: Sentence, start: int) -> tuple[str, int]:
    """The words of a population from ``start`` ('B en C evenementen', 'melding van een
    mogelijke hennepkwekerij'): up to a verb, preposition or participle, at most six words."""
    words: list[str] = []
    end = start
    for match in re.finditer(r"[\w'-]+|[^\w\s]", sentence.low[start:]):
        word = match[0]
        participle = len(word) > 5 and (
            (word.startswith("ge") and word[-1] in "dtn")
            or (re.match(r"(?:be|ver|ont|her)", word) is not None and word[-1] in "dt")
        )
        first = not words
        if (word in _STOP and not (word == "en" and len(words) == 1 and len(words[0]) == 1)) or (
            not first and participle
        ):
            break
        if not re.fullmatch(r"[\w'-]+", word) or len(words) == 6:
            break
        words.append(word)
        end = start + match.end()
    return sentence.words(start, end), end


def coverages(sentence: Sentence, window: Window, measure_text: str) -> list[Data]:
    """'Per controle minimaal 5 ondernemingen', '70% van alle deelprocessen', 'alle X'."""
    low = sentence.low
    found: list[Data] = []
    occasion = re.search(
        rf"\bper (?P<o>[a-z-]+)\s+(?:(?:zijn|worden|wordt|is)\s+)?"
        rf"(?:minimaal|minstens|ten minste|tenminste)\s+(?P<n>{COUNT})\s+(?P<pop>[\w-]+)",
        low,
    )
    periods = ("week", "maand", "kwartaal", "jaar", "weekend")
    if occasion and occasion["o"] not in periods and sentence.free(*occasion.span()):
        sentence.take(*occasion.span())
        found.append(
            {
                "kind": "coverage",
                "population": sentence.words(*occasion.span("pop")),
                "per_occasion": phrases.count(occasion["n"]),
                "basis": _basis(sentence, occasion.span()),
            }
        )
    share = re.search(rf"(?P<v>{DECIMAL})\s*(?:%|procent) van (?:alle |de |het )?", low)
    if share and sentence.free(*share.span()):
        population, end = _population(sentence, share.end())
        percent = phrases.number(share["v"])
        if population and 0 < percent <= 100:
            sentence.take(share.start(), end)
            found.append(
                {
                    "kind": "coverage",
                    "population": population,
                    "percent": percent,
                    **(_period(sentence, window, take=False) or {}),
                    "basis": _basis(sentence, (share.start(), end)),
                }
            )
    if _NO_ACT.search(low):
        return found
    for match in re.finditer(QUANTIFIER, low):
        before = low[: match.start()]
        if before.endswith("van ") and not _COMPOUND.search(before):
            continue
        population, end = _population(sentence, match.end())
        head = phrases.folded(population).split(" ")[0] if population else ""
        if not population or head in _NOT_A_POPULATION:
            continue
        if re.match(rf"(?:{phrases.PERIOD_NOUN})\b", low[match.end() :]):
            continue  # "elk jaar", "ieder weekend": a period, not a population
        taken = len(sentence.used)
        period = _period(sentence, window)
        if period is None:
            continue
        spans = [(match.start(), end), *sentence.used[taken:]]
        found.append(
            {
                "kind": "coverage",
                "population": population,
                "percent": 100.0,
                **period,
                "basis": _basis(sentence, *spans),
            }
        )
        break
    return found


def _period(sentence: Sentence, window: Window, *, take: bool = True) -> dict[str, Any] | None:
    """The period of a coverage: the sentence's own ("jaarlijks", "eens per twee jaar")
    when it states one activity, else a year; None when it counts more than one. ``take``:
    the coverage rests on the phrase, which states no activity of its own ("elke
    onderneming minimaal één keer per jaar"); else it is left for a frequency ("minimaal
    één crisisoefening per jaar voor zo'n 70% van alle deelprocessen")."""
    data = _years(sentence, window)
    for number, unit, start, end, bare in _frequencies(sentence):
        if number != 1 and take:
            return None
        if take or bare:
            sentence.take(start, end)
        return {"per": unit, **data}
    return {"per": "year", **data}


# -- frequency ---------------------------------------------------------------------------


def frequencies(sentence: Sentence, window: Window, measure_text: str) -> list[Data]:
    """'Twee keer per jaar', 'eens per twee jaar', 'elk weekend', 'wekelijks', ..."""
    found = []
    for number, unit, start, end, _ in _frequencies(sentence):
        sentence.take(start, end)
        found.append(
            {
                "kind": "frequency",
                "count": number,
                "per": unit,
                "basis": sentence.words(start, end),
                "description": _clause(sentence, start, end),
            }
        )
    if found:
        window_data = _years(sentence, window)
        for data in found:
            data.update(window_data)
    return found


def _clause(sentence: Sentence, start: int, end: int) -> str:
    """The clause around a phrase: the sentence cut at commas and ' en ' (for "één keer per
    week ..., één keer per maand ... en wekelijks ...")."""
    cuts = [
        m.end()
        for m in re.finditer(r",\s+| en (?=wekelijks|maandelijks|jaarlijks|\w+ keer)", sentence.low)
    ]
    left = max([c for c in cuts if c <= start], default=0)
    right = min([c for c in cuts if c > end], default=len(sentence.low))
    return sentence.words(left, right).removesuffix(" en")


# -- deliverable -------------------------------------------------------------------------

_PRODUCT = re.compile(
    r"\been\b(?:\s+[\w'-]+){0,4}?\s+(?:[\w-]*(?:voorstel|plan|convenant|notitie|nota|rapport"
    r"|rapportage|evaluatie|beleid|protocol|verordening|handboek|handleiding|visie|overeenkomst"
    r"|draaiboek|analyse|onderzoek|werkwijze|regeling|programma)\b|(?:[\w-]+\s+){0,6}?"
    r"(?:opgesteld|vastgesteld|afgesloten|opgeleverd|aangeboden|gepresenteerd|ontwikkeld"
    r"|ingevoerd|gerealiseerd|geimplementeerd|afgerond)\b)"
)


def deliverables(sentence: Sentence, window: Window, measure_text: str) -> list[Data]:
    """'een concreet voorstel ... in juni 2021', 'in 2021 een convenant ... afgesloten'."""
    product = _PRODUCT.search(sentence.low)
    if not product:
        return []
    for day, word, start, end in phrases.dates(sentence.low):
        if word in ("na", "op", "") or not window.holds(day) or not sentence.free(start, end):
            continue
        sentence.take(start, end)
        return [
            {
                "kind": "deliverable",
                "due": day,
                "basis": _basis(sentence, (start, end), product.span()),
            }
        ]
    return []
