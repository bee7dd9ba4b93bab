"""``import_documents``: adopted documents -> a programme's YAML text, what to review, and
the cells that could not be placed. ``avp import`` and ``avp init --from`` call it.

Metadata the document does not give (the title and period are looked for in its text)
comes from the options, else from the ``partners_from`` programme, else placeholders
(``(in te vullen)``, the current year) that validate and are listed in the review.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avp.base.problems import DataError, UsageError
from avp.importing.blocks import Block, Paragraph
from avp.importing.build import Built, build
from avp.importing.emit import schema_reference, to_yaml
from avp.importing.grouping import ungroup
from avp.importing.partners import PartnerIndex
from avp.importing.verbatim import missing_cells
from avp.storage.files import display_path

if TYPE_CHECKING:
    from avp.programme.models import Programme

PLACEHOLDER = "(in te vullen)"
READERS = {".txt": "txt", ".tsv": "txt", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv"}
TITLE = re.compile(r"programma|plan|beleid", re.IGNORECASE)
YEARS = re.compile(
    r"(?<![0-9])(?P<start>(?:19|20)[0-9]{2})(?:\s*[-–]\s*(?P<end>(?:19|20)[0-9]{2}))?(?![0-9])"
)
ABBREVIATION = re.compile(r"(?<![\w&])[A-Z][A-Z&]*[A-Z](?![\w&])")


@dataclass(frozen=True)
class ImportResult:
    yaml_text: str  # the programme as YAML text; it validates
    review: list[str]  # one line per item to review
    unplaced: list[str]  # source cells it could not place (non-empty: the command exits 1)


def read_blocks(path: Path) -> list[Block]:
    """The blocks of one file, by the reader for its suffix."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    module_name = READERS.get(suffix)
    if module_name is None:
        known = ", ".join(sorted(READERS))
        raise UsageError(
            f"{shown}: cannot read {suffix or 'files without a suffix'}; give one of {known}"
        )
    if not path.is_file():
        raise UsageError(f"{shown}: no such file" if not path.exists() else f"{shown}: not a file")
    module = importlib.import_module(f"avp.importing.readers.{module_name}")  # lazy
    blocks: list[Block] = module.read(path)
    return blocks


def _registry() -> list[Any]:
    """avp's registry of the usual partners."""
    from avp.importing.registry import load_registry  # lazy

    return list(load_registry())


def _partner_index(previous: Programme | None) -> PartnerIndex:
    index = PartnerIndex()
    if previous is not None:
        for partner in previous.partners:
            index.add(partner.model_dump(mode="json", exclude_defaults=True), "programme")
    for partner in _registry():
        index.add(partner.model_dump(mode="json", exclude_defaults=True), "registry")
    return index


def _found_title(blocks: list[Block]) -> str | None:
    candidates = [
        b.text
        for b in blocks
        if isinstance(b, Paragraph)
        and len(b.text) <= 120
        and TITLE.search(b.text)
        and YEARS.search(b.text)
        and "\t" not in b.text
        and not b.text.endswith((".", ":"))
    ]
    mixed = [c for c in candidates if not c.isupper()]
    chosen = mixed or candidates
    return chosen[0] if chosen else None


