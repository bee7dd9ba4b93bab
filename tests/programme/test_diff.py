"""avp.programme.diff: OLD and NEW variants of the bundled programme, one kind of change each."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from avp.base.problems import DataError
from avp.programme.diff import Change, diff_programmes
from avp.programme.load import load_programme
from avp.programme.models import Programme
from avp.programme.pairing import out_of_order, pair
from tests.conftest import BUNDLED

TEXT = BUNDLED.read_text(encoding="utf-8")

MEASURE = "          - id: "  # a measure's first line, up to its id
PARTNER = "  - id: "


def edit(text: str, old: str, new: str, count: int = 1) -> str:
    """``text`` with ``old`` replaced; ``old`` must occur exactly ``count`` times."""
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def block(text: str, measure_id: str) -> str:
    """The lines of one measure, from its ``- id:`` line up to the next item."""
    start = text.index(f"\n{MEASURE}{measure_id}\n") + 1
    lines = text[start:].splitlines(keepends=True)
    end = 1
    while end < len(lines) and lines[end].startswith(" " * 12):
        end += 1
    return "".join(lines[:end])


def programme(tmp_path: Path, text: str, name: str = "new.yaml") -> Programme:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        return load_programme(path)
    except DataError as exc:  # say why, not only that
        pytest.fail("\n".join(p.text() for p in exc.problems))


@pytest.fixture(scope="module")
def old() -> Programme:
    return load_programme(BUNDLED)


def diff(old: Programme, tmp_path: Path, text: str) -> list[Change]:
    return diff_programmes(old, programme(tmp_path, text))


def summary(changes: list[Change]) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.kind, c.change, c.old_id, c.new_id) for c in changes]


# --- no differences ----------------------------------------------------------------------------


def test_the_same_programme_has_no_differences(old: Programme, tmp_path: Path) -> None:
    assert diff_programmes(old, old) == []
    assert diff(old, tmp_path, TEXT) == []


def test_whitespace_and_layout_are_no_difference(old: Programme, tmp_path: Path) -> None:
    text = edit(
        TEXT,
        "text: Buurtbemiddeling voortzetten.",
        "text: >-\n              Buurtbemiddeling\n                 voortzetten.  ",
    )
    text = edit(text, "# Source: actieprogramma", "# Bron: actieprogramma")
    assert diff(old, tmp_path, text) == []


# --- measures ----------------------------------------------------------------------------------


def test_reworded_text_result_partner_note_and_extra(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, "text: Buurtbemiddeling voortzetten.", "text: Buurtbemiddeling uitbreiden.")
    text = edit(
        text, "result: De politie zal deze jongeren regelmatig bezoeken.", "result: Anders."
    )
    text = edit(
        text,
        "partner_note: Mogelijk ook publiek private samenwerking met maneges.",
        "partner_note: Samen met de maneges.",
    )
    text = edit(
        text,
        block(TEXT, "1.1.2"),
        block(TEXT, "1.1.2") + "            extra: {budget: 5000 euro}\n",
    )
    changes = diff(old, tmp_path, text)
    reworded = [(c.id, c.attribute, c.old, c.new, c.where) for c in changes]
    assert reworded[0] == (
        "1.1.1",
        "text",
        "Buurtbemiddeling voortzetten.",
        "Buurtbemiddeling uitbreiden.",
        "1.1",
    )
    assert ("1.1.2", "extra.budget", None, "5000 euro", "1.1") in reworded
    assert (
        "3.2.3",
        "result",
        "De politie zal deze jongeren regelmatig bezoeken.",
        "Anders.",
        "3.2",
    ) in reworded
    assert [c.attribute for c in changes if c.id not in {"1.1.1", "1.1.2", "3.2.3"}] == [
        "partner_note"
    ]
    assert {c.change for c in changes} == {"reworded"}
    assert all(c.kind == "measure" and c.old_id == c.new_id for c in changes)


def test_added_and_removed(old: Programme, tmp_path: Path) -> None:
    gone = block(TEXT, "2.2.3")  # with a target
    text = edit(TEXT, gone, "")
    text = edit(
        text,
        block(TEXT, "1.1.4"),
        block(TEXT, "1.1.4") + f"{MEASURE}1.1.50\n            text: Een nieuwe maatregel.\n",
    )
    changes = diff(old, tmp_path, text)
    assert summary(changes) == [
        ("measure", "added", None, "1.1.50"),
        ("measure", "removed", "2.2.3", None),
        ("target", "removed", "controle", None),
    ]
    assert changes[0].new == "Een nieuwe maatregel." and changes[0].where == "1.1"
    assert changes[1].old == "Twee keer per jaar wordt een integrale bedrijvencontrole gehouden."
    assert changes[1].where == "2.2"
    assert changes[2].where == "2.2.3"


def test_dropped_and_reinstated(old: Programme, tmp_path: Path) -> None:
    dropped = "            dropped: {date: 2021-10-12, decision: collegebesluit 12 oktober 2021}\n"
    text = edit(TEXT, block(TEXT, "1.1.3"), block(TEXT, "1.1.3") + dropped)
    changes = diff(old, tmp_path, text)
    assert summary(changes) == [("measure", "dropped", "1.1.3", "1.1.3")]
    assert changes[0].new == "2021-10-12, collegebesluit 12 oktober 2021"
    back = diff_programmes(programme(tmp_path, text), old)
    assert summary(back) == [("measure", "reinstated", "1.1.3", "1.1.3")]
    assert back[0].old == "2021-10-12, collegebesluit 12 oktober 2021"


def test_renumbered_is_not_removed_and_added(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, f"{MEASURE}5.2.5\n", f"{MEASURE}5.2.5a\n")
    changes = diff(old, tmp_path, text)
    assert summary(changes) == [("measure", "renumbered", "5.2.5", "5.2.5a")]
    assert changes[0].id == "5.2.5" and changes[0].renumbered_to == "5.2.5a"
    assert "hennep" in (changes[0].new or "").lower()


def amendments(*renumberings: tuple[str, str]) -> str:
    """An ``amendments:`` list with one renumbering each, as avp renumber writes them."""
    lines = ["amendments:\n"]
    for old, new in renumberings:
        lines.append(
            f"  - date: 2021-10-12\n    description: maatregel {old} wordt {new}\n"
            f"    renumbered: {{old: {old}, new: {new}}}\n"
        )
    return "".join(lines)


def renumber_and_reword(text: str) -> str:
    """5.2.5 as 5.2.9, with other text."""
    lines = block(TEXT, "5.2.5").splitlines(keepends=True)
    assert lines[1].startswith("            text: ")
    after_text = 2
    while lines[after_text].startswith(" " * 14):  # the text's continuation lines
        after_text += 1
    rest = "".join(lines[after_text:])
    renumbered = f"{MEASURE}5.2.9\n            text: Een andere tekst.\n{rest}"
    return edit(text, block(TEXT, "5.2.5"), renumbered)


def test_renumbered_and_reworded_is_removed_and_added(old: Programme, tmp_path: Path) -> None:
    changes = diff(old, tmp_path, renumber_and_reword(TEXT))
    targets = [t.id for t in old.measure_index["5.2.5"].targets]
    assert summary(changes) == [
        ("measure", "added", None, "5.2.9"),
        ("measure", "removed", "5.2.5", None),
        *[("target", "added", None, t) for t in targets],
        *[("target", "removed", t, None) for t in targets],
    ]


def test_a_renumbering_the_amendments_declare_pairs_reworded_text(
    old: Programme, tmp_path: Path
) -> None:
    text = renumber_and_reword(TEXT) + amendments(("5.2.5", "5.2.9"))
    changes = diff(old, tmp_path, text)
    assert [(c.change, c.old_id, c.new_id, c.attribute, c.new) for c in changes] == [
        ("renumbered", "5.2.5", "5.2.9", "id", "Een andere tekst."),
        ("reworded", "5.2.5", "5.2.9", "text", "Een andere tekst."),
    ]


def test_declared_renumberings_chain_and_count_once(old: Programme, tmp_path: Path) -> None:
    earlier = amendments(("5.2.5", "5.2.7"))
    text = renumber_and_reword(TEXT) + amendments(("5.2.5", "5.2.7"), ("5.2.7", "5.2.9"))
    assert summary(diff(old, tmp_path, text))[0] == ("measure", "renumbered", "5.2.5", "5.2.9")
    # An amendment OLD has already is not applied again: OLD's 5.2.7 is not NEW's 5.2.9.
    before = edit(TEXT, f"{MEASURE}5.2.5\n", f"{MEASURE}5.2.7\n") + earlier
    changes = diff_programmes(programme(tmp_path, before, "old.yaml"), programme(tmp_path, text))
    assert summary(changes) == [
        ("measure", "renumbered", "5.2.7", "5.2.9"),
        ("measure", "reworded", "5.2.7", "5.2.9"),
    ]


def shift_theme_3_2(text: str, new_first: str) -> str:
    """Insert a measure 3.2.1 and number the old 3.2.1 .. 3.2.n one higher."""

    def higher(match: re.Match[str]) -> str:
        number = int(match.group(1))
        first = f"{MEASURE}3.2.1\n            text: {new_first}\n" if number == 1 else ""
        return f"{first}{MEASURE}3.2.{number + 1}\n"

    return re.sub(rf"^{MEASURE}3\.2\.(\d+)\n", higher, text, flags=re.MULTILINE)


def test_an_inserted_measure_renumbers_those_after_it(old: Programme, tmp_path: Path) -> None:
    count = len(next(t for f in old.fields for t in f.themes if t.id == "3.2").measures)
    text = shift_theme_3_2(TEXT, "Een nieuwe eerste maatregel.")
    changes = diff(old, tmp_path, text)
    assert summary(changes) == [("measure", "added", None, "3.2.1")] + [
        ("measure", "renumbered", f"3.2.{n}", f"3.2.{n + 1}") for n in range(1, count + 1)
    ]
    # Not reworded, not moved: the old 3.2.1 is the same measure, as it was, now 3.2.2.
    assert changes[1].new == old.measure_index["3.2.1"].text


def test_an_inserted_measure_with_an_id_of_its_own_moves_nothing(
    old: Programme, tmp_path: Path
) -> None:
    text = edit(
        TEXT,
        f"{MEASURE}3.2.1\n",
        f"{MEASURE}3.2.0\n            text: Ervoor.\n{MEASURE}3.2.1\n",
    )
    assert summary(diff(old, tmp_path, text)) == [("measure", "added", None, "3.2.0")]


def test_moved_to_another_theme(old: Programme, tmp_path: Path) -> None:
    moving = block(TEXT, "1.1.2")
    text = edit(TEXT, moving, "")
    text = edit(text, block(TEXT, "1.2.1"), block(TEXT, "1.2.1") + moving)
    changes = diff(old, tmp_path, text)
    assert [(c.change, c.id, c.where, c.old, c.new) for c in changes] == [
        ("moved", "1.1.2", "1.2", "1.1 #2", "1.2 #2")
    ]


def test_moved_within_a_theme_names_only_the_measure_that_moved(
    old: Programme, tmp_path: Path
) -> None:
    first = block(TEXT, "1.1.1")
    text = edit(TEXT, first, "")
    text = edit(text, block(TEXT, "1.1.4"), block(TEXT, "1.1.4") + first)
    changes = diff(old, tmp_path, text)
    assert [(c.change, c.id, c.old, c.new) for c in changes] == [
        ("moved", "1.1.1", "1.1 #1", "1.1 #4")
    ]


def test_measure_partners_added_and_removed(old: Programme, tmp_path: Path) -> None:
    before = block(TEXT, "1.1.1")
    after = edit(before, "partners: [gemeente, politie, push]", "partners: [gemeente, push, halt]")
    text = edit(TEXT, before, after)
    changes = diff(old, tmp_path, text)
    assert [(c.kind, c.change, c.id, c.old, c.new) for c in changes] == [
        ("measure", "partner_added", "1.1.1", None, "halt"),
        ("measure", "partner_removed", "1.1.1", "politie", None),
    ]


# --- fields and themes -------------------------------------------------------------------------


def test_theme_and_field_reworded(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, "name: Sociale kwaliteit\n", "name: Sociale samenhang\n")
    text = edit(text, "name: Veilige woon- en leefomgeving\n", "name: Veilig wonen\n")
    text = edit(
        text,
        "goal: In Westvoorne kunnen inwoners en bezoekers veilig uitgaan.",
        "goal: Veilig uitgaan.",
    )
    changes = diff(old, tmp_path, text)
    assert [(c.kind, c.change, c.attribute, c.id, c.where, c.new) for c in changes] == [
        ("field", "reworded", "name", "1", "", "Veilig wonen"),
        ("theme", "reworded", "name", "1.1", "1", "Sociale samenhang"),
        ("theme", "reworded", "goal", "2.3", "2", "Veilig uitgaan."),
    ]


def test_a_renumbered_theme_does_not_move_its_measures(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, '      - id: "2.3"\n', '      - id: "2.3x"\n')
    assert summary(diff(old, tmp_path, text)) == [("theme", "renumbered", "2.3", "2.3x")]


def test_a_theme_moved_to_another_field(old: Programme, tmp_path: Path) -> None:
    start = TEXT.index('      - id: "2.5"\n')
    end = TEXT.index("\n  - id: 3\n")
    theme = TEXT[start:end].rstrip("\n") + "\n\n"
    text = TEXT[:start] + TEXT[end:].lstrip("\n")
    field_4 = text.index("\n  - id: 4\n")  # the end of field 3
    text = text[: field_4 + 1] + theme + text[field_4 + 1 :]
    changes = diff(old, tmp_path, text)
    assert [(c.kind, c.change, c.id, c.where, c.old, c.new) for c in changes] == [
        ("theme", "moved", "2.5", "3", "2 #5", f"3 #{len(old.fields[2].themes) + 1}")
    ]


# --- partners ----------------------------------------------------------------------------------


def test_partners_added_removed_renamed(tmp_path: Path) -> None:
    gone = f"{PARTNER}oud\n    name: Een vertrokken partner\n"
    old = programme(tmp_path, edit(TEXT, f"{PARTNER}vrr\n", gone + f"{PARTNER}vrr\n"), "old.yaml")
    text = edit(TEXT, "    name: DCMR Milieudienst Rijnmond\n", "    name: DCMR\n")
    text = edit(
        text,
        f"{PARTNER}dcmr\n",
        f"{PARTNER}nieuw\n    name: Een nieuwe partner\n{PARTNER}dcmr\n",
    )
    changes = diff(old, tmp_path, text)
    assert [(c.kind, c.change, c.id, c.old, c.new) for c in changes] == [
        ("partner", "added", "nieuw", None, "Een nieuwe partner"),
        ("partner", "renamed", "dcmr", "DCMR Milieudienst Rijnmond", "DCMR"),
        ("partner", "removed", "oud", "Een vertrokken partner", None),
    ]


def test_a_renumbered_partner_leaves_the_measures_alone(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, f"{PARTNER}vrr\n", f"{PARTNER}veiligheidsregio\n")
    text = edit(text, "    parent: vrr\n", "    parent: veiligheidsregio\n")
    text = re.sub(r"(partners: \[[^\]\n]*)\bvrr\b", r"\1veiligheidsregio", text)
    changes = diff(old, tmp_path, text)
    assert summary(changes) == [("partner", "renumbered", "vrr", "veiligheidsregio")]


# --- targets -----------------------------------------------------------------------------------


def test_targets_added_removed_changed(old: Programme, tmp_path: Path) -> None:
    text = edit(
        TEXT,
        "                description: Twee keer per jaar een integrale bedrijvencontrole\n"
        "                count: 2\n",
        "                description: Twee keer per jaar een integrale bedrijvencontrole\n"
        "                count: 3\n",
    )
    field_target = (
        "    targets:\n"
        "      - id: inbraken\n"
        "        kind: threshold\n"
        "        description: Minder woninginbraken\n"
        "        indicator: woninginbraken\n"
        "        direction: decrease\n"
        "        target: {value: 20, date: 2022-12-31}\n"
    )
    text = edit(
        text,
        "    name: Veilige woon- en leefomgeving\n",
        "    name: Veilige woon- en leefomgeving\n" + field_target,
    )
    burgernet = old.measure_index["1.3.5"]
    assert burgernet.targets
    gone = block(TEXT, "1.3.5")
    kept = gone[: gone.index("            targets:\n")]
    text = edit(text, gone, kept)
    changes = diff(old, tmp_path, text)
    assert [(c.change, c.id, c.where, c.attribute, c.old, c.new) for c in changes] == [
        ("added", "inbraken", "1", "", None, "Minder woninginbraken"),
        *[("removed", t.id, "1.3.5", "", t.description, None) for t in burgernet.targets],
        ("changed", "controle", "2.2.3", "count", "count: 2", "count: 3"),
    ]
    assert {c.kind for c in changes} == {"target"}


def test_targets_follow_their_renumbered_measure(old: Programme, tmp_path: Path) -> None:
    text = edit(TEXT, f"{MEASURE}2.2.3\n", f"{MEASURE}2.2.3b\n")
    text = edit(
        text,
        "description: Twee keer per jaar een integrale bedrijvencontrole\n                count: 2",
        "description: Twee keer per jaar een integrale bedrijvencontrole\n                count: 4",
    )
    changes = diff(old, tmp_path, text)
    assert [(c.kind, c.change, c.id, c.where) for c in changes] == [
        ("measure", "renumbered", "2.2.3", "2.2"),
        ("target", "changed", "controle", "2.2.3b"),
    ]


# --- the pairing -------------------------------------------------------------------------------


def test_pairing_prefers_id_and_text_then_text_then_id() -> None:
    old = [("a", "x"), ("b", "y"), ("c", "z")]
    new = [("a", "y"), ("b", "w"), ("d", "z")]
    pairing = pair(old, new, lambda item: item[0], lambda item: item[1])
    # b's text is now a's: b became a; c became d; b (other text, its old pair taken) is new.
    assert pairing.new == [(("b", "y"), ("a", "y")), (None, ("b", "w")), (("c", "z"), ("d", "z"))]
    assert pairing.removed == [("a", "x")]


@pytest.mark.parametrize(
    ("places", "moved"),
    [([], set()), ([0, 1, 2], set()), ([1, 2, 3, 0], {3}), ([3, 0, 1, 2], {0}), ([1, 0], {0})],
)
def test_out_of_order_is_the_fewest_moves(places: list[int], moved: set[int]) -> None:
    assert out_of_order(places) == moved


def twins_of(programme: Programme) -> Programme:
    """The programme as a command that reads snapshots holds it (no models)."""
    from avp.programme.load import TWIN_BASES
    from avp.storage import snapshot

    twins: Programme = snapshot.loads(snapshot.dumps(programme), TWIN_BASES)
    assert isinstance(twins, snapshot.Twin)
    return twins


def test_twins_are_refused_not_compared_as_something_else(old: Programme) -> None:
    """diff_programmes tells a measure from a field by its model's class and compares
    targets by their data: a snapshot's twins have neither, so it refuses them instead of
    reporting other changes."""
    with pytest.raises(TypeError, match="twins"):
        diff_programmes(twins_of(old), old)
    assert diff_programmes(old, old) == []
