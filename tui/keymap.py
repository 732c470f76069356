"""Keys the learner can remap: every binding's id, the `[keymap]` table checked against them, and docs/keys.md.

Every binding of the app, its screens and widgets carries an id of its own. `config.toml` may remap any of them:

    [keymap]
    glossary = "ctrl+k"
    next-section = "n,j"

`check_keymap` refuses an unknown id or a key that would clash with another binding where both are active, in one
sentence naming both; the app then applies the table with Textual's `set_keymap`, so the footer and F1 show the
keys in effect. `python -m tui.keymap > docs/keys.md` writes the key reference from the bindings themselves
(a test checks the file is current).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _normalize_key_list  # Textual's own spelling of keys ("?" -> "question_mark")
from textual.screen import ModalScreen, Screen

ORDER = (
    "CourseApp", "OutlineScreen", "ReviewOffer", "ResetPlaceDialog", "SpacedReviewScreen", "ReaderScreen",
    "QuizScreen", "ModuleTestScreen", "LabScreen", "TutorPane",
    "TutorInput", "RunCard", "GenerateScreen", "ExperimentPicker", "ExperimentScreen", "GlossaryScreen", "HelpScreen",
    "ConfirmScreen", "TooSmallScreen",
)
"""The order of docs/keys.md; a class with bindings not named here comes after these."""
TITLES = {"CourseApp": "Everywhere", "TutorPane": "Tutor pane", "TutorInput": "Tutor question box",
          "RunCard": "A run the tutor proposes (in a lab)",
          "ExperimentPicker": "Choosing an experiment", "ConfirmScreen": "Yes/no questions",
          "TooSmallScreen": "Window too small"}
NAMES = {
    "escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab", "pagedown": "PgDn", "pageup": "PgUp",
    "home": "Home", "end": "End", "up": "↑", "down": "↓", "left": "←", "right": "→", "question_mark": "?",
}


class KeymapError(ValueError):
    """The [keymap] table names an unknown binding or makes two bindings share a key; the message says which."""


@dataclass(frozen=True)
class KeyScope:
    """A class whose bindings are active together: the app, a screen, a widget."""

    name: str
    title: str
    node: type[DOMNode]

    @property
    def own(self) -> list[Binding]:
        """The bindings this class declares itself (expanded: "n,right" is two)."""
        return list(Binding.make_bindings(vars(self.node).get("BINDINGS", [])))

    def keys(self, keymap: Mapping[str, str]) -> dict[str, set[str]]:
        """key -> the bindings (by id, or action when Textual's own have none) on it, with the keymap applied."""
        on_key: dict[str, set[str]] = {}
        for key, bindings in self.node._merge_bindings().key_to_bindings.items():
            for binding in bindings:
                name = binding.id or binding.action
                for new_key in keymap[binding.id].split(",") if binding.id in keymap else [key]:
                    on_key.setdefault(new_key, set()).add(name)
        return on_key


def scopes() -> list[KeyScope]:
    """Every class of the app with bindings of its own, in docs/keys.md's order."""
    from . import app, screens, widgets

    found: dict[str, type[DOMNode]] = {}
    modules = [app]
    for package in (screens, widgets):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            modules.append(importlib.import_module(info.name))
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__ \
                    and vars(value).get("BINDINGS"):
                found[value.__name__] = value
    names = sorted(found, key=lambda name: (ORDER.index(name) if name in ORDER else len(ORDER), name))
    return [KeyScope(name, _title(found[name]), found[name]) for name in names]


def _title(node: type[DOMNode]) -> str:
    return TITLES.get(node.__name__) or getattr(node, "help_title", None) or node.__name__.removesuffix("Screen")


def binding_ids() -> dict[str, Binding]:
    """Every binding id of the app, with its binding."""
    return {binding.id: binding for scope in scopes() for binding in scope.own if binding.id}


def normalized(keymap: Mapping[str, str]) -> dict[str, str]:
    """The keymap with Textual's spelling of keys ("?" is "question_mark"), as `set_keymap` will read it."""
    return {binding_id: _normalize_key_list(keys) for binding_id, keys in keymap.items()}


def check_keymap(keymap: Mapping[str, str], origin: str = "[keymap]") -> dict[str, str]:
    """The keymap, normalized; KeymapError (one sentence) for an unknown id or a key two bindings would share."""
    keymap = normalized(keymap)
    all_scopes = scopes()
    known = {binding.id for scope in all_scopes for binding in scope.own if binding.id}
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            raise KeymapError(f"{origin}: no key binding has the id '{binding_id}'; docs/keys.md lists them.")
        if not keys.strip(","):
            raise KeymapError(f"{origin}: '{binding_id}' needs at least one key.")
    moved = {binding_id for binding_id, keys in keymap.items() if keys != _default_keys(all_scopes, binding_id)}
    app_keys = all_scopes[0].keys(keymap)
    for scope in all_scopes:
        for key, names in scope.keys(keymap).items():
            if len(names) > 1 and names & moved:
                one, other = sorted(names & moved)[0], sorted(names - {sorted(names & moved)[0]})[0]
                _clash(origin, one, other, key, scope)
            if scope is all_scopes[0] or not issubclass(scope.node, Screen) or issubclass(scope.node, ModalScreen):
                continue
            for app_name in app_keys.get(key, set()) - names:  # on a screen, the screen's key hides the app's
                for name in names:
                    if {name, app_name} & moved:
                        _clash(origin, *sorted({name, app_name}, key=lambda n: n not in moved), key, scope)
    return keymap


def _default_keys(all_scopes: list[KeyScope], binding_id: str) -> str:
    return ",".join(binding.key for scope in all_scopes for binding in scope.own if binding.id == binding_id)


def _clash(origin: str, one: str, other: str, key: str, scope: KeyScope) -> None:
    raise KeymapError(f"{origin}: '{one}' and '{other}' would both be {key_label(key)} in {scope.title}; "
                      "choose another key for one of them.")


def key_label(key: str) -> str:
    """A key as the docs write it: F1, Ctrl+G, Esc, ?, n."""
    *modifiers, name = key.split("+")
    function_key = name.startswith("f") and name[1:].isdigit()
    name = NAMES.get(name, name.upper() if function_key or (modifiers and len(name) == 1) else name)
    return "+".join([*(modifier.capitalize() for modifier in modifiers), name])


def _rows(scope: KeyScope) -> Iterator[tuple[str, str, str]]:
    """(keys, what they do, id) for each binding id the class declares, keys of one id joined."""
    keys: dict[str, list[str]] = {}
    about: dict[str, str] = {}
    for binding in scope.own:
        assert binding.id, f"{scope.name}: a binding for {binding.key} has no id"
        label = binding.key_display if binding.key_display and "," not in binding.key else key_label(binding.key)
        keys.setdefault(binding.id, [])
        if label not in keys[binding.id]:
            keys[binding.id].append(label)
        about[binding.id] = binding.tooltip or binding.description
    for binding_id, labels in keys.items():
        yield " or ".join(labels), about[binding_id], binding_id


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


INTRO = """\
# Keys

<!-- Generated from the bindings by `python -m tui.keymap > docs/keys.md`; do not edit by hand. -->

Everything works from the keyboard. The footer shows the main keys of the screen you are on; **F1** (or **?**)
lists every key of that screen as it is at that moment, remapped keys included. Ctrl+P opens the command palette:
type to jump anywhere ("lesson 2 quiz", "lesson 3 lab", "module test", "glossary"). Ctrl+Q always quits.

## Remapping keys

Every binding below has an id. To change its keys, add a `[keymap]` table to `config.toml` in the config folder
(`~/.config/diffusion-course/` on Linux), one line per id, several keys separated by commas:

```toml
[keymap]
glossary = "ctrl+k"
next-section = "n,j"
```

An unknown id, or a key that another binding of the same screen already uses, stops the course with one line
naming both, before anything is drawn.
"""


def keys_markdown() -> str:
    """docs/keys.md: the intro, then a table per screen or widget, straight from the bindings."""
    parts = [INTRO]
    for scope in scopes():
        rows = list(_rows(scope))
        if not rows:
            continue
        parts.append(f"\n## {scope.title}\n\n| Key | What it does | id |\n|---|---|---|\n")
        parts.extend(f"| {_cell(keys)} | {_cell(about)} | `{binding_id}` |\n" for keys, about, binding_id in rows)
    return "".join(parts)


if __name__ == "__main__":
    print(keys_markdown(), end="")
