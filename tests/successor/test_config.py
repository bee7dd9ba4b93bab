"""The avp.toml of a successor: programme and programmes set, every other line kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from avp.programme.discovery import ConfigError
from avp.successor.config import config_for, describe, planned_config


def files(folder: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("programme: {}\n", encoding="utf-8")
        paths.append(path)
    return paths


def test_a_new_avp_toml_in_the_new_files_folder(tmp_path: Path) -> None:
    old, new = files(tmp_path, "old/a.yaml", "new/b.yaml")
    config = config_for(new.parent)
    assert config == tmp_path.resolve() / "new" / "avp.toml"
    change = planned_config(config, new, [old])
    assert change.old is None
    assert tomllib.loads(change.text) == {
        "programme": "b.yaml",
        "programmes": ["../old/a.yaml", "b.yaml"],
    }
    assert change.text.startswith("# Which programme avp uses")
    assert describe(change).startswith("wrote ")


def test_the_nearest_avp_toml_is_updated_and_keeps_its_comments(tmp_path: Path) -> None:
    old, new = files(tmp_path, "data/a.yaml", "data/b.yaml")
    text = (
        "# top comment\n"
        'programme = "data/a.yaml"   # the old one\n'
        "\n"
        "[report]  # a table another tool may read\n"
        'template = "x"\n'
    )
    (tmp_path / "avp.toml").write_text(text, encoding="utf-8")
    config = config_for(new.parent, [old])
    assert config == tmp_path.resolve() / "avp.toml"
    change = planned_config(config, new, [old])
    assert "# top comment" in change.text and "# the old one" in change.text
    assert "# a table another tool may read" in change.text
    loaded = tomllib.loads(change.text)
    assert loaded["programme"] == "data/b.yaml"
    assert loaded["programmes"] == ["data/a.yaml", "data/b.yaml"]
    assert loaded["report"] == {"template": "x"}
    assert change.changes == [
        "programme = 'data/b.yaml' (was 'data/a.yaml')",
        "programmes: added 'data/a.yaml', 'data/b.yaml'",
    ]


def test_a_glob_or_an_entry_already_there_is_not_added_twice(tmp_path: Path) -> None:
    old1, old2, new = files(tmp_path, "gemeenten/a.yaml", "gemeenten/b.yaml", "c.yaml")
    text = 'programme = "gemeenten/a.yaml"\nprogrammes = ["gemeenten/*.yaml", "c.yaml"]\n'
    (tmp_path / "avp.toml").write_text(text, encoding="utf-8")
    change = planned_config(tmp_path / "avp.toml", new, [old1, old2])
    assert tomllib.loads(change.text)["programmes"] == ["gemeenten/*.yaml", "c.yaml"]
    assert change.changes == ["programme = 'c.yaml' (was 'gemeenten/a.yaml')"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('programme = "a.yaml"\nprogrammes = [\n', "not valid TOML"),
        ('programme = "a.yaml"\nprogrammes = "a.yaml"\n', "'programmes' is not a list of paths"),
    ],
)
def test_a_broken_avp_toml_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    old, new = files(tmp_path, "a.yaml", "b.yaml")
    (tmp_path / "avp.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        planned_config(tmp_path / "avp.toml", new, [old])


def test_a_parents_avp_toml_that_names_no_earlier_programme_is_left_alone(
    tmp_path: Path,
) -> None:
    """A successor tried out in a folder below must not become the default programme of
    the whole tree (review of issue 16): a new avp.toml beside it instead."""
    old, elsewhere, new = files(tmp_path, "proef/a.yaml", "data/x.yaml", "proef/sub/b.yaml")
    (tmp_path / "avp.toml").write_text('programme = "data/x.yaml"\n', encoding="utf-8")
    assert config_for(new.parent, [old]) == tmp_path.resolve() / "proef" / "sub" / "avp.toml"
    assert config_for(new.parent, [elsewhere]) == tmp_path.resolve() / "avp.toml"
    listed = 'programme = "data/x.yaml"\nprogrammes = ["proef/*.yaml"]\n'
    (tmp_path / "avp.toml").write_text(listed, encoding="utf-8")
    assert config_for(new.parent, [old]) == tmp_path.resolve() / "avp.toml"  # by its glob
