"""Settings come from defaults < config.toml < environment < flags, and the key never becomes a setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.config import KeyFileError, Settings, SettingsError, load_api_key, load_settings


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


def test_defaults_use_the_platform_user_directories(config_dir):
    settings = load_settings({"config_dir": config_dir}, environ={})
    assert settings.data_dir.name == "diffusion-course"
    assert settings.theme == "textual-dark" and settings.image_protocol == "halfblock" and not settings.offline


def test_each_layer_overrides_the_one_below(config_dir):
    (config_dir / "config.toml").write_text('theme = "from-file"\ndevice = "cpu"\nimage_protocol = "kitty"\n')
    env = {
        "DIFFUSION_COURSE_CONFIG_DIR": str(config_dir),
        "DIFFUSION_COURSE_THEME": "from-env",
        "DIFFUSION_COURSE_DEVICE": "cuda",
    }
    settings = load_settings({"device": "mps"}, environ=env)
    assert settings.image_protocol == "kitty"  # file only
    assert settings.theme == "from-env"  # env beats file
    assert settings.device == "mps"  # flag beats env


def test_data_dir_from_environment_and_flag(config_dir, tmp_path):
    env = {"DIFFUSION_COURSE_DATA_DIR": str(tmp_path / "env-data")}
    assert load_settings({"config_dir": config_dir}, environ=env).data_dir == tmp_path / "env-data"
    flags = {"config_dir": config_dir, "data_dir": tmp_path / "flag-data"}
    assert load_settings(flags, environ=env).data_dir == tmp_path / "flag-data"


def test_anthropic_base_url_is_honoured(config_dir):
    settings = load_settings({"config_dir": config_dir}, environ={"ANTHROPIC_BASE_URL": "http://127.0.0.1:9"})
    assert settings.tutor_base_url == "http://127.0.0.1:9"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('device = "tpu"', "'device' must be one of auto, cpu, cuda, mps"),
        ('colour = "red"', "unknown setting 'colour'"),
        ("theme = ", "not valid TOML"),
    ],
)
def test_bad_config_file_values_name_the_file(config_dir, content, message):
    (config_dir / "config.toml").write_text(content + "\n")
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings({"config_dir": config_dir}, environ={})
    assert str(config_dir / "config.toml") in str(caught.value)


def test_offline_accepts_the_usual_spellings(config_dir):
    assert load_settings({"config_dir": config_dir}, environ={"DIFFUSION_COURSE_OFFLINE": "yes"}).offline
    with pytest.raises(SettingsError, match="DIFFUSION_COURSE_OFFLINE"):
        load_settings({"config_dir": config_dir}, environ={"DIFFUSION_COURSE_OFFLINE": "perhaps"})


def test_the_api_key_comes_from_env_or_the_key_file_and_is_not_a_setting(config_dir):
    settings = load_settings({"config_dir": config_dir}, environ={})
    assert "key" not in " ".join(Settings.__dataclass_fields__)
    assert load_api_key(settings, environ={}) is None
    (config_dir / "anthropic_key").write_text("sk-file\n")
    (config_dir / "anthropic_key").chmod(0o600)
    assert load_api_key(settings, environ={}) == "sk-file"
    assert load_api_key(settings, environ={"ANTHROPIC_API_KEY": "sk-env"}) == "sk-env"
    assert "sk-" not in repr(settings)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("loose", [0o640, 0o604, 0o644])
def test_a_key_file_others_can_read_is_refused_naming_the_chmod_fix(config_dir, loose):
    settings = load_settings({"config_dir": config_dir}, environ={})
    key_file = config_dir / "anthropic_key"
    key_file.write_text("sk-file\n")
    key_file.chmod(loose)
    with pytest.raises(KeyFileError, match=rf"readable by others \(mode {loose:o}\).*chmod 600 {key_file}"):
        load_api_key(settings, environ={})
    assert "sk-file" not in str(KeyFileError)


def test_only_the_first_line_of_the_key_file_is_used_and_a_byte_order_mark_is_dropped(config_dir):
    settings = load_settings({"config_dir": config_dir}, environ={})
    key_file = config_dir / "anthropic_key"
    key_file.write_bytes(b"\xef\xbb\xbf sk-ant-first \r\nsecond line\n")
    key_file.chmod(0o600)
    assert load_api_key(settings, environ={}) == "sk-ant-first"
    key_file.write_bytes(b"\n")
    assert load_api_key(settings, environ={}) is None
