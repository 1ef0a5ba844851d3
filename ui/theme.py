"""The look of the kiosk: one theme, two modes (normal and 长辈模式), sizes in physical units.

Elderly-assist mode is a parameter of the theme, not a second set of screens.
Every size is given in pixels *at the reference panel* (1920×1080, 21.5") and
converted through the configured panel's pixel density, so a 1080×1920
portrait 32" kiosk shows the same millimetres. Rounding is always upwards so a
minimum (24 px body text, 12.7 mm touch target) is never missed by a fraction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from kiosk.config import PanelConfig

FONT_FAMILY = "Noto Sans CJK SC"  # explicit: fontconfig may pick WenQuanYi, which lacks 䶮 (docs/fonts)


def px_per_mm(panel: PanelConfig) -> float:
    """Logical pixels per millimetre (what Qt lays widgets out in; see kiosk/panels.py)."""
    return panel.px_per_mm


REFERENCE_PANEL = PanelConfig()
REFERENCE_PX_PER_MM = px_per_mm(REFERENCE_PANEL)  # ≈ 4.03 px/mm


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of ``#RRGGBB``."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 to 21)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


@dataclass(frozen=True, slots=True)
class Colours:
    """Every colour the screens use. Each text colour is paired with the backgrounds it sits on
    in :meth:`Colours.text_pairs`, and tests hold the pairs to 4.5:1 (normal) or 7:1 (elderly)."""

    background: str  # the screen
    surface: str  # cards and tiles
    text: str
    muted: str  # secondary text, on background and surface
    primary: str  # main action buttons, tile icons
    on_primary: str
    primary_soft: str  # the disc behind a tile's icon, focus rings
    danger: str  # 结束办理, 一键求助
    on_danger: str
    warning_surface: str  # the notice screen's panel
    success: str
    disabled_surface: str  # an unavailable tile
    disabled_text: str
    border: str
    header: str  # the top bar
    on_header: str
    overlay: str  # the dimmed layer behind an overlay (#AARRGGBB)

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(name, text colour, background colour) for every text the screens draw."""
        return [
            ("text on background", self.text, self.background),
            ("text on surface", self.text, self.surface),
            ("muted on background", self.muted, self.background),
            ("muted on surface", self.muted, self.surface),
            ("primary on surface", self.primary, self.surface),
            ("primary on background", self.primary, self.background),
            ("on primary", self.on_primary, self.primary),
            ("on danger", self.on_danger, self.danger),
            ("danger on surface", self.danger, self.surface),
            ("text on warning", self.text, self.warning_surface),
            ("success on surface", self.success, self.surface),
            ("disabled text", self.disabled_text, self.disabled_surface),
            ("on header", self.on_header, self.header),
            ("text on primary soft", self.text, self.primary_soft),
        ]


NORMAL_COLOURS = Colours(
    background="#F2F5F9",
    surface="#FFFFFF",
    text="#16202B",
    muted="#4A5666",
    primary="#0B57A4",
    on_primary="#FFFFFF",
    primary_soft="#E2ECF8",
    danger="#A8261C",
    on_danger="#FFFFFF",
    warning_surface="#FFF3DC",
    success="#1C6B39",
    disabled_surface="#E5E9EE",
    disabled_text="#4A5563",
    border="#C6D0DB",
    header="#0A3A6B",
    on_header="#FFFFFF",
    overlay="#B3101820",
)

ELDERLY_COLOURS = Colours(
    background="#FFFFFF",
    surface="#FFFFFF",
    text="#0A0F14",
    muted="#27313C",
    primary="#073F7C",
    on_primary="#FFFFFF",
    primary_soft="#E6EEF8",
    danger="#8A1C14",
    on_danger="#FFFFFF",
    warning_surface="#FFF1D6",
    success="#0F4F27",
    disabled_surface="#E8EBEF",
    disabled_text="#2B3440",
    border="#5B6775",
    header="#062D55",
    on_header="#FFFFFF",
    overlay="#CC0A0F14",
)


