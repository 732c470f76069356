"""The built-in pipeline's tiny components: a word-level CLIP tokenizer, text encoder, VAE, UNet and scheduler.

Shaped exactly like a Stable Diffusion 1.x checkpoint (same classes, same folder layout), only small, so the
code that loads it loads any local SD checkpoint too. Sizes follow the prototype in DESIGN.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.gen.shapes import IMAGE_SIZE, vocabulary

if TYPE_CHECKING:
    from diffusers import AutoencoderKL, DDPMScheduler, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTokenizer

MAX_TOKENS = 16
"""Longest caption ("a yellow triangle left of a green circle") is 8 words + start + end."""
LATENT_SIZE = IMAGE_SIZE // 4
TEXT_HIDDEN = 64
BOS, EOS = "<|startoftext|>", "<|endoftext|>"

SCHEDULER_CONFIG: dict[str, Any] = {
    # SD 1.x's schedule; steps_offset=1 or the pipeline warns.
    "num_train_timesteps": 1000,
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "steps_offset": 1,
    "clip_sample": False,
    "set_alpha_to_one": False,
    "prediction_type": "epsilon",
}


def _byte_symbols() -> list[str]:
    """GPT-2/CLIP's byte-to-unicode table: the letter fallbacks every byte-level BPE vocabulary starts with."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    codes, extra = list(printable), 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return [chr(code) for code in codes]


def learn_merges(words: list[str]) -> list[tuple[str, str]]:
    """BPE merges that build every word into one token.

    Learned like real BPE (most frequent pair first, all occurrences at once), so replaying them in rank order
    — which is what CLIPTokenizer does — rebuilds each training word exactly; hand-written per-word merge
    chains collide across words ("red" vs "green").
    """
    pieces = {word: [*word[:-1], word[-1] + "</w>"] for word in words}
    merges: list[tuple[str, str]] = []
    while True:
        pairs: Counter[tuple[str, str]] = Counter()
        for symbols in pieces.values():
            pairs.update(zip(symbols, symbols[1:], strict=False))
        if not pairs:
            return merges
        best = min(pairs, key=lambda pair: (-pairs[pair], pair))
        merges.append(best)
        for word, symbols in pieces.items():
            merged, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    merged.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    merged.append(symbols[i])
                    i += 1
            pieces[word] = merged


def write_tokenizer(folder: Path, words: list[str] | None = None) -> None:
    """A real CLIP tokenizer folder: byte fallbacks, one token per course word, SD's special tokens."""
    words = words or vocabulary()
    symbols = _byte_symbols()
    tokens = symbols + [s + "</w>" for s in symbols]
    merges = learn_merges(words)
    tokens += ["".join(pair) for pair in merges]
    tokens += [BOS, EOS]
    vocab = {token: index for index, token in enumerate(dict.fromkeys(tokens))}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    lines = ["#version: 0.2", *(f"{a} {b}" for a, b in merges)]
    (folder / "merges.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {
        "model_max_length": MAX_TOKENS,
        "bos_token": BOS,
        "eos_token": EOS,
        "unk_token": EOS,
        "pad_token": EOS,
        "tokenizer_class": "CLIPTokenizer",
        "do_lower_case": True,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def load_tokenizer(folder: Path) -> CLIPTokenizer:
    """from_pretrained, because in transformers 5 the vocab_file/merges_file arguments are silently ignored."""
    from transformers import CLIPTokenizer

    return CLIPTokenizer.from_pretrained(str(folder), local_files_only=True)


def make_text_encoder(tokenizer: CLIPTokenizer) -> CLIPTextModel:
    from transformers import CLIPTextConfig, CLIPTextModel

    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=TEXT_HIDDEN,
        intermediate_size=TEXT_HIDDEN * 2,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=MAX_TOKENS,
        projection_dim=TEXT_HIDDEN,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return CLIPTextModel(config)


def make_vae() -> AutoencoderKL:
    """32x32x3 <-> 8x8x4: three blocks, two downsamplings."""
    from diffusers import AutoencoderKL

    return AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 3,
        up_block_types=("UpDecoderBlock2D",) * 3,
        block_out_channels=(32, 64, 64),
        layers_per_block=1,
        latent_channels=4,
        norm_num_groups=32,
        sample_size=IMAGE_SIZE,
    )


def make_unet() -> UNet2DConditionModel:
    """(64, 128) channels with cross-attention at both levels, ~4M parameters."""
    from diffusers import UNet2DConditionModel

    return UNet2DConditionModel(
        sample_size=LATENT_SIZE,
        in_channels=4,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
        block_out_channels=(64, 128),
        layers_per_block=1,
        cross_attention_dim=TEXT_HIDDEN,
        attention_head_dim=8,
        norm_num_groups=32,
    )


def make_scheduler() -> DDPMScheduler:
    from diffusers import DDPMScheduler

    return DDPMScheduler.from_config(SCHEDULER_CONFIG)
