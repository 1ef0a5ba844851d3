"""补打's words: the home screen's tile, the code's keypad and why a code is not taken, what the
reprint's visit says of itself, and the reprint code on the notice (home_screen.py,
reprint_code_screen.py, intro_screen.py, identify's hint, notice_screen.py).

Split from :mod:`ui.strings` (the rest of the citizen's words), with the same rules: zh_CN source
text in ``QT_TRANSLATE_NOOP("Kiosk", …)``, shown with :func:`ui.strings.t`; the English is in the
same ``kiosk/assets/i18n/kiosk_en.ts`` context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from kiosk.journey.view import ReprintProblem
from ui import strings
from ui.strings import QT_TRANSLATE_NOOP, t

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.journey.view import ReprintCodeView

# ---------------------------------------------------------------- the home screen's tile
TILE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "补打")
TILE_SUMMARY = QT_TRANSLATE_NOOP("Kiosk", "凭补打码，打印上次没有打印出来的页")

# ---------------------------------------------------------------- the code on its keypad
CODE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请输入补打码")
CODE_WHERE = QT_TRANSLATE_NOOP("Kiosk", "补打码共 8 位，印在凭条上。")
CODE_DELETE = QT_TRANSLATE_NOOP("Kiosk", "删除")  # the keypad's backspace
CODE_CONFIRM = QT_TRANSLATE_NOOP("Kiosk", "确认补打码")
CODE_RETYPE = QT_TRANSLATE_NOOP("Kiosk", "重新输入")
CODE_TYPED = QT_TRANSLATE_NOOP("Kiosk", "您输入的补打码：%1")
CODE_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请输入凭条上的 8 位补打码，然后点击“确认补打码”。")
# Why a code was not taken (kiosk.journey.view.ReprintProblem): what happened, then what to do.
PROBLEM_WHAT: Mapping[ReprintProblem, str] = {
    ReprintProblem.UNKNOWN: QT_TRANSLATE_NOOP("Kiosk", "没有找到这个补打码。"),
    ReprintProblem.USED: QT_TRANSLATE_NOOP("Kiosk", "这个补打码已经用过了，每个补打码只能用一次。"),
    ReprintProblem.EXPIRED: QT_TRANSLATE_NOOP("Kiosk", "这个补打码已过期，补打码的有效期是 %1 天。"),
    ReprintProblem.NOTHING_LEFT: QT_TRANSLATE_NOOP("Kiosk", "这份文件已经全部打印出来了，不需要补打。"),
    ReprintProblem.NOT_NOW: QT_TRANSLATE_NOOP("Kiosk", "补打暂时不能办理：%1。"),
    ReprintProblem.NOT_HERE: QT_TRANSLATE_NOOP("Kiosk", "这个补打码不能在本机补打。"),
}
PROBLEM_RETYPE = QT_TRANSLATE_NOOP("Kiosk", "请对照凭条逐位核对，然后重新输入。")
PROBLEM_TRY_LATER = QT_TRANSLATE_NOOP("Kiosk", "补打码仍然有效，请稍后再试。")
PROBLEM_AT_WINDOW = QT_TRANSLATE_NOOP(
    "Kiosk", "请在人工服务时间（%1 至 %2）到人工窗口办理，或拨打服务热线 %3。"
)
PROBLEM_CALL = QT_TRANSLATE_NOOP("Kiosk", "请拨打服务热线 %1 咨询。")  # a hall never staffed

# ---------------------------------------------------------------- the reprint's visit
INTRO_REPRINT = QT_TRANSLATE_NOOP("Kiosk", "补打：%1 没有打印出来的页（共 %2 页）")
NEED_SAME_CARD = QT_TRANSLATE_NOOP("Kiosk", "您需要：首次打印时使用的同一张证件。办理中需进行人脸核验。")
NEED_SAME_CARD_NO_FACE = QT_TRANSLATE_NOOP("Kiosk", "您需要：首次打印时使用的同一张证件。")

# ---------------------------------------------------------------- the code on the notice
NOTICE_CODE = QT_TRANSLATE_NOOP("Kiosk", "补打码")
NOTICE_SLIP_PRINTED = QT_TRANSLATE_NOOP("Kiosk", "补打码已打印在凭条上，请从右侧出纸口取走凭条。")
NOTICE_SLIP_MISSING = QT_TRANSLATE_NOOP("Kiosk", "凭条打印机暂时不能打印，请拍照或记下补打码。")


def problem_sentences(shown: ReprintCodeView, config: KioskConfig) -> tuple[str, str]:
    """Why the code was not taken, and what to do next (typing it again, later, a window or the
    hotline, by the hall's hours): two whole sentences in the current language."""
    problem = shown.problem
    assert problem is not None
    if problem is ReprintProblem.NOT_NOW:
        stopped = strings.unavailable_sentence(shown.stopped) if shown.stopped else ""
        return t(PROBLEM_WHAT[problem], stopped), t(PROBLEM_TRY_LATER)
    what = t(PROBLEM_WHAT[problem], shown.valid_days)
    if problem is ReprintProblem.UNKNOWN:
        return what, t(PROBLEM_RETYPE)
    help = config.help
    if help.staffed_on == "never":
        return what, t(PROBLEM_CALL, config.kiosk.hotline)
    return what, t(PROBLEM_AT_WINDOW, help.staffed_from, help.staffed_until, config.kiosk.hotline)
