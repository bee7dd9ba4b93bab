"""avp.workspace: the programmes of an avp.toml, their names, narrowing, and queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from avp.base.problems import NotFoundError, UsageError
from avp.programme.discovery import ConfigError, NoDefaultProgramme, find_programme, read_workspace
from avp.programme.names import display_names
from avp.programme.query import Filters, select
from avp.workspace import Workspace, narrow_filters
from tests.conftest import MINIMAL
from tests.workspace import make_workspace


def test_opens_every_programme_sorted_with_their_names(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    workspace = Workspace.open(cwd=tmp_path, environ={})
    assert workspace.several
    assert workspace.names == ["Brielle", "Voorbeeld", "Westvoorne"]
    assert [p.path.parent.name for p in workspace.projects] == [
        "brielle",
        "voorbeeld",
        "westvoorne",
    ]
    assert workspace.name(workspace.projects[2]) == "Westvoorne"


def test_file_or_environment_is_one_programme(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    one = Workspace.open(tmp_path / "voorbeeld" / "programma.yaml", cwd=tmp_path, environ={})
    assert not one.several and one.names == ["Voorbeeld"]
    env = {"AVP_FILE": str(tmp_path / "brielle" / "programma.yaml")}
    assert Workspace.open(cwd=tmp_path, environ=env).names == ["Brielle"]


def test_shared_municipality_gets_its_years(tmp_path: Path) -> None:
    programme = Workspace.open(MINIMAL, environ={}).projects[0].programme
    meta = programme.programme
    earlier = programme.model_copy(
        update={
            "programme": meta.model_copy(
                update={
                    "period": meta.period.model_copy(
                        update={
                            "start": meta.period.start.replace(year=2019),
                            "end": meta.period.end.replace(year=2020),
                        }
                    )
                }
            )
        }
    )
    names = display_names([(programme, Path("a.yaml")), (earlier, Path("b.yaml"))])
    assert names == ["Voorbeeld 2021-2022", "Voorbeeld 2019-2020"]
    same = display_names([(programme, Path("a.yaml")), (programme, Path("b.yaml"))])
    assert same == ["Voorbeeld 2021-2022 (a.yaml)", "Voorbeeld 2021-2022 (b.yaml)"]
    # the README's layout repeats the file name: the path tells them apart
    a, b = Path("a", "programma.yaml"), Path("b", "programma.yaml")
    folders = display_names([(programme, a), (programme, b)])
    assert folders == [f"Voorbeeld 2021-2022 ({a})", f"Voorbeeld 2021-2022 ({b})"]
    assert len(set(folders)) == 2


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        (["brielle"], ["Brielle"]),
        (["BRIËLLE"], ["Brielle"]),  # case and accents ignored
        (["Actieprogramma Veiligheid Voorbeeld 2021-2022"], ["Voorbeeld"]),  # the title
        (["programma.yaml"], ["Brielle", "Voorbeeld", "Westvoorne"]),  # the file name
        (["Westvoorne", "Voorbeeld"], ["Voorbeeld", "Westvoorne"]),  # OR
    ],
)
def test_programme_narrows(tmp_path: Path, wanted: list[str], names: list[str]) -> None:
    make_workspace(tmp_path)
    assert Workspace.open(cwd=tmp_path, environ={}, programmes=wanted).names == names


def test_unknown_programme_lists_the_names(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    with pytest.raises(UsageError, match="choose from: Brielle, Voorbeeld, Westvoorne"):
        Workspace.open(cwd=tmp_path, environ={}, programmes=["Hellevoetsluis"])


def test_partner_by_id_or_alias_across_programmes(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    workspace = Workspace.open(cwd=tmp_path, environ={})
    chosen = workspace.filtered(Filters(partners=["politie"]))
    assert [name for name, _, _ in chosen] == ["Brielle", "Voorbeeld", "Westvoorne"]
    brielle = chosen[0][1]
    rows = select(brielle.index, chosen[0][2])
    assert rows and all("politie-nl" in r.measure.partners for r in rows)
    # Nobody has 'kustwacht': an error.
    with pytest.raises(NotFoundError, match="in none of the 3 programmes"):
        workspace.filtered(Filters(partners=["kustwacht"]))


def test_partner_of_only_some_programmes_is_fine(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    workspace = Workspace.open(cwd=tmp_path, environ={})
    # Stichting Push (alias jongerenwerk) is a partner of the bundled programme only.
    chosen = workspace.filtered(Filters(partners=["jongerenwerk"]))
    assert [n for n, _, _ in chosen] == ["Brielle", "Westvoorne"]
    assert chosen[0][2].partners == ["jongerenwerk"]


def test_a_partner_missing_somewhere_leaves_no_frames_behind(tmp_path: Path) -> None:
    """The error of a programme without the partner is kept for its message only: its
    traceback would hold the caller's frame (a report's programmes) in a reference cycle
    that only the cycle collector frees (a report across 342 programmes pauses it)."""
    make_workspace(tmp_path)
    workspace = Workspace.open(cwd=tmp_path, environ={})
    errors: dict[str, NotFoundError] = {}
    found: set[str] = set()
    voorbeeld = workspace.projects[workspace.names.index("Voorbeeld")]
    wanted = Filters(partners=["jongerenwerk"])
    assert narrow_filters(voorbeeld.index, wanted, errors, found) is None
    assert list(errors) == ["partners:jongerenwerk"] and not found
    assert errors["partners:jongerenwerk"].__traceback__ is None
    with pytest.raises(NotFoundError, match=r"no partner 'kustwacht'.*in none of the 3"):
        workspace.filtered(Filters(partners=["kustwacht"]))


def test_single_programme_errors_are_as_before(tmp_path: Path) -> None:
    workspace = Workspace.open(MINIMAL, environ={})
    with pytest.raises(NotFoundError, match=r"^no partner 'kustwacht'"):
        for _, project, filters in workspace.filtered(Filters(partners=["kustwacht"])):
            select(project.index, filters)


# -- avp.toml ----------------------------------------------------------------------------


def _config(tmp_path: Path, text: str) -> Path:
    make_workspace(tmp_path)
    config = tmp_path / "avp.toml"
    config.write_text(text, encoding="utf-8")
    return config


def test_pattern_and_files_deduplicated_and_sorted(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        'programme = "westvoorne/programma.yaml"\n'
        'programmes = ["./westvoorne/programma.yaml", "*/programma.yaml", "brielle/*.yaml"]\n',
    )
    found = read_workspace(config)
    assert [p.parent.name for p in found.programmes] == ["brielle", "voorbeeld", "westvoorne"]
    assert found.default == tmp_path / "westvoorne" / "programma.yaml"
    # The default is what single-programme commands use.
    assert find_programme(cwd=tmp_path, environ={}).path == found.default


def test_a_pattern_leaves_out_progress_logs(tmp_path: Path) -> None:
    config = _config(tmp_path, 'programmes = ["westvoorne/*.yaml", "voorbeeld/*.yaml"]\n')
    names = [p.name for p in read_workspace(config).programmes]
    assert names == ["programma.yaml", "programma.yaml"]  # not voortgang-2021-2022.yaml


def test_one_listed_programme_is_the_default(tmp_path: Path) -> None:
    config = _config(tmp_path, 'programmes = ["voorbeeld/programma.yaml"]\n')
    assert read_workspace(config).default == tmp_path / "voorbeeld" / "programma.yaml"
    assert not Workspace.open(cwd=tmp_path, environ={}).several


def test_several_without_default_for_one_programme_commands(tmp_path: Path) -> None:
    make_workspace(tmp_path)
    with pytest.raises(NoDefaultProgramme) as caught:
        find_programme(cwd=tmp_path, environ={})
    message = caught.value.message
    assert "lists 3 programmes" in message and "--file PATH" in message
    assert 'programme = "path/to/programme.yaml"' in message and "--programme NAME" in message


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ('programmes = "a.yaml"\n', "1:14", "'programmes' is a.yaml (a str), not a list"),
        ("programmes = [1]\n", "1:14", "'programmes' item 1 is 1 (a number), not a path"),
        ('programmes = [\n  "voorbeeld/programma.yaml",\n  ""\n]\n', "3:3", "item 2 is empty"),
        (
            'programmes = ["regio/*.yaml"]\n',
            "1:15",
            "the pattern 'regio/*.yaml' in 'programmes' matches no programme file",
        ),
        (
            'programme = "voorbeeld/programma.yaml"\nprogrammes = ["x.yaml"]\n',
            "2:15",
            "programmes item 'x.yaml'",
        ),
        ("programmes = []\n", "1:14", "'programmes' is empty"),
    ],
)
def test_bad_programmes_line_and_column(tmp_path: Path, text: str, where: str, what: str) -> None:
    config = _config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        read_workspace(config)
    assert f"avp.toml:{where}: " in caught.value.message, caught.value.message
    assert what in caught.value.message