def import_documents(
    sources: list[Path],
    *,
    partners_from: Path | None = None,
    municipality: str | None = None,
    title: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    lang: str = "nl",
    output_dir: Path | None = None,
    suggest: bool = False,
    adopted: dt.date | None = None,
    adopted_by: str | None = None,
    source: str | None = None,
) -> ImportResult:
    """The programme in ``sources`` (read in order, as one document), for a file to be
    written in ``output_dir`` (default: the working directory; it decides the ``$schema``
    line); with ``suggest``, proposed targets (``suggested: true``) on the measures whose
    texts state a norm. ``adopted``, ``adopted_by`` and ``source`` (not in the tables)
    are used as given; what is not given is a placeholder the review names."""
    output_dir = Path.cwd() if output_dir is None else output_dir
    if not sources:
        raise UsageError("no source document given; name the adopted document to import")
    previous = None
    if partners_from is not None:
        from avp.programme.load import load_programme  # lazy

        previous = load_programme(partners_from)
    blocks = ungroup([block for source in sources for block in read_blocks(source)])
    index = _partner_index(previous)
    built = build(blocks, index)
    if not built.fields:
        raise DataError(
            f"{', '.join(display_path(s) for s in sources)}: no table with a measure column "
            "(Maatregel, Actie, Activiteit, ...) found; nothing to import"
        )
    review: list[str] = []
    meta = _metadata(
        blocks,
        sources,
        previous,
        review,
        municipality=municipality,
        title=title,
        start=start,
        end=end,
        lang=lang,
        given={"adopted": adopted, "adopted_by": adopted_by, "source": source},
    )
    data = _programme(meta, built, index, previous, review)
    if suggest:
        _suggest(data, review)
    schema, exists = schema_reference(output_dir)
    if not exists:
        review.append(
            f"$schema points at {schema}, which does not exist yet: avp schema > {schema}"
        )
    names = ", ".join(s.name for s in sources)
    text = to_yaml(data, schema, [f"Imported by avp import from {names}; review it."])
    _check(text)
    review += built.review
    unplaced = list(built.unplaced) + missing_cells(_reload(text), built.cells)
    return ImportResult(text, review, unplaced)


