"""Several programmes together: a workspace.

An ``avp.toml`` may list several programmes (``programmes = ["a.yaml", "regio/*.yaml"]``,
besides or instead of ``programme = "x.yaml"``); ``avp list``, ``avp report`` and ``avp
targets`` then work across all of them, the way a police team, the RIEC or a safety region
sees its measures in many municipalities.

>>> from avp.workspace import Workspace
>>> workspace = Workspace.open(programmes=["Brielle"])   # doctest: +SKIP
>>> [workspace.name(p) for p in workspace.projects]      # doctest: +SKIP

With ``--file`` or ``AVP_FILE`` (or an avp.toml of one programme, or none) the workspace is
that one programme, exactly as :meth:`avp.project.Project.open` finds it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from avp.base.problems import NotFoundError, UsageError
from avp.base.text import fold
from avp.programme.discovery import ENV_VAR, ProgrammeSource, find_config, read_workspace
from avp.programme.load import load_programme
from avp.programme.names import display_names
from avp.programme.query import Filters, ProgrammeIndex
from avp.project import Project
from avp.storage.files import display_path, resolved
from avp.yamlio.pause import gc_paused


@gc_paused
def _load(config: Path, members: Sequence[Path], *, twins: bool = False) -> list[Project]:
    """The programmes of an avp.toml, each read and validated (from the cache when it
    can be), with the cycle collector paused until all are read: they live as long as
    the command and hold no cycles to collect."""
    source = str(config)
    return [
        Project(
            ProgrammeSource(path, source, config),
            load_programme(path, twins=twins),
            twins=twins,
        )
        for path in members
    ]


class Workspace:
    """The programmes a command works on, each with its name (:meth:`name`).

    ``projects``: the programmes with their logs (:class:`avp.project.Project`), sorted by
    path. ``several``: whether the avp.toml lists more than one programme (before
    ``--programme`` narrowed it): the commands then show a ``programme`` column.
    """

    def __init__(self, projects: list[Project], names: list[str], *, several: bool = False) -> None:
        self.projects = projects
        self.names = names
        self.several = several

    @classmethod
    def open(
        cls,
        file: Path | str | None = None,
        *,
        cwd: Path | None = None,
        environ: Mapping[str, str] | None = None,
        programmes: Sequence[str] = (),
        log: Path | str | None = None,
        twins: bool = False,
    ) -> Workspace:
        """The programmes of ``file`` (one), else of ``AVP_FILE`` (one), else of the nearest
        avp.toml (its ``programme`` and ``programmes``), else the bundled one.

        ``programmes``: names (``--programme``) that narrow it: a programme's name,
        municipality, title or file name, case and accents ignored; UsageError listing the
        names for one that matches none. ``log`` (``--log``) only with one programme.
        ``twins``: as in :meth:`avp.project.Project.open` (for commands that only read).
        """
        environ = os.environ if environ is None else environ
        config = None
        if file is None and not environ.get(ENV_VAR):
            config = find_config(resolved(cwd or Path.cwd()))
        members = read_workspace(config).programmes if config is not None else ()
        if config is None or len(members) == 1:
            single = Project.open(file, cwd=cwd, environ=environ, log=log, twins=twins)
            workspace = cls([single], display_names([(single.programme, single.path)]))
        else:
            if log is not None:
                raise UsageError(
                    f"--log names the log of one programme, and {display_path(config)} lists "
                    f"{len(members)}; add --file PATH to choose the programme"
                )
            projects = _load(config, members, twins=twins)
            names = display_names([(p.programme, p.path) for p in projects])
            workspace = cls(projects, names, several=True)
        return workspace.narrowed(programmes) if programmes else workspace

    def name(self, project: Project) -> str:
        """The name of one of the workspace's programmes ("Westvoorne")."""
        return self.names[self.projects.index(project)]

    def named(self) -> list[tuple[str, Project]]:
        """Each programme with its name, in order."""
        return list(zip(self.names, self.projects, strict=True))

    def narrowed(self, wanted: Iterable[str]) -> Workspace:
        """Only the programmes one of ``wanted`` names (OR): by name, municipality, title
        or file name (with or without .yaml), case and accents ignored."""
        wanted = [w for w in wanted if w.strip()]
        keys = {fold(w.strip()): w for w in wanted}
        chosen = []
        found: set[str] = set()
        for name, project in self.named():
            meta = project.programme.programme
            own = {fold(x) for x in (name, meta.municipality, meta.title)}
            own |= {fold(project.path.name), fold(project.path.stem)}
            hits = own.intersection(keys)
            if hits:
                chosen.append((name, project))
                found |= hits
        missing = [keys[k] for k in keys if k not in found]
        if missing:
            names = ", ".join(self.names)
            raise UsageError(
                f"--programme {missing[0]!r} names no programme of this workspace; choose "
                f"from: {names} (a name, municipality, title or file name)"
            )
        return Workspace([p for _, p in chosen], [n for n, _ in chosen], several=self.several)

    def filtered(self, filters: Filters) -> list[tuple[str, Project, Filters]]:
        """The programmes where ``filters`` can select something, each with the filters as
        they apply there (:func:`narrow_filters`).

        With one programme: it, with ``filters`` unchanged (what cannot be found there is
        the error :func:`avp.programme.query.select` gives). With several, a field, theme,
        partner or measure needs to be found in one programme only; NotFoundError for one
        that is in none.
        """
        if len(self.projects) == 1:
            return [(self.names[0], self.projects[0], filters)]
        chosen = []
        errors: dict[str, NotFoundError] = {}
        found: set[str] = set()
        for name, project in self.named():
            narrowed = narrow_filters(project.index, filters, errors, found)
            if narrowed is not None:
                chosen.append((name, project, narrowed))
        missing = [value for value in errors if value not in found]
        if missing:
            raise NotFoundError(
                f"{errors[missing[0]].message} (in none of the {len(self.projects)} "
                "programmes of this workspace)"
            )
        return chosen


#: The filters that name things a programme may lack, and how its index finds them.
_LOOKUPS = ("fields", "themes", "partners", "measures")


def narrow_filters(
    index: ProgrammeIndex,
    filters: Filters,
    errors: dict[str, NotFoundError],
    found: set[str],
) -> Filters | None:
    """``filters`` with only the fields, themes, partners and measures this programme has
    (a partner by id, name or alias); None when one of those filters is given and none of
    its values is here. ``found`` gets the values found, ``errors`` the first error of each
    value not found."""
    finders = {
        "fields": index.field,
        "themes": index.theme,
        "partners": index.partner,
        "measures": index.measure,
    }
    changes: dict[str, list[str]] = {}
    for kind in _LOOKUPS:
        values: list[str] = getattr(filters, kind)
        kept = []
        for value in values:
            key = f"{kind}:{value}"
            try:
                finders[kind](value)
            except NotFoundError as exc:
                # Kept for its message, without the frames it was raised in: they hold the
                # caller's frame (a report's programmes) in a cycle only the collector frees.
                errors.setdefault(key, exc.with_traceback(None))
                continue
            found.add(key)
            kept.append(value)
        if values and not kept:
            return None
        changes[kind] = kept
    return replace(
        filters,
        fields=changes["fields"],
        themes=changes["themes"],
        partners=changes["partners"],
        measures=changes["measures"],
    )
