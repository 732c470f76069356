"""Generating images in the screen-reader mode: a prompt, optional settings in words, pictures described in words.

The built-in model draws coloured shapes, so the shapes checker that scores the labs can say what each picture
shows ("one red circle in the left half"); every image is also saved as a PNG whose path is printed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Any

from ..services import Services
from .console import Console, Leave
from .words import count_words

HELP = """Generate commands:
  type a prompt    e.g. two red circles
  then Enter       to use the settings shown, or change them in words: steps 30 guidance 3 seed 7 batch 4
  q                back to the outline"""
SETTINGS = ("steps", "guidance", "seed", "batch", "scheduler", "size", "negative")


def generate_images(console: Console, services: Services) -> None:
    """Ask for prompts until the learner leaves; each run is described and saved."""
    from ..gen.form import FormValues

    console.say("Generate images. Type a prompt, for example: two red circles. q goes back.")
    form = FormValues(prompt="")
    while True:
        try:
            prompt = console.ask("prompt>", HELP)
        except Leave:
            return
        if not prompt:
            continue
        form = replace(form, prompt=prompt)
        console.say(f"Settings: {_settings_words(form)}. Enter to generate, or type changes like: steps 30 seed 4")
        try:
            changes = console.ask("settings>", HELP)
        except Leave:
            continue
        form = _apply(form, changes)
        _run(console, services, form)


def _settings_words(form: Any) -> str:
    return ", ".join(f"{name} {getattr(form, name) or 'default'}" for name in SETTINGS[:5])


def _apply(form: Any, changes: str) -> Any:
    """'steps 30 guidance 3' → the form with those fields replaced (unknown words are left for the form to refuse)."""
    updates = dict(re.findall(rf"\b({'|'.join(SETTINGS)})\s+(\S+)", changes.lower()))
    return replace(form, **updates)


def _run(console: Console, services: Services, form: Any) -> None:
    from ..gen.errors import GenerationCancelled, GenerationError
    from ..gen.png import default_png_path, save_result

    try:
        request = form.to_request()
        console.say("Loading the model and generating; this takes a few seconds on a CPU.")
        engine = services.engine()
        result = engine.generate(request)
    except KeyboardInterrupt:
        console.say("Stopped.")
        return
    except (GenerationCancelled, GenerationError) as error:
        console.say(f"error: {error}")
        return
    paths = save_result(result, default_png_path(services.settings.data_dir / "images", request.prompt))
    for index, (image, path) in enumerate(zip(result.images, paths, strict=True)):
        services.save(services.store.add_generation, request.prompt, result.params(index), str(path))
        seen = describe_picture(image) if services.settings.model is None else "a picture"
        console.say(f"Image {index + 1}, seed {request.seed + index}: {seen}. Saved as {path}.")
    console.say(f"{len(paths)} image(s) in {result.seconds:.1f} seconds.")


def describe_picture(image: Any) -> str:
    """What the shapes checker sees, in words: 'one red circle in the left half and two blue squares'."""
    from ..gen.checker import IMAGE_SIZE, find_blobs

    blobs = find_blobs(image)
    if not blobs:
        return "no clear shapes"
    groups: Counter[tuple[str, str]] = Counter((blob.colour, blob.shape) for blob in blobs)
    parts = []
    for (colour, shape), count in groups.items():
        places = [_where(blob.cx, IMAGE_SIZE) for blob in blobs if (blob.colour, blob.shape) == (colour, shape)]
        where = places[0] if count == 1 else f"({', '.join(places)})"
        parts.append(f"{count_words(count, f'{colour} {shape}')} {where}")
    return " and ".join(parts)


def _where(x: float, width: int) -> str:
    if x < width * 0.4:
        return "in the left half"
    if x > width * 0.6:
        return "in the right half"
    return "near the middle"
