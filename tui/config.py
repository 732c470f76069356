"""Settings: defaults < config.toml in the user config directory < environment < command-line flags.

The one source of truth for configuration: each setting is declared once in `SETTINGS` (its type, flag,
environment variables, help and default), and the coercion, the CLI's flags, `--help` and the README's table
are all derived from that table (tests/test_config.py compares the README with it). The Anthropic key is
deliberately not a setting: it is read on demand by `load_api_key`, so no printed or logged `Settings` can ever
carry it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

APP_NAME = "diffusion-course"
ENV_PREFIX = "DIFFUSION_COURSE_"
DEFAULT_TUTOR_MODEL = "claude-sonnet-5-5"
IMAGE_PROTOCOLS = ("halfblock", "kitty", "sixel")
DEVICES = ("auto", "cpu", "cuda", "mps")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


class Settings(NamedTuple):
    """Every setting, resolved from flags, environment and config.toml (`load_settings`); read by every part."""

    data_dir: Path
    config_dir: Path
    lessons_dir: Path | None = None
    theme: str = "textual-dark"
    offline: bool = False
    screen_reader: bool = False
    tutor_model: str = DEFAULT_TUTOR_MODEL
    tutor_base_url: str | None = None
    model: str | None = None
    device: str = "auto"
    image_protocol: str = "halfblock"
    lrs_endpoint: str | None = None
    class_home_page: str | None = None
    learner_id: str | None = None
    registration: str | None = None
    share_tutor_messages: bool = False
    keymap: tuple[tuple[str, str], ...] = ()
    """config.toml's [keymap] table: (binding id, keys) pairs, checked against the bindings by `tui.keymap`."""


class Setting(NamedTuple):
    """One setting, declared once: everything the loader, the CLI, `--help` and the README say about it."""

    key: str
    """The `Settings` field and the key in config.toml."""
    kind: type
    """Path, str or bool."""
    flag: str | None
    """None: set in config.toml or the environment only."""
    label: str
    """What it is, in a few words (the README's first column)."""
    help: str
    """The flag's help in `--help`."""
    default: str
    """The default, in words, for the README."""
    env: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    check: Callable[[str], str] | None = None
    """Normalizes a text value, or raises ValueError with the rule it breaks ("must be a UUID")."""

    @property
    def env_names(self) -> tuple[str, ...]:
        """The variables that set it, first found wins: `env` when given, else DIFFUSION_COURSE_<KEY>."""
        return self.env or (f"{ENV_PREFIX}{self.key.upper()}",)


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", Path, "--data-dir", "progress and images", "folder for progress, transcripts and saved images",
            "`~/.local/share/diffusion-course`"),
    Setting("config_dir", Path, "--config-dir", "config folder", "folder for config.toml and the anthropic_key file",
            "`~/.config/diffusion-course`"),
    Setting("lessons_dir", Path, "--lessons", "course content",
            "course content folder (default: the lessons shipped with the app)", "the lessons shipped with the app",
            env=(f"{ENV_PREFIX}LESSONS",)),
    Setting("theme", str, "--theme", "theme", "colour theme, e.g. textual-dark, textual-light, high-contrast",
            "`textual-dark` (also `high-contrast`)"),
    Setting("offline", bool, "--offline", "offline tutor",
            "use the offline tutor even when a key or server is configured", "off"),
    Setting("screen_reader", bool, "--screen-reader", "screen-reader mode",
            "the course line by line, for screen readers and braille displays: no full screen, no redraws", "off"),
    Setting("tutor_model", str, "--tutor-model", "tutor model",
            f"Anthropic model for the tutor (default {DEFAULT_TUTOR_MODEL})", f"`{DEFAULT_TUTOR_MODEL}`"),
    Setting("tutor_base_url", str, "--tutor-base-url", "tutor server",
            "Messages-API server for the tutor (a lab's own server)", "Anthropic",
            env=(f"{ENV_PREFIX}TUTOR_BASE_URL", "ANTHROPIC_BASE_URL")),
    Setting("model", str, "--model", "image model",
            "diffusers pipeline folder or cached hub id (default: the built-in tiny model)", "the built-in tiny model"),
    Setting("device", str, "--device", "device", f"where generation runs: {', '.join(DEVICES)}", "`auto`",
            choices=DEVICES),
    Setting("image_protocol", str, "--images", "pictures", f"how pictures are drawn: {', '.join(IMAGE_PROTOCOLS)}",
            "`halfblock` (`kitty`, `sixel`)", env=(f"{ENV_PREFIX}IMAGES",), choices=IMAGE_PROTOCOLS),
    Setting("lrs_endpoint", str, "--lrs-endpoint", "class record store (xAPI)",
            "xAPI endpoint of the class's learning record store (nothing is sent without one)",
            "none: nothing recorded or sent", check=lambda text: _web_address(text)),
    Setting("class_home_page", str, "--class-home-page", "class home page",
            "the class's home page: learner ids are unique under it", "none", check=lambda text: _web_address(text)),
    Setting("learner_id", str, "--learner-id", "learner id in the class",
            "your id in the class (sent to the record store, never an e-mail address)", "none",
            check=lambda text: _not_empty(text)),
    Setting("registration", str, "--registration", "class registration (UUID)",
            "the class's registration UUID (groups its statements in the store)", "none",
            check=lambda text: _uuid(text)),
    Setting("share_tutor_messages", bool, None, "share tutor questions",
            "send the learner's tutor questions to the class's record store", "off"),
)
BY_KEY = {setting.key: setting for setting in SETTINGS}


