"""Which tutor a learner gets, and that choosing one imports neither the SDK nor the search library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui.config import Settings
from tui.tutor import make_provider
from tui.tutor.anthropic_provider import AnthropicProvider
from tui.tutor.offline import OfflineTutor

from .tutor_course import tiny_course


def settings(tmp_path: Path, **changes: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config", **changes)  # type: ignore[arg-type]


def test_no_key_and_no_server_means_the_offline_tutor(tmp_path: Path) -> None:
    assert isinstance(make_provider(settings(tmp_path), tiny_course(), environ={}), OfflineTutor)


def test_a_key_in_the_environment_means_claude_with_the_configured_model(tmp_path: Path) -> None:
    provider = make_provider(settings(tmp_path, tutor_model="claude-x"), tiny_course(),
                             environ={"ANTHROPIC_API_KEY": "sk-secret"})
    assert isinstance(provider, AnthropicProvider) and provider.model == "claude-x"
    assert "sk-secret" not in repr(provider) and "sk-secret" not in provider.label


def test_a_key_file_or_a_server_alone_is_enough(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "anthropic_key").write_text("sk-file\n")
    (tmp_path / "config" / "anthropic_key").chmod(0o600)  # a key file others can read is refused (test_config)
    assert isinstance(make_provider(settings(tmp_path), tiny_course(), environ={}), AnthropicProvider)
    served = make_provider(settings(tmp_path / "x", tutor_base_url="http://lab:8000"), tiny_course(), environ={})
    assert isinstance(served, AnthropicProvider) and served.base_url == "http://lab:8000"


def test_offline_wins_over_a_key(tmp_path: Path) -> None:
    chosen = make_provider(settings(tmp_path, offline=True), tiny_course(), environ={"ANTHROPIC_API_KEY": "k"})
    assert isinstance(chosen, OfflineTutor)


def test_the_tutor_package_and_its_command_import_no_heavy_module() -> None:
    probe = (
        "import sys, tui.tutor, tui.tutor.commands\n"
        "print(' '.join(m for m in ('anthropic', 'bm25s', 'numpy', 'textual', 'torch') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert result.stdout.split() == []
