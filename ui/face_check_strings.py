"""The face check's words: the screen's title, attempts and tips, what to do now and the result
(face_check_screen.py).

Split from :mod:`ui.strings` (the rest of the citizen's words), with the same rules: zh_CN source
text in ``QT_TRANSLATE_NOOP("Kiosk", …)``, shown with :func:`ui.strings.t`; the English is in the
same ``kiosk/assets/i18n/kiosk_en.ts`` context.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ui.strings import QT_TRANSLATE_NOOP, t

if TYPE_CHECKING:
    from kiosk.face.base import FacePrompt, FaceVerdict

# ---------------------------------------------------------------- the screen
FACE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "人脸核验")
FACE_ATTEMPT = QT_TRANSLATE_NOOP("Kiosk", "第 %1 次，共 %2 次")
FACE_STEPS = QT_TRANSLATE_NOOP("Kiosk", "动作 %1 / %2")
FACE_STEPS_WAITING = QT_TRANSLATE_NOOP("Kiosk", "请把脸放进椭圆框内")
FACE_PRIVACY = QT_TRANSLATE_NOOP("Kiosk", "画面只用于本次核验，不会保存。")
FACE_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请正对摄像头，把脸放进椭圆框内，按提示完成动作。")
# Between attempts: what helps, and the button (never a word that doubts who the citizen is).
FACE_TIPS_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请调整一下，再试一次")
FACE_TIPS = QT_TRANSLATE_NOOP(
    "Kiosk", "请摘下帽子和口罩；戴眼镜的话，请摘下或避开反光；站到光线明亮的地方，正对摄像头。"
)
FACE_RETRY = QT_TRANSLATE_NOOP("Kiosk", "重新核验")
FACE_TIPS_SPOKEN = QT_TRANSLATE_NOOP(
    "Kiosk", "请摘下帽子和口罩，站到光线明亮的地方。准备好后，请点击重新核验。"
)


# ---------------------------------------------------------------- what to do now, and the result
# Built on first use, as they were in ui.strings: kiosk.face.base brings numpy, and reading this
# module's constants should not.
@functools.cache
def face_prompts() -> Mapping[FacePrompt, str]:
    from kiosk.face.base import FacePrompt  # noqa: PLC0415 - numpy, behind the face check: not at first paint

    return {
        FacePrompt.LOOK_AT_CAMERA: QT_TRANSLATE_NOOP("Kiosk", "请正对摄像头"),
        FacePrompt.ONE_PERSON_ONLY: QT_TRANSLATE_NOOP("Kiosk", "请确保画面中只有您一人"),
        FacePrompt.MOVE_CLOSER: QT_TRANSLATE_NOOP("Kiosk", "请靠近一些"),
        FacePrompt.MOVE_BACK: QT_TRANSLATE_NOOP("Kiosk", "请离远一些"),
        FacePrompt.CENTRE_FACE: QT_TRANSLATE_NOOP("Kiosk", "请把脸移到框内"),
        FacePrompt.MORE_LIGHT: QT_TRANSLATE_NOOP("Kiosk", "光线太暗，请靠近灯光"),
        FacePrompt.BACKLIT: QT_TRANSLATE_NOOP("Kiosk", "背后光线太强，请换个角度"),
        FacePrompt.HOLD_STILL: QT_TRANSLATE_NOOP("Kiosk", "请保持不动"),
        FacePrompt.TURN_LEFT: QT_TRANSLATE_NOOP("Kiosk", "请慢慢向左转头"),
        FacePrompt.TURN_RIGHT: QT_TRANSLATE_NOOP("Kiosk", "请慢慢向右转头"),
        FacePrompt.CHECKING: QT_TRANSLATE_NOOP("Kiosk", "正在核验，请稍候"),
    }


@functools.cache
def face_verdicts() -> Mapping[FaceVerdict, str]:
    from kiosk.face.base import FaceVerdict  # noqa: PLC0415 - numpy, behind the face check: not at first paint

    return {
        FaceVerdict.PASSED: QT_TRANSLATE_NOOP("Kiosk", "核验通过"),
        FaceVerdict.NO_MATCH: QT_TRANSLATE_NOOP("Kiosk", "没有核验通过，请再试一次。"),
        FaceVerdict.LIVENESS_FAILED: QT_TRANSLATE_NOOP("Kiosk", "没有完成动作，请按提示再试一次。"),
        FaceVerdict.TIMED_OUT: QT_TRANSLATE_NOOP("Kiosk", "时间到了，请再试一次。"),
    }


def face_prompt(prompt: FacePrompt) -> str:
    return t(face_prompts()[prompt])


def face_verdict(verdict: FaceVerdict) -> str:
    return t(face_verdicts()[verdict])
