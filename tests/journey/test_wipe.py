"""After a session ends, no object the next session can reach holds the citizen's data."""

from __future__ import annotations

import gc
import types
from collections.abc import Iterator
from datetime import date

import pytest

from kiosk.face.base import FaceVerdict
from kiosk.journey import JourneyState as S
from tests.journey.conftest import Rig
from tests.journey.fakes import card

NAME = "欧阳䶮"


def reachable(root: object, boundary: object, limit: int = 400_000) -> Iterator[object]:
    """Every object reachable from ``root``, skipping modules, classes and code (which hold no
    session data) and ``boundary``: the mock reader, which stands for the physical card."""
    seen = {id(root), id(boundary)}
    stack = [root]
    skip = (types.ModuleType, type, types.FunctionType, types.CodeType, types.BuiltinFunctionType)
    while stack and len(seen) < limit:
        obj = stack.pop()
        yield obj
        for ref in gc.get_referents(obj):
            if id(ref) in seen or isinstance(ref, skip):
                continue
            seen.add(id(ref))
            stack.append(ref)


def traces(rig: Rig, needles: list[str]) -> list[str]:
    found = []
    encoded = [n.encode() for n in needles]
    for obj in reachable(rig.journey, rig.reader):
        if (isinstance(obj, str) and any(n in obj for n in needles)) or (
            isinstance(obj, (bytes, bytearray)) and any(n in obj for n in encoded)
        ):
            found.append(repr(obj)[:80])
    return found


def holder_data(rig: Rig) -> list[str]:
    record = card(name=NAME)
    rig.reader.insert(record)
    return [record.name, record.id_number, record.address or "", record.id_number[6:14]]


def finish_printing(rig: Rig) -> None:
    rig.journey.confirm_print()
    rig.run_to(S.REMINDERS)
    rig.reader.remove()


@pytest.mark.parametrize("ending", ["completed", "cancelled", "refused", "face_failed"])
def test_nothing_personal_is_reachable_after_the_session(rig: Rig, ending: str) -> None:
    needles = holder_data(rig)
    before = traces(rig, needles)
    assert before == []  # the probe works on a clean journey
    rig.start("credit_report")
    if ending == "refused":
        rig.reader.insert(card(name=NAME, valid_until=date(2001, 1, 1)))
        rig.run_to(S.NOTICE)
    elif ending == "face_failed":
        rig.checker.verdicts = [FaceVerdict.NO_MATCH] * 3
        rig.run_to(S.NOTICE)
    else:
        rig.run_to(S.PREVIEW)
        assert traces(rig, needles), "the probe must see the data while the session is on"
        if ending == "cancelled":
            rig.journey.cancel()
        else:
            finish_printing(rig)
    rig.settle()
    gc.collect()
    assert traces(rig, needles) == []
    view = rig.journey.view()
    assert NAME not in repr(view) and needles[1] not in repr(view)


def test_identity_record_repr_never_shows_personal_fields() -> None:
    record = card(name=NAME)
    text = repr(record) + str(record)
    assert NAME not in text and record.id_number not in text and "北京" not in text