class SettingsError(ValueError):
    """A setting has a value the app cannot use; the message says which and where it came from."""


def _web_address(text: str) -> str:
    scheme, _, rest = text.strip().partition("://")
    if scheme.lower() not in {"http", "https"} or not rest.strip("/"):
        raise ValueError("must be an http:// or https:// address")
    return text.strip()


def _uuid(text: str) -> str:
    import uuid

    try:
        return str(uuid.UUID(text.strip()))
    except ValueError:
        raise ValueError("must be a UUID") from None


def _not_empty(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


def default_dirs() -> tuple[Path, Path]:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)), Path(platformdirs.user_config_dir(APP_NAME))


def load_settings(flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Merge the four layers; `flags` holds only what the user actually passed (None means not given)."""
    environ = os.environ if environ is None else environ
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    data_dir, config_dir = default_dirs()
    where = BY_KEY["config_dir"]
    if "config_dir" in flags:
        config_dir = _coerce(where, flags["config_dir"], where.flag)
    else:
        config_dir = _from_environment(where, environ) or config_dir
    settings = Settings(data_dir=data_dir, config_dir=config_dir)
    path = config_file(settings)
    for key, value in _read_config_file(path).items():
        if key == "keymap":
            settings = settings._replace(keymap=_keymap(value, path))
            continue
        setting = BY_KEY.get(key)
        if setting is None:
            raise SettingsError(f"{path}: unknown setting '{key}'; known: {', '.join(BY_KEY)}, [keymap].")
        settings = settings._replace(**{key: _from_file(setting, value, str(path))})
    for setting in SETTINGS:
        for name in setting.env_names:
            if environ.get(name):
                settings = settings._replace(**{setting.key: _coerce(setting, environ[name], f"${name}")})
                break
    for key, value in flags.items():
        setting = BY_KEY.get(key)
        if setting is None:
            raise SettingsError(f"unknown setting '{key}'; known: {', '.join(BY_KEY)}.")
        settings = settings._replace(**{key: _coerce(setting, value, setting.flag or key)})
    return settings


def config_file(settings: Settings) -> Path:
    return settings.config_dir / "config.toml"


def save_setting(settings: Settings, key: str, value: str | bool) -> Path:
    """Change one setting in config.toml as the app changes it (F3's theme), keeping the learner's comments, order
    and other keys (tomlkit edits the document in place); written atomically, 0600."""
    import tomlkit

    from .files import atomic_write

    if key not in BY_KEY:
        raise SettingsError(f"unknown setting '{key}'; known: {', '.join(BY_KEY)}.")
    path = config_file(settings)
    _read_config_file(path)  # a file the loader could not read is reported, never overwritten
    document = tomlkit.parse(path.read_text(encoding="utf-8-sig")) if path.is_file() else tomlkit.document()
    document[key] = value
    text = tomlkit.dumps(document).encode("utf-8")
    return atomic_write(path, lambda handle: handle.write(text))


def _from_environment(setting: Setting, environ: Mapping[str, str]) -> Path | None:
    for name in setting.env_names:
        if environ.get(name):
            return _coerce(setting, environ[name], f"${name}")
    return None


def _read_config_file(path: Path) -> dict[str, Any]:
    """config.toml as a table; any way it cannot be read is one sentence naming the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise SettingsError(f"{path}: this is a folder; config.toml must be a file.") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot be read ({error.strerror or error}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SettingsError(f"{path}: this is not UTF-8 text (byte {error.start}); save it as UTF-8.") from None
    import tomllib  # here, not at the top: most starts have no config.toml to read

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: this is not valid TOML: {error}") from None


def _keymap(value: Any, path: Path) -> tuple[tuple[str, str], ...]:
    """The [keymap] table: binding id = "keys" (several keys separated by commas)."""
    if not isinstance(value, dict):
        raise SettingsError(f"{path}: 'keymap' must be a table ([keymap], then id = \"keys\" lines), "
                            f"not {_shown(value)}.")
    for binding_id, keys in value.items():
        if not isinstance(keys, str):
            raise SettingsError(f"{path}: [keymap] '{binding_id}' must be keys in quotes, e.g. \"ctrl+k\", "
                                f"not {_shown(keys)}.")
    return tuple(value.items())


def _from_file(setting: Setting, value: Any, origin: str) -> Any:
    """A TOML value has its own type: a path or a name must be a string, a switch true or false."""
    if setting.kind is bool:
        if not isinstance(value, bool):
            raise SettingsError(f"{origin}: '{setting.key}' must be true or false, not {_shown(value)}.")
        return value
    if not isinstance(value, str):
        what = "a path" if setting.kind is Path else "text"
        raise SettingsError(f"{origin}: '{setting.key}' must be {what} in quotes, not {_shown(value)}.")
    return _coerce(setting, value, origin)


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    """A value given as text (environment, flag) or already checked (config.toml) as the setting's type."""
    if setting.kind is Path:
        if not str(value).strip():
            raise SettingsError(f"{origin}: '{setting.key}' must name a folder, not an empty path.")
        return Path(str(value)).expanduser()
    if setting.kind is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in TRUE_WORDS + FALSE_WORDS:
            raise SettingsError(f"{origin}: '{setting.key}' must be true or false, not {value!r}.")
        return text in TRUE_WORDS
    if setting.choices and str(value) not in setting.choices:
        raise SettingsError(f"{origin}: '{setting.key}' must be one of {', '.join(setting.choices)}, not {value!r}.")
    if setting.check is not None:
        try:
            return setting.check(str(value))
        except ValueError as rule:
            raise SettingsError(f"{origin}: '{setting.key}' {rule}, not {value!r}.") from None
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def as_environment(settings: Settings) -> dict[str, str]:
    """The settings as environment variables, for a child process that must see the same ones (`serve`'s tabs)."""
    environment = {}
    for setting in SETTINGS:
        value = getattr(settings, setting.key)
        if setting.kind is bool:
            value = "1" if value else None
        if value is not None:
            environment[setting.env_names[0]] = str(value)
    return environment


def readme_table() -> list[str]:
    """The README's settings table, row for row (a test checks the README holds exactly these lines)."""
    rows = ["| setting | flag | environment | default |", "|---|---|---|---|"]
    for setting in SETTINGS:
        env = ", ".join(f"`{name}`" for name in setting.env_names)
        flag = f"`{setting.flag}`" if setting.flag else "(config only)"
        rows.append(f"| {setting.label} | {flag} | {env} | {setting.default} |")
    return rows


def api_key_file(settings: Settings) -> Path:
    return settings.config_dir / "anthropic_key"


class KeyFileError(SettingsError):
    """The key file is readable by others, so (as ssh does with its keys) it is not used; the message says the fix."""


def load_api_key(settings: Settings, environ: Mapping[str, str] | None = None) -> str | None:
    """ANTHROPIC_API_KEY, else the first line of the private key file (a byte-order mark dropped); never stored
    anywhere else. Raises `KeyFileError` when the file is group- or world-readable."""
    environ = os.environ if environ is None else environ
    if environ.get("ANTHROPIC_API_KEY", "").strip():
        return environ["ANTHROPIC_API_KEY"].strip()
    path = api_key_file(settings)
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & 0o077:
            raise KeyFileError(
                f"{path} is readable by others (mode {mode & 0o777:o}), so the key in it was not used; "
                f"run: chmod 600 {path}"
            )
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return (lines[0].strip() or None) if lines else None
