"""The demo: every journey, played by a scripted citizen against the mock devices.

- :mod:`~kiosk.demo.people`: the demo's made-up citizens, their cards, the demo PINs;
- :mod:`~kiosk.demo.scenarios`: who comes, for what, and what goes wrong;
- :mod:`~kiosk.demo.rig`: a mock kiosk for a scenario, on a fake clock;
- :mod:`~kiosk.demo.player`: the scripted citizen (and technician) that plays one;
- :mod:`~kiosk.demo.transcript`: every scenario headless, and what the kiosk showed written down;
- :mod:`~kiosk.demo.out_dir`: the one kind of folder the demo writes into.

Headless, :func:`play_all` writes a transcript of every scenario, the PDF of every document printed
and a PNG of every receipt slip. The touchscreen demo (``ui.demo``) plays the same scenarios and adds
a screenshot of every screen.
"""

from __future__ import annotations

from kiosk.demo.out_dir import MARKER, OutDirError, claim_out_dir
from kiosk.demo.people import (
    DEMO_TECHNICIAN_PIN,
    DEMO_WRONG_PIN,
    LI_YAN,
    LIU_XIUYING,
    MA_XIAOYAN,
    NOT_IN_REGISTRY,
    ZHANG_WEI,
    ZHAO_JIANGUO,
    card_of,
    demo_card,
    demo_people,
)
from kiosk.demo.player import DemoPlayer, Hook, PinEntry
from kiosk.demo.rig import Mocks, demo_config, start_scenario
from kiosk.demo.scenarios import Scenario, ScenarioResult, scenarios
from kiosk.demo.transcript import WORK, play_all, result_line, save_outputs, transcript_hook

__all__ = [
    "DEMO_TECHNICIAN_PIN",
    "DEMO_WRONG_PIN",
    "LIU_XIUYING",
    "LI_YAN",
    "MARKER",
    "MA_XIAOYAN",
    "NOT_IN_REGISTRY",
    "WORK",
    "ZHANG_WEI",
    "ZHAO_JIANGUO",
    "DemoPlayer",
    "Hook",
    "Mocks",
    "OutDirError",
    "PinEntry",
    "Scenario",
    "ScenarioResult",
    "card_of",
    "claim_out_dir",
    "demo_card",
    "demo_config",
    "demo_people",
    "play_all",
    "result_line",
    "save_outputs",
    "scenarios",
    "start_scenario",
    "transcript_hook",
]
