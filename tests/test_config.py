"""Settings come from defaults < config.toml < environment < flags, and the key never becomes a setting."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.config import KeyFileError, Settings, SettingsError, load_api_key, load_settings, save_setting


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
    assert not [name for name in Settings._fields if "key" in name and name != "keymap"]
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
# -- one declaration, and every bad value a one-line error naming where it came from ------------------------------


def test_the_readme_settings_table_is_the_declared_table():
    """README.md's table is derived from tui.config.SETTINGS: change one, regenerate the other."""
    from tui.config import readme_table

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index(readme_table()[0])
    assert readme[start:start + len(readme_table())] == readme_table()
    assert not readme[start + len(readme_table())].startswith("|"), "the README has a row the table does not"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("data_dir = 42", "'data_dir' must be a path in quotes, not 42"),
        ("lessons_dir = ''", "'lessons_dir' must name a folder, not an empty path"),
        ('[theme]\nname = "x"', "'theme' must be text in quotes, not a table"),
        ('offline = "yes"', "'offline' must be true or false, not 'yes'"),
        ("device = ['cpu']", "'device' must be text in quotes, not a list"),
        ("model = 1.5", "'model' must be text in quotes, not 1.5"),
    ],
)
def test_every_setting_in_the_file_has_its_type_checked(config_dir, content, message):
    (config_dir / "config.toml").write_text(content + "\n")
    with pytest.raises(SettingsError, match=message) as caught:
        load_settings({"config_dir": config_dir}, environ={})
    assert str(caught.value).startswith(f"{config_dir / 'config.toml'}: ") and "\n" not in str(caught.value)


def test_a_config_file_that_is_not_utf8_or_is_a_folder_is_one_clear_sentence(config_dir):
    path = config_dir / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    with pytest.raises(SettingsError, match="not UTF-8 text"):
        load_settings({"config_dir": config_dir}, environ={})
    path.unlink()
    path.mkdir()
    with pytest.raises(SettingsError, match="this is a folder; config.toml must be a file"):
        load_settings({"config_dir": config_dir}, environ={})


def test_a_bad_flag_is_named_as_the_learner_typed_it(config_dir):
    with pytest.raises(SettingsError, match="^--images: 'image_protocol' must be one of halfblock"):
        load_settings({"config_dir": config_dir, "image_protocol": "png"}, environ={})
    with pytest.raises(SettingsError, match="^--lessons: 'lessons_dir' must name a folder"):
        load_settings({"config_dir": config_dir, "lessons_dir": " "}, environ={})


def test_bad_settings_end_the_cli_with_one_line_and_no_traceback(tmp_path):
    import subprocess
    import sys

    (tmp_path / "config.toml").write_text("data_dir = 42\n")
    result = subprocess.run([sys.executable, "-m", "tui.cli", "--config-dir", str(tmp_path), "progress"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "'data_dir' must be a path" in result.stderr
    assert not (tmp_path / "42").exists() and not Path("42").exists()


def test_progress_in_an_ascii_only_locale_prints_instead_of_crashing(tmp_path):
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}
    command = [sys.executable, "-m", "tui.cli", "--config-dir", str(tmp_path), "--data-dir", str(data), "progress"]
    result = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode("ascii", "replace")
    assert b"Traceback" not in result.stderr and b"not started" in result.stdout
    assert b"..." in result.stdout  # a long title cut at a word, marked in ASCII


def test_a_setting_saved_from_the_app_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    path = config / "config.toml"
    path.write_text('# mine\noffline = true  # no network here\n\n[keymap]\n# my keys\nquit = "ctrl+q"\n')
    settings = load_settings({"config_dir": config}, environ={})
    save_setting(settings, "theme", "high-contrast")
    text = path.read_text()
    assert "# mine" in text and "# no network here" in text and "# my keys" in text
    reloaded = load_settings({"config_dir": config}, environ={})
    assert reloaded.theme == "high-contrast" and reloaded.offline and reloaded.keymap == (("quit", "ctrl+q"),)
    assert path.stat().st_mode & 0o777 == 0o600
    save_setting(reloaded, "theme", "textual-dark")
    assert load_settings({"config_dir": config}, environ={}).theme == "textual-dark"
    assert text.replace("high-contrast", "textual-dark") == path.read_text()  # changed in place, nothing else


def test_a_config_file_that_cannot_be_read_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        save_setting(Settings(data_dir=tmp_path, config_dir=tmp_path), "theme", "high-contrast")
    assert path.read_text() == "theme = [unclosed\n"
