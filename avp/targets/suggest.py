"""Suggested targets: typed norms proposed from a measure's Dutch text and result.

:func:`suggest_targets` is the stable entry point (``avp targets suggest``, ``avp import
--suggest-targets``). It reads each sentence for the phrases Dutch municipal programmes
state norms in and proposes a target for each, marked ``suggested: true`` and carrying
the words it rests on in ``basis``:

- frequency: "twee keer per jaar", "minimaal 4 keer per jaar", "eens per twee jaar",
  "elk half jaar", "elk weekend", "wekelijks", "meermaals per jaar" (at least two);
- coverage: "alle opkopers worden jaarlijks gecontroleerd", "elke horecaonderneming
  minimaal één keer per jaar", "voor alle B en C evenementen", "70% van alle
  deelprocessen", "per controle minimaal 5 ondernemingen";
- threshold: "Eind 2022 is 10% bereikt (op dit moment 9,2)", "van 9,2% naar 10% in
  2022", and "alle opkopers zijn geregistreerd" beside a recurring clause;
- comparison: "het aantal klachten is afgenomen", "gelijk of hoger dan het voorgaande
  jaar", "kleiner of gelijk aan 2020";
- deliverable: "een concreet voorstel ... in juni 2021", "in 2021 een convenant ...
  afgesloten".

A proposal is a draft: the numbers come from the words, the descriptions are the sentence,
and a person accepts or edits it (``avp targets accept``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from avp.targets import phrases
from avp.targets.models import Target, TargetModel
from avp.targets.suggest_counts import coverages, deliverables, frequencies
from avp.targets.suggest_rules import Sentence, Window, comparisons, thresholds


class PeriodLike(Protocol):
    """Anything with a ``start`` and an ``end`` date (the programme's period)."""

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\u00c0-\u00de(\"'‘“])|\n\s*\n|\n\s*[-•*]\s+")


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` (abbreviations such as 'o.a.' and 'm.b.t.' do not split)."""
    parts = (" ".join(p.split()) for p in _SPLIT.split(text or ""))
    return [Sentence(p, phrases.folded(p)) for p in parts if p]


_ADAPTER: TypeAdapter[Any] = TypeAdapter(Target)

_KIND_IDS = {
    "frequency": "frequentie",
    "threshold": "streefwaarde",
    "comparison": "vergelijking",
    "coverage": "dekking",
    "deliverable": "oplevering",
}

_CUT = re.compile(r"\s(?:van|over|met|in|op|voor|aan|tot|bij|omtrent|met betrekking tot)\s")


def target_id(kind: str, name: str, taken: Iterable[str]) -> str:
    """A free id: the head noun of ``name`` ('klachten' of 'klachten over hondenpoep',
    'evenementen' of 'B en C evenementen'), else the kind's Dutch name, with ``-2``, ``-3``
    ... when taken."""
    head = _CUT.split(f" {phrases.folded(name)} ")[0].split()
    word = re.sub(r"[^a-z0-9-]", "", head[-1]).strip("-0123456789") if head else ""
    base = (word if len(word) > 2 else _KIND_IDS[kind])[:30].strip("-")
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _description(sentence: str) -> str:
    text = sentence.rstrip(" .;:")
    return text if len(text) <= 140 else text[:139].rsplit(" ", 1)[0] + " …"


def _numbers(data: dict[str, Any]) -> tuple[Any, ...]:
    skip = {"id", "description", "basis", "suggested", "indicator", "population"}
    return tuple(sorted((k, repr(v)) for k, v in data.items() if k not in skip))


def same_norm(one: TargetModel, other: TargetModel) -> bool:
    """Whether two targets state the same norm: kind and numbers (not ids or words)."""
    return one.kind == other.kind and _numbers(one.model_dump()) == _numbers(other.model_dump())


def suggest_targets(
    measure_text: str,
    result_text: str,
    period: PeriodLike | tuple[dt.date, dt.date],
    *,
    adopted: dt.date | None = None,
    taken: Iterable[str] = (),
) -> list[TargetModel]:
    """Targets proposed from a measure's text and result, each ``suggested: true``.

    ``period`` is the programme's (an object with ``start`` and ``end``, or a pair of
    dates); ``adopted`` the day the programme was adopted, the date of a baseline stated as
    "op dit moment" (default: the start of the period); ``taken`` the target ids the
    measure already has. Every proposal is a valid target of :data:`Target`; the same norm
    stated in both texts is proposed once.
    """
    start, end = period if isinstance(period, tuple) else (period.start, period.end)
    window = Window(start, end, adopted or start)
    ids = list(taken)
    seen: set[tuple[Any, ...]] = set()
    found: list[TargetModel] = []
    for text in (measure_text, result_text):
        fresh: set[tuple[Any, ...]] = set()
        for sentence in sentences(text):
            for data in _proposals(sentence, window, measure_text):
                key = _numbers(data)
                if key in seen:
                    continue
                fresh.add(key)
                name = data.pop("name", None)  # what the id is made of, when not the indicator
                if name is None:
                    name = data.get("population") or data.get("indicator") or ""
                data["id"] = target_id(data["kind"], name, ids)
                data.setdefault("description", _description(sentence.text))
                data["suggested"] = True
                try:
                    target = _ADAPTER.validate_python(data)
                except ValidationError:
                    continue
                ids.append(target.id)
                found.append(target)
        seen |= fresh
    return found


def _proposals(sentence: Sentence, window: Window, measure_text: str) -> list[dict[str, Any]]:
    """Every proposal in one sentence, the most specific phrases first."""
    found: list[dict[str, Any]] = []
    for rule in (thresholds, comparisons, coverages, frequencies, deliverables):
        found += rule(sentence, window, measure_text)
    return found