@dataclass(frozen=True, slots=True)
class Sizes:
    """Sizes in pixels at the reference panel (see the module docstring)."""

    caption: int  # the smallest text anywhere
    body: int
    button: int  # button labels
    heading: int
    title: int  # the one big line at the top of a screen
    touch: int  # the minimum touch target (height and width)
    button_height: int  # the usual button, above the minimum
    tile_height: int
    icon: int
    gap: int  # between items
    margin: int  # screen edges
    radius: int
    header_height: int


NORMAL_SIZES = Sizes(
    caption=24,  # the minimum for normal mode: nothing smaller
    body=28,
    button=30,
    heading=40,
    title=52,
    touch=52,  # 12.7 mm at 4.03 px/mm = 51.2 px
    button_height=96,
    tile_height=250,
    icon=88,
    gap=24,
    margin=56,
    radius=18,
    header_height=104,
)

ELDERLY_SIZES = Sizes(
    caption=36,  # body text ≥ 36 px: elderly mode has no smaller text at all
    body=40,
    button=44,
    heading=52,  # headings ≥ 48 px
    title=64,
    touch=81,  # 20 mm at 4.03 px/mm = 80.7 px
    button_height=112,
    tile_height=150,  # with padding 210 px: three rows of two fit the 1080 px panel, no tile cut off
    icon=104,
    gap=32,
    margin=48,
    radius=22,
    header_height=128,
)


# The floors, in millimetres on the glass: the pixel figures on the reference panel (4.034
# px/mm), rounded down. The accessibility check holds every screen to them (ui/accessibility_check.py).
TEXT_FLOOR_MM = 5.94  # 24 px: nothing smaller anywhere
ELDERLY_TEXT_FLOOR_MM = 8.92  # 36 px: 长辈模式 has no smaller text at all
ELDERLY_HEADING_FLOOR_MM = 11.89  # 48 px: 长辈模式's headings and titles
TARGET_FLOOR_MM = 12.7  # the smaller side of anything that takes a tap (vxsuite's minimum)
ELDERLY_TARGET_FLOOR_MM = 20.0  # 20 mm keys: no faster or surer to hit above (Colle & Hiszem 2004)
# Between two targets: standing at a kiosk, keys 1 mm or 3 mm apart made no measurable difference
# (Colle & Hiszem, Ergonomics 47(13), 2004); 3 mm is the floor, 4 mm for hands that shake more.
SPACING_FLOOR_MM = 3.0
ELDERLY_SPACING_FLOOR_MM = 4.0

REFERENCE_HEIGHT_MM = REFERENCE_PANEL.size_mm[1]  # ≈ 268 mm: the room the layouts were drawn for


def room_of(panel: PanelConfig) -> float:
    """How much of the reference panel's height this panel has, up to 1. A shorter panel (a 15.6"
    unit: 194 mm) draws every size above the floors that much smaller, so the screens drawn for
    the reference panel fit it; the floors stay as they are. Width is the layouts' business: they
    wrap and stack (an upright panel is narrower, and taller than anything needs)."""
    return min(1.0, panel.size_mm[1] / REFERENCE_HEIGHT_MM)


