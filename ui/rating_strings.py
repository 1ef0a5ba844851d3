"""好差评's words: the rating, a poor rating's reasons and the call back (rating_screen.py,
rating_reasons_screen.py, callback_screen.py).

Split from :mod:`ui.strings` (the rest of the citizen's words), with the same rules: zh_CN source
text in ``QT_TRANSLATE_NOOP("Kiosk", …)``, shown with :func:`ui.strings.t`; the English is in the
same ``kiosk/assets/i18n/kiosk_en.ts`` context.
"""

from __future__ import annotations

from collections.abc import Mapping

from ui.strings import QT_TRANSLATE_NOOP

# ---------------------------------------------------------------- rating
RATING_TITLE = QT_TRANSLATE_NOOP("Kiosk", "您对本次服务满意吗？")
RATING_BODY = QT_TRANSLATE_NOOP("Kiosk", "评价报送政务服务“好差评”系统，用于改进服务。")
RATING_SKIP = QT_TRANSLATE_NOOP("Kiosk", "跳过评价")
RATING_LEVELS: Mapping[int, str] = {
    5: QT_TRANSLATE_NOOP("Kiosk", "非常满意"),
    4: QT_TRANSLATE_NOOP("Kiosk", "满意"),
    3: QT_TRANSLATE_NOOP("Kiosk", "基本满意"),
    2: QT_TRANSLATE_NOOP("Kiosk", "不满意"),
    1: QT_TRANSLATE_NOOP("Kiosk", "非常不满意"),
}
RATING_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请为本次服务评价，点击一个选项即可。")

# ---------------------------------------------------------------- rating reasons and the call back
RATING_REASONS_TITLE = QT_TRANSLATE_NOOP("Kiosk", "很抱歉让您不满意。请问是哪些方面？")
RATING_REASONS_BODY = QT_TRANSLATE_NOOP("Kiosk", "可以选择多项，也可以不选直接提交。")
RATING_REASONS_SEND = QT_TRANSLATE_NOOP("Kiosk", "提交评价")
RATING_REASONS_CALLBACK = QT_TRANSLATE_NOOP("Kiosk", "提交并请工作人员回电")
RATING_REASONS_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请选择不满意的原因，可以选择多项，然后点击提交评价。")
# The reasons (kiosk.ratings.RatingReason values), as the configuration lists them.
RATING_REASON_LABELS: Mapping[str, str] = {
    "device_fault": QT_TRANSLATE_NOOP("Kiosk", "设备故障"),
    "face_check_failed": QT_TRANSLATE_NOOP("Kiosk", "人脸核验不通过"),
    "not_done": QT_TRANSLATE_NOOP("Kiosk", "未能办成"),
    "hard_to_use": QT_TRANSLATE_NOOP("Kiosk", "操作复杂"),
    "too_slow": QT_TRANSLATE_NOOP("Kiosk", "等待时间长"),
    "document_wrong": QT_TRANSLATE_NOOP("Kiosk", "材料有误"),
    "not_offered": QT_TRANSLATE_NOOP("Kiosk", "想办的业务不能办"),
    "other": QT_TRANSLATE_NOOP("Kiosk", "其他"),
}
CALLBACK_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请留下回访电话")
CALLBACK_CONSENT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "您的电话号码只用于这次评价的回访，加密保存，不会显示在屏幕上或记入日志；回访结束或 %1 天后删除。",
)
CALLBACK_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "电话号码：%1")
CALLBACK_NOT_A_NUMBER = QT_TRANSLATE_NOOP(
    "Kiosk", "这不是有效的电话号码，请输入 11 位手机号码，或带区号的固定电话。"
)
CALLBACK_SEND = QT_TRANSLATE_NOOP("Kiosk", "同意并提交")
KEYPAD_DELETE = QT_TRANSLATE_NOOP("Kiosk", "删除")  # the number pad's backspace
CALLBACK_SKIP = QT_TRANSLATE_NOOP("Kiosk", "不用回访")
CALLBACK_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "如需工作人员回电，请输入您的电话号码，然后点击同意并提交。")
