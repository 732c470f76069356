"""The high-contrast theme (F3, or `theme = "high-contrast"`): yellow and cyan on black, every muted text white.

Registered by the app; state is never shown by colour alone, so this theme only makes what is there easier to see.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF80FF",
    warning="#FFB000",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    variables={"text-muted": "#FFFFFF", "footer-key-foreground": "#FFFF00", "block-cursor-background": "#FFFF00",
               "block-cursor-foreground": "#000000"},
)