@dataclass(frozen=True, slots=True)
class Theme:
    elderly: bool
    scale: float  # this panel's px/mm over the reference panel's
    colours: Colours
    sizes: Sizes
    room: float = 1.0  # this panel's height over the reference panel's, up to 1 (room_of)
    upright: bool = False  # taller than wide: screens stack what a desk panel puts side by side

    @classmethod
    def for_panel(cls, panel: PanelConfig, *, elderly: bool = False) -> Theme:
        return cls(
            elderly=elderly,
            scale=px_per_mm(panel) / REFERENCE_PX_PER_MM,
            colours=ELDERLY_COLOURS if elderly else NORMAL_COLOURS,
            sizes=ELDERLY_SIZES if elderly else NORMAL_SIZES,
            room=room_of(panel),
            upright=panel.upright,
        )

    def with_elderly(self, elderly: bool) -> Theme:
        if elderly == self.elderly:
            return self
        return replace(
            self,
            elderly=elderly,
            colours=ELDERLY_COLOURS if elderly else NORMAL_COLOURS,
            sizes=ELDERLY_SIZES if elderly else NORMAL_SIZES,
        )

    @property
    def px_per_mm(self) -> float:
        return REFERENCE_PX_PER_MM * self.scale

    def px(self, reference_px: float) -> int:
        """Pixels on this panel for ``reference_px`` at the reference panel (times the panel's
        room), rounded up. For a size with a floor use :meth:`font_px` or :meth:`target_px`."""
        return math.ceil(reference_px * self.scale * self.room - 1e-9)

    def text_px(self, reference_px: float) -> int:
        """A width that holds words, kept in millimetres on a short panel: the words keep their size
        there (they are at their floors), so a box drawn smaller would wrap them onto more lines."""
        return math.ceil(reference_px * self.scale - 1e-9)

    def mm(self, millimetres: float) -> int:
        return math.ceil(millimetres * self.px_per_mm - 1e-9)

    # The floors the audit holds every screen to, in this panel's pixels.
    @property
    def min_body_px(self) -> int:
        return self.mm(ELDERLY_TEXT_FLOOR_MM if self.elderly else TEXT_FLOOR_MM)

    @property
    def min_heading_px(self) -> int:
        return self.mm(ELDERLY_HEADING_FLOOR_MM if self.elderly else TEXT_FLOOR_MM)

    @property
    def min_touch_px(self) -> int:
        return self.mm(ELDERLY_TARGET_FLOOR_MM if self.elderly else TARGET_FLOOR_MM)

    @property
    def min_contrast(self) -> float:
        return 7.0 if self.elderly else 4.5

    def spacing_px(self, reference_px: float) -> int:
        """The space between two targets: ``reference_px`` on this panel, never below the floor."""
        return max(
            self.px(reference_px), self.mm(ELDERLY_SPACING_FLOOR_MM if self.elderly else SPACING_FLOOR_MM)
        )

    def target_px(self, reference_px: float) -> int:
        """A tappable thing's side: ``reference_px`` on this panel, never below the touch floor."""
        return max(self.px(reference_px), self.min_touch_px)

    def font_px(self, role: str) -> int:
        """The pixel size of a text role on this panel, never below the floor for its kind."""
        s = self.sizes
        reference = {
            "caption": s.caption,
            "body": s.body,
            "button": s.button,
            "heading": s.heading,
            "title": s.title,
        }[role]
        floor = self.min_heading_px if role in ("heading", "title") else self.min_body_px
        return max(self.px(reference), floor)

    def stylesheet(self) -> str:
        """The window's style sheet: text roles (``role`` property) and button kinds (``kind``)."""
        c, s, px, font = self.colours, self.sizes, self.px, self.font_px
        button_height = self.target_px(s.button_height)
        header_button = self.target_px(s.header_height - 28)
        return f"""
* {{ font-family: "{FONT_FAMILY}"; }}
QWidget#KioskWindow, QStackedWidget, Screen {{ background: {c.background}; }}
QLabel {{ color: {c.text}; font-size: {font("body")}px; background: transparent; }}
QLabel[role="title"] {{ font-size: {font("title")}px; font-weight: 700; }}
QLabel[role="heading"] {{ font-size: {font("heading")}px; font-weight: 700; }}
QLabel[role="body"] {{ font-size: {font("body")}px; }}
QLabel[role="strong"] {{ font-size: {font("body")}px; font-weight: 700; }}
QLabel[role="caption"] {{ font-size: {font("caption")}px; color: {c.muted}; }}
QLabel[role="muted"] {{ font-size: {font("body")}px; color: {c.muted}; }}
QLabel[role="danger"] {{ font-size: {font("body")}px; color: {c.danger}; font-weight: 700; }}
QLabel[role="success"] {{ font-size: {font("body")}px; color: {c.success}; font-weight: 700; }}
QLabel[role="code"] {{ font-size: {font("title")}px; font-weight: 700; color: {c.primary};
    letter-spacing: {px(6)}px; }}
QFrame[panel="surface"] {{ background: {c.surface}; border: {px(2)}px solid {c.border};
    border-radius: {px(s.radius)}px; }}
QFrame[panel="warning"] {{ background: {c.warning_surface}; border: none; border-radius: {px(s.radius)}px; }}
QFrame[panel="warning"] QLabel[role="caption"],
QFrame[panel="warning"] QLabel[role="muted"] {{ color: {c.text}; }}
QFrame#Header {{ background: {c.header}; }}
QFrame#Header QLabel {{ color: {c.on_header}; font-size: {font("button")}px; font-weight: 700; }}
QFrame#Header QLabel[role="caption"] {{ font-size: {font("caption")}px; font-weight: 400; }}
/* No min-width: an explicit minimum is one a layout may squeeze a button down to, below its words;
   the padding keeps every button wider than the touch floor. */
QPushButton {{
    font-size: {font("button")}px; font-weight: 700;
    min-height: {button_height}px;
    padding: 0 {px(40)}px; border-radius: {px(s.radius)}px;
    color: {c.primary}; background: {c.surface}; border: {px(3)}px solid {c.primary};
}}
QPushButton:pressed {{ background: {c.primary_soft}; }}
QPushButton[kind="primary"] {{ color: {c.on_primary}; background: {c.primary}; border: none; }}
QPushButton[kind="primary"]:pressed {{ background: {c.header}; }}
QPushButton[kind="danger"] {{ color: {c.on_danger}; background: {c.danger}; border: none; }}
QPushButton[kind="header"] {{
    min-height: {header_button}px; padding: 0 {px(24)}px;
    color: {c.on_header}; background: transparent; border: {px(2)}px solid {c.on_header};
}}
QPushButton[kind="header"]:checked {{ color: {c.header}; background: {c.on_header}; }}
QPushButton[kind="help"] {{
    min-height: {header_button}px; padding: 0 {px(24)}px;
    color: {c.on_danger}; background: {c.danger}; border: {px(2)}px solid {c.on_header};
}}
QPushButton[kind="tile"] {{
    background: {c.surface}; border: {px(2)}px solid {c.border}; border-radius: {px(s.radius)}px;
    padding: {px(28)}px; text-align: left;
}}
QPushButton[kind="tile"]:pressed {{ background: {c.primary_soft}; border-color: {c.primary}; }}
QPushButton[kind="tile"]:disabled {{ background: {c.disabled_surface}; border-color: {c.disabled_surface}; }}
QPushButton[kind="tile"] QLabel[role="heading"] {{ color: {c.text}; }}
QPushButton[kind="tile"]:disabled QLabel {{ color: {c.disabled_text}; }}
QPushButton[kind="key"] {{ font-size: {font("title")}px; min-height: {button_height}px; padding: 0; }}
QScrollBar:vertical {{
    width: {px(20)}px; background: {c.primary_soft}; border-radius: {px(10)}px; margin: 0;
}}
QScrollBar::handle:vertical {{ background: {c.primary}; border-radius: {px(10)}px; min-height: {px(80)}px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
DiagnosticsScreen QPushButton:disabled {{
    color: {c.disabled_text}; background: {c.disabled_surface}; border-color: {c.disabled_surface};
}}
DiagnosticsScreen QPushButton[running="true"]:disabled {{
    color: {c.text}; background: {c.primary_soft}; border: {px(3)}px dashed {c.primary};
}}
"""