def _metadata(
    blocks: list[Block],
    sources: list[Path],
    previous: Programme | None,
    review: list[str],
    *,
    municipality: str | None,
    title: str | None,
    start: dt.date | None,
    end: dt.date | None,
    lang: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    old = previous.programme if previous is not None else None
    found_title = _found_title(blocks)
    if title is None:
        title = found_title or (old.title if old else None)
        if title is None:
            title = PLACEHOLDER
            review.append(
                f"programme.title is a placeholder {PLACEHOLDER!r}: fill it in (or give --title)"
            )
        elif found_title is None:
            review.append(f"programme.title taken from the --partners-from programme: {title!r}")
    years = YEARS.search(found_title or "")
    if start is None:
        if years:
            start = dt.date(int(years["start"]), 1, 1)
        elif old:
            start = old.period.start
            review.append("programme.period.start taken from the --partners-from programme")
        else:
            start = dt.date(dt.date.today().year, 1, 1)
            review.append(f"programme.period.start is a placeholder ({start}): give --start")
    if end is None:
        if years:
            end = dt.date(int(years["end"] or years["start"]), 12, 31)
        elif old:
            end = old.period.end
            review.append("programme.period.end taken from the --partners-from programme")
        else:
            end = dt.date(start.year, 12, 31)
            review.append(f"programme.period.end is a placeholder ({end}): give --end")
    if end < start:
        raise UsageError(
            f"the period ends ({end}) before it starts ({start}); give --start and --end"
        )
    if municipality is None:
        municipality = old.municipality if old else PLACEHOLDER
        review.append(
            f"programme.municipality: {municipality!r}"
            + (" (from --partners-from)" if old else ": fill it in or give --municipality")
        )
    adopted = {"date": given.get("adopted"), "body": given.get("adopted_by")}
    if None in adopted.values() and old is not None:
        adopted = {
            "date": adopted["date"] or old.adopted.date,
            "body": adopted["body"] or old.adopted.body,
        }
        review.append(
            f"programme.adopted taken from the --partners-from programme where not given "
            f"({adopted['date']}, {adopted['body']}): check it"
        )
    elif None in adopted.values():
        adopted = placeholder_adoption(adopted["date"], adopted["body"], start, review)
    return {
        "municipality": municipality,
        "title": title,
        "period": {"start": start, "end": end},
        "adopted": adopted,
        "source": given.get("source") or ", ".join(s.name for s in sources),
        "language": lang,
    }


def placeholder_adoption(
    date: dt.date | None, body: str | None, start: dt.date, review: list[str]
) -> dict[str, Any]:
    """The adoption as given; what is not given is a placeholder (the date: ``start``; who
    adopted it: :data:`PLACEHOLDER`) that validates and that ``review`` names. ``avp init
    --from`` and ``avp successor`` write a new programme's adoption with it."""
    if date is None or body is None:
        missing = " and ".join(
            what for what, value in (("the date", date), ("who adopted it", body)) if value is None
        )
        review.append(f"programme.adopted is a placeholder: fill in {missing}")
    return {"date": date or start, "body": body or PLACEHOLDER}


def _programme(
    meta: dict[str, Any],
    built: Built,
    index: PartnerIndex,
    previous: Programme | None,
    review: list[str],
) -> dict[str, Any]:
    labels = dict(built.labels)
    result = labels.get("result")
    if result is not None and result.casefold() == f"resultaat {meta['period']['end'].year}":
        del labels["result"]
    if labels:
        meta["labels"] = labels
    if built.positional:
        meta["enable"] = ["id-position"]
    used = {
        p
        for f in built.fields
        for t in f["themes"]
        for m in t["measures"]
        for p in m.get("partners", [])
    }
    # The parents of the partners used (brandweer -> veiligheidsregio), so that they resolve.
    for pid in list(used):
        parent = index.partners.get(pid, {}).get("parent")
        while parent is not None and parent in index.partners and parent not in used:
            used.add(parent)
            parent = index.partners[parent].get("parent")
    partners = [
        p for pid, p in index.partners.items() if index.origin[pid] == "programme" or pid in used
    ]
    for pid in index.partners:
        if index.origin[pid] == "registry" and pid in used:
            review.append(f"partner {pid!r} ({index.partners[pid]['name']}) from avp's registry")
    if not partners:
        partners = [{"id": "gemeente", "name": meta["municipality"]}]
        review.append("no partners found; added 'gemeente' so that the file validates")
    glossary = (
        [e.model_dump(mode="json", exclude_defaults=True) for e in previous.glossary]
        if previous is not None
        else []
    )
    terms = {e["term"] for e in glossary}
    texts = " ".join(
        s
        for f in built.fields
        for t in f["themes"]
        for s in [f["name"], t["name"], t["goal"]]
        + [v for m in t["measures"] for v in (m["text"], m.get("result") or "")]
    )
    for abbreviation in sorted(set(ABBREVIATION.findall(texts)) - terms):
        review.append(f"abbreviation {abbreviation} has no glossary entry: add one")
    fields = [
        {**f, "themes": [{k: v for k, v in t.items() if k != "goal" or v} for t in f["themes"]]}
        for f in built.fields
    ]
    data: dict[str, Any] = {"programme": meta, "partners": partners}
    if glossary:
        data["glossary"] = glossary
    data["fields"] = fields
    return data


def _reload(text: str) -> dict[str, Any]:
    from ruamel.yaml import YAML  # lazy

    loaded: dict[str, Any] = YAML(typ="safe").load(text)
    return loaded


def _check(text: str) -> None:
    """The text validates, or a DataError (a bug of the import) says why."""
    from avp.programme.load import validate_text  # lazy

    errors = [p for p in validate_text(text, "<import>") if p.level == "error"]
    if errors:
        raise DataError(
            "the imported programme does not validate (a bug in avp import; please report it)",
            errors,
        )


def _suggest(data: dict[str, Any], review: list[str]) -> None:
    """Add proposed targets (``suggested: true``) to the measures without targets."""
    from avp.targets.suggest import suggest_targets  # lazy

    meta = data["programme"]
    period = (dt.date.fromisoformat(str(meta["period"]["start"])),
              dt.date.fromisoformat(str(meta["period"]["end"])))  # fmt: skip
    adopted = dt.date.fromisoformat(str(meta["adopted"]["date"]))
    for field in data["fields"]:
        for theme in field.get("themes", []):
            for measure in theme.get("measures", []):
                if measure.get("targets"):
                    continue
                found = suggest_targets(
                    measure["text"], measure.get("result") or "", period, adopted=adopted
                )
                if found:
                    measure["targets"] = [
                        t.model_dump(mode="json", exclude_defaults=True) | {"kind": t.kind}
                        for t in found
                    ]
                    ids = ", ".join(t.id for t in found)
                    review.append(f"measure {measure['id']}: suggested targets {ids}")
