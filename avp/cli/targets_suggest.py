"""``avp targets suggest`` and ``avp targets accept``: targets proposed from a measure's words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from avp.cli.common import (
    FileOpt,
    FormatOpt,
    complete_measure,
    echo_err,
    handle_errors,
    open_project,
)
from avp.render.formats import OutputFormat
from avp.render.output import Column

if TYPE_CHECKING:
    from avp.project import Project
    from avp.targets.models import TargetModel


SUGGEST_COLUMNS = [
    Column("measure", "measure", no_wrap=True),
    Column("target", "target", no_wrap=True, max_width=18),
    Column("kind", "kind", no_wrap=True),
    Column("norm", "norm", ratio=2),
    Column("basis", "basis", ratio=3),
    Column("description", "description", table=False),
    Column("written", "written", table=False),
]


def norm(target: TargetModel) -> str:
    """The numbers of a target in a few English words: '2 per year', '100% per two_years'."""
    data = target.model_dump(mode="json", exclude_none=True)
    kind = target.kind
    if kind == "frequency":
        text = f"{data['count']} per {data['per']}"
    elif kind == "coverage":
        share = data.get("percent")
        text = (
            f"{share:g}% of {data['population']} per {data['per']}"
            if share is not None
            else f"{data['per_occasion']} {data['population']} per occasion"
        )
    elif kind == "threshold":
        goal = data["target"]
        text = f"{data['direction']} to {goal['value']:g}{data['unit']} by {goal['date']}"
        if "baseline" in data:
            base = data["baseline"]
            text += f" (from {base['value']:g}{data['unit']} on {base['date']})"
    elif kind == "comparison":
        text = f"{data['relation']} {data['reference']} per {data['per']}"
        text += " (running total)" if data["accumulates"] else ""
    else:
        text = f"by {data['due']}"
    if data.get("start"):
        text += f" from {data['start']}"
    if data.get("end"):
        text += f" until {data['end']}"
    return text


def proposals(project: Project, measure_id: str | None) -> dict[str, list[TargetModel]]:
    """The proposals by measure id: for ``measure_id`` (besides its own targets), else for
    every measure without targets that is not dropped."""
    from avp.base.problems import UsageError  # lazy
    from avp.targets.suggest import same_norm, suggest_targets  # lazy

    programme = project.programme
    info = programme.programme
    adopted = info.adopted.date if info.adopted else None
    if measure_id is not None:
        level, _ = project.index.owner(measure_id)
        if level != "measure":
            raise UsageError(
                f"{measure_id} is a {level}; targets are suggested for measures: give a "
                "measure's id, or none for every measure without targets"
            )
    found: dict[str, list[TargetModel]] = {}
    for _, _, measure in programme.measures():
        if measure_id is not None and measure.id != project.index.owner(measure_id)[1].id:
            continue
        if measure_id is None and (measure.targets or measure.dropped):
            continue
        own = list(measure.targets)
        new = [
            p
            for p in suggest_targets(
                measure.text,
                measure.result or "",
                info.period,
                adopted=adopted,
                taken=[t.id for t in own],
            )
            if not any(same_norm(p, t) for t in own)
        ]
        if new:
            found[measure.id] = new
    return found


@handle_errors
def suggest(
    measure_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A measure: its proposals (besides the targets it has). Default: every "
            "measure without targets.",
            autocompletion=complete_measure,
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Add the proposals to the programme file, marked 'suggested: true' (the rest "
            "of the file stays as it is).",
        ),
    ] = False,
    format: FormatOpt = OutputFormat.table,
    file: FileOpt = None,
) -> None:
    """Propose typed targets from the words of measures and their results.

    Reads each measure's text and result for the phrases norms are stated in ('twee keer
    per jaar', 'elk weekend', 'alle ... worden jaarlijks gecontroleerd', 'Eind 2022 is 10%
    bereikt (op dit moment 9,2)', 'in juni 2021', 'gelijk of hoger dan het voorgaande
    jaar') and proposes a frequency, coverage, threshold, comparison or deliverable for
    each, with the words it rests on. --write adds them to the programme file with
    'suggested: true': they are judged like other targets and marked as proposals until
    'avp targets accept' removes the mark. Check every proposal before accepting it.

    \b
    Examples (use the ids of your own programme):
      avp targets suggest
      avp targets suggest 2.3.4 --format json
      avp targets suggest --write
    """
    from avp.render.output import emit  # lazy

    project = open_project(file)
    found = proposals(project, measure_id)
    if not found:
        echo_err("no targets to suggest" + (f" for {measure_id}" if measure_id else ""))
        return
    if write:
        project.add_targets(found)
        count = sum(len(v) for v in found.values())
        echo_err(
            f"added {count} suggested target{'s' * (count != 1)} to {len(found)} "
            f"measure{'s' * (len(found) != 1)} in {project.path}; check them, then run "
            "'avp targets accept ID' for each measure whose proposals you keep"
        )
    records: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    for measure, targets in found.items():
        for target in targets:
            record = {
                "measure": measure,
                "target": target.id,
                "kind": target.kind,
                "norm": norm(target),
                "basis": target.basis,
                "description": target.description,
                "written": write,
            }
            records.append(record)
            data.append({**record, "data": target.model_dump(mode="json", exclude_none=True)})
    emit(records, SUGGEST_COLUMNS, format, title="Suggested targets", json_value=data)


@handle_errors
def accept(
    measure_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The measure whose suggested targets to accept.",
            autocompletion=complete_measure,
        ),
    ],
    target: Annotated[
        str | None,
        typer.Argument(
            metavar="[TARGET]",
            help="The id of one suggested target. Default: all of the measure's.",
            show_default=False,
        ),
    ] = None,
    file: FileOpt = None,
) -> None:
    """Accept suggested targets: remove 'suggested: true' from them in the programme file.

    The rest of the file stays as it is; the file is checked before it is replaced. Edit a
    proposal first if its numbers are not right, or delete it if it is wrong.

    \b
    Examples (use the ids of your own programme):
      avp targets accept 2.3.4
      avp targets accept 2.3.4 frequentie
    """
    project = open_project(file)
    level, item = project.index.owner(measure_id)
    if level != "measure":
        from avp.base.problems import UsageError  # lazy

        raise UsageError(f"{measure_id} is a {level}; only measures have suggested targets")
    ids = project.accept_targets(item.id, target)
    typer.echo(f"accepted {', '.join(ids)} of measure {item.id} in {project.path}")
