"""The record store's credentials: an environment variable or a private file, never the database or a log.

Kept apart from `Settings` (like the tutor's API key) so that no printed settings can carry them.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "DIFFUSION_COURSE_LRS_CREDENTIALS"
FILE_NAME = "lrs_credentials"


class CredentialsError(ValueError):
    """The credentials exist but cannot be used; the message says what to fix (and never holds the secret)."""


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = ""
    origin: str = ""
    """Where they came from, to show in `sync --status` (the variable's name or the file's path)."""

    def __repr__(self) -> str:  # a stray print or log line must not show the password
        return f"Credentials(username={self.username!r}, origin={self.origin!r})"


def credentials_file(config_dir: Path) -> Path:
    return config_dir / FILE_NAME


def load_credentials(config_dir: Path, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """`user:password` from $DIFFUSION_COURSE_LRS_CREDENTIALS, else the first line of CONFIG_DIR/lrs_credentials
    (which must be private to its owner, mode 0600); None when neither is there."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VAR, "").strip():
        return _parse(environ[ENV_VAR].strip(), f"${ENV_VAR}")
    path = credentials_file(config_dir)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CredentialsError(f"{path}: cannot be read ({error.strerror})") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(f"{path}: others can read it; make it private with: chmod 600 {path}")
    line = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not line:
        raise CredentialsError(f"{path}: is empty; write user:password on its first line")
    return _parse(line, str(path))


def _parse(text: str, origin: str) -> Credentials:
    username, colon, password = text.partition(":")
    if not colon or not username:
        raise CredentialsError(f"{origin}: must be user:password")
    return Credentials(username, password, origin)
