"""The touch panels the kiosk supports, and the one this kiosk has (``[kiosk.panel]``).

A 政务服务一体机 comes with one of a few panels: a desk unit's 21.5" or 23.8" 1920 × 1080, an
upright (立式) unit's 32" or 43" 1080 × 1920, an older terminal's 19" 1280 × 1024 (5:4), a small
unit's 15.6" 1366 × 768, or a 43" 4K panel driven at a device-pixel ratio of 2. The screens are
laid out, and the accessibility audit is run, on every panel of this catalogue.

The configuration names one (``[kiosk.panel] name = "upright-32"``) or gives the sizes of
another (``width_px``, ``height_px``, ``diagonal_inch`` and ``device_pixel_ratio``), never
both. Either way :class:`PanelConfig` holds the resolved sizes.

Sizes are in millimetres on the glass: the window is laid out in *logical* pixels (the panel's
pixels divided by its device-pixel ratio, as Qt lays out widgets), so :attr:`PanelConfig.px_per_mm`
is logical pixels per millimetre. A ratio changes how sharp text is, not how large.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from annotated_types import Ge, Gt, Le, Lt

MM_PER_INCH = 25.4


class PanelName(StrEnum):
    DESK_21 = "desk-21"
    DESK_24 = "desk-24"
    UPRIGHT_32 = "upright-32"
    UPRIGHT_43 = "upright-43"
    DESK_19 = "desk-19"
    DESK_15 = "desk-15"
    WALL_43_4K = "wall-43-4k"


@dataclass(frozen=True, slots=True)
class PanelModel:
    """One panel of the catalogue: its pixels, diagonal and device-pixel ratio, and what it is."""

    width_px: int
    height_px: int
    diagonal_inch: float
    device_pixel_ratio: float
    what: str  # in the docs and the demo's contact sheet


PANELS: Mapping[PanelName, PanelModel] = MappingProxyType(
    {
        PanelName.DESK_21: PanelModel(1920, 1080, 21.5, 1.0, "desk unit, 21.5 inch (the reference panel)"),
        PanelName.DESK_24: PanelModel(1920, 1080, 23.8, 1.0, "desk unit, 23.8 inch"),
        PanelName.UPRIGHT_32: PanelModel(1080, 1920, 32.0, 1.0, "upright unit (立式), 32 inch"),
        PanelName.UPRIGHT_43: PanelModel(1080, 1920, 43.0, 1.0, "upright unit (立式), 43 inch"),
        PanelName.DESK_19: PanelModel(1280, 1024, 19.0, 1.0, "older terminal, 19 inch, 5:4"),
        PanelName.DESK_15: PanelModel(1366, 768, 15.6, 1.0, "small desk unit, 15.6 inch"),
        PanelName.WALL_43_4K: PanelModel(3840, 2160, 43.0, 2.0, "wall unit, 43 inch 4K at a ratio of 2"),
    }
)
"""Every panel the screens are laid out and audited on (tests/ui/test_panels.py)."""

REFERENCE = PanelName.DESK_21
"""The panel the theme's sizes were first drawn on; its figures are the audit's floors in pixels."""

_UNSET = 0  # a size the file did not give: the named panel's, or the reference panel's


def _ratio(value: float) -> None:
    if value not in (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0):
        raise ValueError("a device-pixel ratio the display server uses: 1, 1.25, 1.5, 1.75, 2, 2.5 or 3")


@dataclass(frozen=True, slots=True, kw_only=True)
class PanelConfig:
    """The touch panel, so sizes can be set in millimetres: a catalogue panel by ``name``, or the
    sizes of another. Built either way, it holds the resolved sizes."""

    name: PanelName | None = None
    """A panel of the catalogue (:data:`PANELS`); then give none of the sizes below."""
    width_px: Annotated[int, Ge(320), Le(16384)] = _UNSET  # Qt's widgets stop at 16 million; panels at 8K
    height_px: Annotated[int, Ge(320), Le(16384)] = _UNSET
    diagonal_inch: Annotated[float, Gt(5), Lt(120)] = _UNSET
    device_pixel_ratio: Annotated[float, _ratio] = _UNSET
    """The display server's scale for this panel (2 for a 4K panel shown as 1920 × 1080)."""

    def __post_init__(self) -> None:
        if self.name is not None and not isinstance(self.name, PanelName):
            object.__setattr__(self, "name", PanelName(self.name))  # a name given as text, in code
        given = {
            "width_px": self.width_px,
            "height_px": self.height_px,
            "diagonal_inch": self.diagonal_inch,
            "device_pixel_ratio": self.device_pixel_ratio,
        }
        if self.name is None and all(value == _UNSET for value in given.values()):
            object.__setattr__(self, "name", REFERENCE)  # nothing given: the reference panel
        model = PANELS[self.name or REFERENCE]  # a size left out of a panel's sizes: the reference's
        if self.name is not None:
            # A panel made from the catalogue (or copied) carries its own sizes: those agree.
            clashing = [key for key, value in given.items() if value not in (_UNSET, getattr(model, key))]
            if clashing:
                raise ValueError(
                    f"name = {self.name.value!r} is the catalogue's {_sizes(model)}; give its name or "
                    f"the sizes of another panel ({', '.join(clashing)}), not both"
                )
        for key, value in given.items():
            if value == _UNSET:
                object.__setattr__(self, key, getattr(model, key))

    @property
    def logical_width_px(self) -> int:
        """The window's width as Qt lays it out."""
        return round(self.width_px / self.device_pixel_ratio)

    @property
    def logical_height_px(self) -> int:
        return round(self.height_px / self.device_pixel_ratio)

    @property
    def px_per_mm(self) -> float:
        """Logical pixels per millimetre on the glass (square pixels)."""
        diagonal_px = math.hypot(self.logical_width_px, self.logical_height_px)
        return diagonal_px / (self.diagonal_inch * MM_PER_INCH)

    @property
    def upright(self) -> bool:
        """Taller than wide: screens stack what a desk panel puts side by side."""
        return self.height_px > self.width_px

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the glass in millimetres."""
        return self.logical_width_px / self.px_per_mm, self.logical_height_px / self.px_per_mm

    def label(self) -> str:
        """How the demo's contact sheet and ``kiosk diag`` name it: ``upright-32 · 1080 × 1920 · 32″``."""
        sizes = _sizes(self)
        return f"{self.name.value} · {sizes}" if self.name is not None else sizes


def _sizes(panel: PanelModel | PanelConfig) -> str:
    text = f"{panel.width_px} × {panel.height_px} · {panel.diagonal_inch:g}″"
    if panel.device_pixel_ratio != 1.0:
        text += f" · ratio {panel.device_pixel_ratio:g}"
    return text


def panel_named(name: PanelName | str) -> PanelConfig:
    """The catalogue's panel ``name`` (``ValueError`` for a name it does not have)."""
    try:
        return PanelConfig(name=PanelName(name))
    except ValueError:
        names = ", ".join(panel.value for panel in PanelName)
        raise ValueError(f"{name!r} is not a panel of the catalogue; it has {names}") from None
