"""The programme in data/ against the source document it was taken from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from ruamel.yaml import YAML

from avp.programme.models import Programme
from tests.conftest import ROOT
from tests.source_document import (
    SHARED_SOURCE_PATH,
    SOURCE_PATH,
    Field,
    SourceDocument,
    load_source,
    parse_source,
)

DATA_PATH = ROOT / "data" / "programma-2021-2022.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/programme.schema.json"

FIELDS = 5
THEMES = 22
MEASURES = 104

Data = dict[str, Any]


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def source() -> SourceDocument:
    return load_source(SOURCE_PATH)


def test_committed_source_is_the_shared_one() -> None:
    if not SHARED_SOURCE_PATH.is_file():
        pytest.skip("no shared/ checkout beside the repository")
    assert SOURCE_PATH.read_bytes() == SHARED_SOURCE_PATH.read_bytes()


@pytest.fixture(scope="module")
def data() -> Data:
    with DATA_PATH.open(encoding="utf-8") as stream:
        loaded: Data = YAML(typ="safe").load(stream)
    return loaded


def themes_of(data: Data) -> list[tuple[Data, Data]]:
    return [(field, theme) for field in data["fields"] for theme in field["themes"]]


def measures_of(data: Data) -> list[tuple[Data, Data, Data]]:
    return [
        (field, theme, measure) for field, theme in themes_of(data) for measure in theme["measures"]
    ]


# -- the file itself -------------------------------------------------------------------------


def test_file_starts_with_the_schema_comment() -> None:
    assert DATA_PATH.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_top_level_keys_in_order(data: Data) -> None:
    assert list(data) == ["programme", "introduction", "partners", "glossary", "fields"]


def test_validates_with_the_models(data: Data) -> None:
    programme = Programme.model_validate(data)
    assert len(programme.measures()) == MEASURES


# -- structure -------------------------------------------------------------------------------


def test_source_counts(source: SourceDocument) -> None:
    assert len(source.fields) == FIELDS
    assert len(source.themes) == THEMES
    assert len(source.rows) == MEASURES


def test_data_counts(data: Data) -> None:
    assert len(data["fields"]) == FIELDS
    assert len(themes_of(data)) == THEMES
    assert len(measures_of(data)) == MEASURES


def test_source_headings_match_its_table_of_contents(source: SourceDocument) -> None:
    headings = ["Inleiding"]
    for field in source.fields:
        headings.append(field.heading)
        headings.extend(theme.name for theme in field.themes)
    assert list(source.contents) == headings


def test_fields_match_source(source: SourceDocument, data: Data) -> None:
    assert [(field["id"], field["name"]) for field in data["fields"]] == [
        (field.number, field.name) for field in source.fields
    ]
    assert [field["id"] for field in data["fields"]] == list(range(1, FIELDS + 1))


def test_fields_match_the_list_in_the_introduction(source: SourceDocument, data: Data) -> None:
    listed = source.numbered_list("Zowel het IVP")
    assert [name.removesuffix(".").casefold() for name in listed] == [
        field["name"].casefold() for field in data["fields"]
    ]


def test_themes_match_source(source: SourceDocument, data: Data) -> None:
    assert [(field["id"], theme["name"]) for field, theme in themes_of(data)] == [
        (field.number, theme.name) for field, theme in source.themes
    ]


def test_goals_match_source(source: SourceDocument, data: Data) -> None:
    assert [collapse(theme["goal"]) for _, theme in themes_of(data)] == [
        collapse(theme.goal) for _, theme in source.themes
    ]


def test_goal_continued_below_the_first_row() -> None:
    """A Doel cell on a later line continues the goal; the rest of that line is a new row."""
    text = "\n".join(
        [
            "Veiligheidsveld 1: Veld",
            "",
            "Thema",
            "",
            "Doel\tMaatregel\tPartners\tResultaat 2022",
            "Eerste zin.\tMaatregel A.\tGemeente.\tResultaat A.",
            "Tweede zin.\tMaatregel B.\tPolitie.\tResultaat B.",
        ]
    )
    [field] = _parse_tables(text)
    [theme] = field.themes
    assert theme.goal == "Eerste zin. Tweede zin."
    assert [row.maatregel for row in theme.rows] == ["Maatregel A.", "Maatregel B."]


def test_rows_split_at_a_page_break_are_joined() -> None:
    text = "\n".join(
        [
            "Veiligheidsveld 2 Veld",
            "Thema\t\t\t",
            "Doel\tMaatregel\tPartners\tResultaat 2022",
            "Doel.\tDe maatregel loopt\tGemeente en\tHet resultaat",
            "",
            "\tdoor.\tpolitie.\tis er.",
            "\t<p>Een.</p> <p>Twee.</p>\tGemeente.\t<p>Drie.</p>",
        ]
    )
    [field] = _parse_tables(text)
    assert (field.number, field.name) == (2, "Veld")
    [theme] = field.themes
    first, second = theme.rows
    assert (first.maatregel, first.partners_cell, first.resultaat) == (
        "De maatregel loopt door.",
        "Gemeente en politie.",
        "Het resultaat is er.",
    )
    assert (second.maatregel, second.resultaat) == ("Een.\n\nTwee.", "Drie.")


def _parse_tables(text: str) -> tuple[Field, ...]:
    preamble = "Inhoud\n\nVeiligheidsveld 1: Veld.....\t1\n\nInleiding\n\nTekst.\n\n"
    return parse_source(preamble + text).fields


# -- ids -------------------------------------------------------------------------------------


def test_theme_ids_are_strings_in_order(data: Data) -> None:
    for field in data["fields"]:
        ids = [theme["id"] for theme in field["themes"]]
        assert ids == [f"{field['id']}.{n}" for n in range(1, len(ids) + 1)]
        assert all(isinstance(theme_id, str) for theme_id in ids)


def test_measure_ids_are_field_theme_n_in_order(data: Data) -> None:
    for _, theme in themes_of(data):
        ids = [measure["id"] for measure in theme["measures"]]
        assert ids == [f"{theme['id']}.{n}" for n in range(1, len(ids) + 1)]


def test_ids_are_unique(data: Data) -> None:
    for ids in (
        [theme["id"] for _, theme in themes_of(data)],
        [measure["id"] for _, _, measure in measures_of(data)],
        [partner["id"] for partner in data["partners"]],
        [entry["term"] for entry in data["glossary"]],
    ):
        assert len(ids) == len(set(ids))


# -- measures --------------------------------------------------------------------------------


def paired_rows(source: SourceDocument, data: Data) -> Iterator[tuple[str, Any, Data]]:
    rows = source.rows
    measures = measures_of(data)
    assert len(rows) == len(measures)
    for (_, _, row), (_, _, measure) in zip(rows, measures, strict=True):
        yield measure["id"], row, measure


def test_measure_texts_match_source(source: SourceDocument, data: Data) -> None:
    for measure_id, row, measure in paired_rows(source, data):
        assert collapse(measure["text"]) == collapse(row.maatregel), measure_id


def test_measure_results_match_source(source: SourceDocument, data: Data) -> None:
    for measure_id, row, measure in paired_rows(source, data):
        assert collapse(measure["result"]) == collapse(row.resultaat), measure_id


def test_paragraphs_are_kept(source: SourceDocument, data: Data) -> None:
    def paragraphs(text: str) -> list[str]:
        return [collapse(part) for part in text.split("\n\n")]

    for measure_id, row, measure in paired_rows(source, data):
        assert paragraphs(measure["text"]) == paragraphs(row.maatregel), measure_id
        assert paragraphs(measure["result"]) == paragraphs(row.resultaat), measure_id


def test_no_markup_left(data: Data) -> None:
    for measure_id, measure in ((m["id"], m) for _, _, m in measures_of(data)):
        for key in ("text", "result"):
            assert "<" not in measure[key] and ">" not in measure[key], measure_id


# -- partners --------------------------------------------------------------------------------


def test_partner_references_exist(data: Data) -> None:
    ids = {partner["id"] for partner in data["partners"]}
    for partner in data["partners"]:
        assert partner.get("parent") in ids | {None}, partner["id"]
    for _, _, measure in measures_of(data):
        assert set(measure["partners"]) <= ids, measure["id"]
        assert len(measure["partners"]) == len(set(measure["partners"])), measure["id"]


def ancestors(data: Data, partner_id: str) -> list[str]:
    parents = {partner["id"]: partner.get("parent") for partner in data["partners"]}
    found: list[str] = []
    parent = parents[partner_id]
    while parent is not None:
        assert parent not in found, f"a cycle of parents at {partner_id}"
        found.append(parent)
        parent = parents[parent]
    return found


def test_partner_parents_have_no_cycles(data: Data) -> None:
    for partner in data["partners"]:
        ancestors(data, partner["id"])


def test_gemeente_rotterdam_is_not_part_of_gemeente(data: Data) -> None:
    assert ancestors(data, "gemeente-rotterdam") == []


class PartnerNames:
    """Finds the partners a partner cell names, by their names and aliases in the registry."""

    def __init__(self, data: Data) -> None:
        names = [
            (name, partner["id"])
            for partner in data["partners"]
            for name in [partner["name"], *partner.get("aliases", [])]
        ]
        names.sort(key=lambda pair: -len(pair[0]))
        self._ids = {name.casefold(): partner_id for name, partner_id in names}
        alternatives = "|".join(re.escape(name) for name, _ in names)
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def mentions(self, cell: str) -> list[str]:
        found: list[str] = []
        for match in self._pattern.finditer(cell):
            partner_id = self._ids[match[0].casefold()]
            if partner_id not in found:
                found.append(partner_id)
        return found

    def qualified(self, cell: str) -> set[str]:
        """Partners named to qualify a sub-unit in parentheses: gemeente in "Gemeente (BOA's)"."""
        return {
            self._ids[match[0].casefold()]
            for match in self._pattern.finditer(cell)
            if re.match(r"\s*\(", cell[match.end() :])
        }

    def rest(self, cell: str, note: str | None) -> str:
        """What the cell holds besides partner names, the partner note and separators."""
        if note:
            cell = cell.replace(note, " ")
        cell = self._pattern.sub(" ", cell)
        cell = re.sub(r"(?<!\w)(?:en|de|i\.s\.m\.)(?!\w)", " ", cell)
        return cell.strip(" ,./()")


def test_partner_cells_map_to_the_listed_partners(source: SourceDocument, data: Data) -> None:
    """Every name in a cell is a listed partner, or the parent of one ("Gemeente (BOA's)").

    A partner named only to qualify its sub-units is not listed: "Gemeente (BOA's)" is [boa].
    """
    names = PartnerNames(data)
    for measure_id, row, measure in paired_rows(source, data):
        listed = measure["partners"]
        implied = {parent for partner in listed for parent in ancestors(data, partner)}
        mentioned = names.mentions(row.partners_cell)
        assert set(mentioned) - set(listed) <= implied, measure_id
        assert [m for m in mentioned if m in listed] == listed, measure_id
        qualified = names.qualified(row.partners_cell)
        assert qualified <= implied, measure_id
        assert not qualified & set(listed), measure_id


def test_partner_cells_hold_nothing_but_partners_and_the_note(
    source: SourceDocument, data: Data
) -> None:
    names = PartnerNames(data)
    for measure_id, row, measure in paired_rows(source, data):
        note = measure.get("partner_note")
        if note is not None:
            assert note in row.partners_cell, measure_id
        assert names.rest(row.partners_cell, note) == "", measure_id


@pytest.mark.parametrize(
    ("partner_id", "pattern"),
    [
        ("politie", r"(?i)politie"),
        ("om", r"\bOM\b"),
        ("vrr", r"\bVRR\b"),
        ("dcmr", r"\bDCMR\b"),
        ("riec", r"\bRIEC\b"),
        ("ccv", r"\bCCV\b"),
        ("boa", r"\bBOA's"),
        ("push", r"(?i)\bpush\b|\bjongerenwerk"),
        ("zorg-en-veiligheidshuis", r"(?i)zorg- en veiligheidshuis"),
        ("gemeente-rotterdam", r"gemeente Rotterdam"),
        ("stedin", r"Stedin"),
    ],
)
def test_cell_names_partner_iff_measure_lists_it(
    source: SourceDocument, data: Data, partner_id: str, pattern: str
) -> None:
    for measure_id, row, measure in paired_rows(source, data):
        named = re.search(pattern, row.partners_cell) is not None
        assert named == (partner_id in measure["partners"]), measure_id


# -- introduction and glossary ---------------------------------------------------------------


def test_introduction_matches_source(source: SourceDocument, data: Data) -> None:
    intro = data["introduction"]
    goals = source.numbered_list("Strategische doelstellingen")
    assert intro["strategic_goals"] == [goal.rstrip(";.") for goal in goals]
    priorities = [item.split("; ", 1) for item in source.numbered_list("Prioriteiten")]
    assert [[p["title"], p["description"]] for p in intro["priorities"]] == priorities
    assert intro["strategic_themes"] == source.numbered_list("Strategische thema's")
    text = " ".join(source.introduction)
    assert intro["evaluation"]["description"] in text
    assert str(intro["evaluation"]["year"]) in intro["evaluation"]["description"]
    assert intro["implements"]["title"] in text
    assert intro["strategic_goals_source"] in text


def test_glossary_is_sorted(data: Data) -> None:
    terms = [entry["term"] for entry in data["glossary"]]
    assert terms == sorted(terms, key=str.casefold)
    assert len({term.casefold() for term in terms}) == len(terms)


def test_glossary_terms_occur_in_source(source: SourceDocument, data: Data) -> None:
    text = document_text(source)
    for entry in data["glossary"]:
        assert re.search(rf"(?<![\w&]){re.escape(entry['term'])}(?![\w&])", text), entry["term"]


def test_every_abbreviation_is_in_the_glossary(source: SourceDocument, data: Data) -> None:
    abbreviations = set(re.findall(r"(?<![\w&])[A-Z][A-Z&]*[A-Z](?![\w&])", document_text(source)))
    assert abbreviations - {entry["term"] for entry in data["glossary"]} == set()


def document_text(source: SourceDocument) -> str:
    parts = [*source.introduction]
    for field, theme in source.themes:
        parts += [field.name, theme.name, theme.goal]
        parts += [cell for row in theme.rows for cell in vars(row).values()]
    return "\n".join(parts)
