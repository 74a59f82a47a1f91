"""The stance colours: one palette for every picture of a map, the web page and the HTML report alike.

The web page gets them as CSS custom properties (`--support`, ...) put in front of its stylesheet when it is served
(`css_variables`), and its network script reads those; the report's SVG, badges and legend take them from here.
Support and oppose are Okabe and Ito's colour-blind-safe blue and vermilion, the vermilion darkened so that white
badge text on it keeps WCAG's 4.5:1 contrast; neutral is grey, mixed dark amber, conditional violet (all five
above 4.5:1 under white text).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

STANCE_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "support": "#0072b2",
        "oppose": "#b84a00",
        "neutral": "#6b7280",
        "mixed": "#8a5a00",
        "conditional": "#6a4bb3",
    }
)


def css_variables() -> str:
    """The palette as a CSS rule of custom properties on :root."""
    return ":root { " + " ".join(f"--{stance}: {colour};" for stance, colour in STANCE_COLOURS.items()) + " }\n"
