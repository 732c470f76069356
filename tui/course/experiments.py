"""The names of the lab experiments content may offer, with one line each.

Kept here, free of torch, so `diffusion-course check` can validate lab.toml without the generation extra;
`tui.gen.experiments` implements each name, and a test keeps the two in step.
"""

EXPERIMENTS: dict[str, str] = {
    "forward-process": "Noise an image to chosen timesteps under linear, scaled-linear and cosine schedules.",
    "reverse-chain": "Watch x_t and the predicted x_0 while a sampler runs.",
    "sampler-comparison": "One prompt and seed under DDPM, DDIM, DPM-Solver++ and Euler at several step counts.",
    "vae-round-trip": "Image to 8x8x4 latent to reconstruction, channel by channel, with its error.",
    "latent-size-arithmetic": "How much smaller the latent is, for this model and for Stable Diffusion at 512x512.",
    "latent-vs-pixel-noise": "The same noise level added in latent space and in pixel space.",
    "latent-interpolation": "Walk between two generations' starting latents.",
    "guidance-sweep": "Three prompts × 16 seeds at guidance 0, 1, 3, 7.5, 30: adherence, diversity and saturation.",
    "negative-prompt": "The same prompt with and without a negative prompt.",
    "prompt-ablation": "Drop one word of the prompt at a time and see what each contributes.",
    "counting": "Counting prompts (1-4 shapes) over a batch of seeds, scored by the checker.",
    "attribute-binding": "Two colours on two shapes: does each colour land on the right shape?",
    "spatial-relations": "Left-of prompts over a batch of seeds, scored by the checker.",
    "solver-error-curve": "Euler, Heun, DDIM and DPM-Solver++ at several budgets: distance to a converged answer "
    "per network call.",
    "flow-vs-diffusion-2d": "Train a diffusion, a rectified-flow and a reflow model on 2-D points: path "
    "straightness and few-step error.",
    "cross-attention-maps": "Which pixels attend to each prompt word, and how many tokens a transformer denoiser sees.",
    "img2img-inpaint": "Image to image at rising strength, and inpainting one half, with diffusers' own pipelines.",
}
