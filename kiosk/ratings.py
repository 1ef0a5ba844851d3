"""好差评's closed sets: the five levels and the reasons a poor rating may give.

Apart from the records and the wire so the configuration (which picks and orders the reasons a
kiosk offers) can name them: the lowest layer, importing nothing of the kiosk.
"""

from __future__ import annotations

import enum

RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
"""The levels as 国办发〔2019〕51号 names them, 5 best."""

POOR_LEVELS = frozenset({1, 2})
"""不满意 and 非常不满意: the citizen is asked why, and may ask for a call back."""

CHANNEL = "自助终端"
"""The channel (评价渠道) a provincial 好差评 system files a kiosk's ratings under."""


class RatingReason(enum.StrEnum):
    """Why a citizen gave a poor rating. The values are stored and sent: they never change; the
    configuration (``[rating] reasons``) picks which the screen offers, and versions the list."""

    DEVICE_FAULT = "device_fault"  # 设备故障
    FACE_CHECK_FAILED = "face_check_failed"  # 人脸核验不通过
    NOT_DONE = "not_done"  # 未能办成
    HARD_TO_USE = "hard_to_use"  # 操作复杂
    TOO_SLOW = "too_slow"  # 等待时间长
    DOCUMENT_WRONG = "document_wrong"  # 材料有误
    NOT_OFFERED = "not_offered"  # 想办的业务不能办
    OTHER = "other"  # 其他
