"""How well ``avp targets suggest`` finds the hand-made targets of the bundled programme.

For each measure of data/programma-2021-2022.yaml, the suggester reads its text and result
(without its targets) and proposes targets. A hand-made target is *found* when a proposal
of the same kind has the same numbers: count and period (frequency); share or minimum per
occasion and period (coverage); target value and date, baseline value and direction
(threshold); relation, reference, period and running total (comparison); due date
(deliverable); and the same window (start, end). A measure is found when all its targets
are. Measures without hand-made targets should get no proposal: each one that does is a
*false proposal*.

    python benchmarks/suggest_targets.py            # the figures and a table of misses
    python benchmarks/suggest_targets.py --all      # also every proposal, measure by measure
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from avp.programme.load import load_programme  # noqa: E402
from avp.targets.models import TargetModel  # noqa: E402
from avp.targets.suggest import suggest_targets  # noqa: E402

BUNDLED = ROOT / "data" / "programma-2021-2022.yaml"

#: The fields that make a target's numbers, per kind (ids, words and names aside).
NUMBERS = {
    "frequency": ("count", "per", "start", "end"),
    "coverage": ("percent", "per_occasion", "per", "start", "end"),
    "threshold": ("direction", "target", "baseline"),
    "comparison": ("relation", "reference", "per", "accumulates", "start", "end"),
    "deliverable": ("due",),
}


def numbers(target: TargetModel, period: Any) -> tuple[Any, ...]:
    data = target.model_dump()
    data["start"] = data.get("start") or period.start
    data["end"] = data.get("end") or period.end
    return (target.kind, *(repr(data.get(key)) for key in NUMBERS[target.kind]))


@dataclass
class Figures:
    measures: int = 0  # measures with hand-made targets
    measures_found: int = 0
    targets: int = 0
    targets_found: int = 0
    without: int = 0  # measures without hand-made targets
    false_proposals: int = 0  # of those, how many get a proposal
    extra: int = 0  # proposals on measures with targets that match none
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false: list[tuple[str, str]] = field(default_factory=list)
    proposals: dict[str, list[TargetModel]] = field(default_factory=dict)


def measure(path: Path = BUNDLED) -> Figures:
    programme = load_programme(path)
    period = programme.programme.period
    adopted = programme.programme.adopted.date if programme.programme.adopted else None
    figures = Figures()
    for _, _, m in programme.measures():
        proposals = suggest_targets(m.text, m.result or "", period, adopted=adopted)
        figures.proposals[m.id] = proposals
        if not m.targets:
            figures.without += 1
            if proposals:
                figures.false_proposals += 1
                figures.false += [(m.id, f"{p.kind}: {p.basis}") for p in proposals]
            continue
        figures.measures += 1
        left = [numbers(p, period) for p in proposals]
        all_found = True
        for target in m.targets:
            figures.targets += 1
            key = numbers(target, period)
            if key in left:
                left.remove(key)
                figures.targets_found += 1
            else:
                all_found = False
                close = [p for p in proposals if p.kind == target.kind]
                got = "; ".join(" ".join(k for k in numbers(p, period)[1:]) for p in close)
                figures.misses.append((m.id, target.id, f"want {' '.join(key)}; got {got or '-'}"))
        figures.extra += len(left)
        figures.measures_found += all_found
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all", action="store_true", help="show every proposal")
    args = parser.parse_args(argv)
    f = measure()
    print(f"measures with hand-made targets found: {f.measures_found} of {f.measures}")
    print(f"hand-made targets found:               {f.targets_found} of {f.targets}")
    print(f"measures without targets given a (false) proposal: {f.false_proposals} of {f.without}")
    print(f"proposals beyond the hand-made targets on modelled measures: {f.extra}")
    if f.misses:
        print("\nmisses (measure, target, what was wanted and what came):")
        for measure_id, target_id, why in f.misses:
            print(f"  {measure_id:<7} {target_id:<16} {why}")
    if f.false:
        print("\nfalse proposals:")
        for measure_id, what in f.false:
            print(f"  {measure_id:<7} {what}")
    if args.all:
        print("\nall proposals:")
        for measure_id, proposals in f.proposals.items():
            for p in proposals:
                print(f"  {measure_id:<7} {p.id:<16} {p.kind:<11} {p.basis}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
