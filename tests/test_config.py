"""Settings: defaults, TOML, environment overrides and clear errors."""

from pathlib import Path

import pytest

from briefbot.config import Settings, load_settings
from briefbot.errors import ConfigError


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.answer.top_k == 3


def test_shipped_config_is_valid_and_matches_defaults() -> None:
    shipped = Path(__file__).resolve().parents[1] / "config" / "briefbot.toml"
    assert load_settings(shipped, environ={}) == Settings()


def test_environment_overrides_a_section_key(tmp_path: Path) -> None:
    settings = load_settings(None, environ={"BRIEFBOT_ANSWER_TOP_K": "5", "BRIEFBOT_KNOWLEDGE": "kb"})
    assert settings.answer.top_k == 5
    assert settings.knowledge == "kb"


def test_bad_value_names_the_setting(tmp_path: Path) -> None:
    bad = tmp_path / "b.toml"
    bad.write_text("[answer]\ntop_k = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="answer.top_k"):
        load_settings(bad, environ={})


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "b.toml"
    bad.write_text("[index]\nk3 = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="index.k3"):
        load_settings(bad, environ={})


def test_missing_named_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_invalid_toml_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "b.toml"
    bad.write_text("[answer\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad, environ={})


def _setting_names() -> list[str]:
    from pydantic import BaseModel

    names = []
    for name, field in Settings.model_fields.items():
        if isinstance(field.default, BaseModel):
            names += [f"[{name}] {key}" for key in type(field.default).model_fields]
        else:
            names.append(name)
    return names


def test_readme_documents_every_setting() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _setting_names() if name.split("] ")[-1] not in readme
               or (name.startswith("[") and f"`{name}" not in readme)]
    assert not missing, f"settings missing from README's Configuration table: {missing}"
