"""Settings: defaults < config.toml in the user config directory < environment < command-line flags.

The one source of truth for configuration. The Anthropic key is deliberately not a setting: it is read on demand
by `load_api_key`, so no printed or logged `Settings` can ever carry it.
"""

from __future__ import annotations

import os
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

APP_NAME = "diffusion-course"
ENV_PREFIX = "DIFFUSION_COURSE_"
DEFAULT_TUTOR_MODEL = "claude-sonnet-5-5"
IMAGE_PROTOCOLS = ("halfblock", "kitty", "sixel")
DEVICES = ("auto", "cpu", "cuda", "mps")


@dataclass(frozen=True)
class Settings:
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


# Environment variables for each setting, documented in `diffusion-course --help`.
ENVIRONMENT: dict[str, tuple[str, ...]] = {
    "data_dir": (f"{ENV_PREFIX}DATA_DIR",),
    "config_dir": (f"{ENV_PREFIX}CONFIG_DIR",),
    "lessons_dir": (f"{ENV_PREFIX}LESSONS",),
    "theme": (f"{ENV_PREFIX}THEME",),
    "offline": (f"{ENV_PREFIX}OFFLINE",),
    "screen_reader": (f"{ENV_PREFIX}SCREEN_READER",),
    "tutor_model": (f"{ENV_PREFIX}TUTOR_MODEL",),
    "tutor_base_url": (f"{ENV_PREFIX}TUTOR_BASE_URL", "ANTHROPIC_BASE_URL"),
    "model": (f"{ENV_PREFIX}MODEL",),
    "device": (f"{ENV_PREFIX}DEVICE",),
    "image_protocol": (f"{ENV_PREFIX}IMAGES",),
    "lrs_endpoint": (f"{ENV_PREFIX}LRS_ENDPOINT",),
    "class_home_page": (f"{ENV_PREFIX}CLASS_HOME_PAGE",),
    "learner_id": (f"{ENV_PREFIX}LEARNER_ID",),
    "registration": (f"{ENV_PREFIX}REGISTRATION",),
    "share_tutor_messages": (f"{ENV_PREFIX}SHARE_TUTOR_MESSAGES",),
}
BOOLEAN_SETTINGS = frozenset({"offline", "screen_reader", "share_tutor_messages"})


class SettingsError(ValueError):
    """A setting has a value the app cannot use; the message says which and where it came from."""


def default_dirs() -> tuple[Path, Path]:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)), Path(platformdirs.user_config_dir(APP_NAME))


def load_settings(flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Merge the four layers; `flags` holds only what the user actually passed (None means not given)."""
    environ = os.environ if environ is None else environ
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    data_dir, config_dir = default_dirs()
    config_dir = Path(flags.get("config_dir") or environ.get(ENVIRONMENT["config_dir"][0]) or config_dir)
    layers: dict[str, tuple[Any, str]] = {}
    config_file = config_dir / "config.toml"
    for key, value in _read_config_file(config_file).items():
        layers[key] = (value, str(config_file))
    for key, names in ENVIRONMENT.items():
        for name in names:
            if environ.get(name):
                layers[key] = (environ[name], f"${name}")
                break
    for key, value in flags.items():
        layers[key] = (value, f"--{key.replace('_', '-')}")
    settings = Settings(data_dir=data_dir, config_dir=config_dir)
    known = {f.name: f for f in fields(Settings)}
    for key, (value, origin) in layers.items():
        if key not in known:
            raise SettingsError(f"{origin}: unknown setting '{key}'; known: {', '.join(known)}.")
        settings = replace(settings, **{key: _coerce(key, value, origin)})
    return settings


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: this is not valid TOML: {error}") from error


def _coerce(key: str, value: Any, origin: str) -> Any:
    if key in {"data_dir", "config_dir", "lessons_dir"}:
        return Path(str(value)).expanduser()
    if key in BOOLEAN_SETTINGS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            raise SettingsError(f"{origin}: '{key}' must be true or false, not {value!r}.")
        return text in {"1", "true", "yes", "on"}
    if key in {"lrs_endpoint", "class_home_page"}:
        return _web_address(key, value, origin)
    if key == "registration":
        try:
            return str(uuid.UUID(str(value).strip()))
        except ValueError:
            raise SettingsError(f"{origin}: 'registration' must be a UUID, not {value!r}.") from None
    if key == "learner_id" and not str(value).strip():
        raise SettingsError(f"{origin}: 'learner_id' must not be empty.")
    choices = {"device": DEVICES, "image_protocol": IMAGE_PROTOCOLS}.get(key)
    if choices and str(value) not in choices:
        raise SettingsError(f"{origin}: '{key}' must be one of {', '.join(choices)}, not {value!r}.")
    return str(value)


def _web_address(key: str, value: Any, origin: str) -> str:
    text = str(value).strip()
    scheme, _, rest = text.partition("://")
    if scheme.lower() not in {"http", "https"} or not rest.strip("/"):
        raise SettingsError(f"{origin}: '{key}' must be an http:// or https:// address, not {value!r}.")
    return text


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
