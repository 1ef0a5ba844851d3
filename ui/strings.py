"""Every sentence the citizen sees or hears, in one module, behind Qt's translation.

The source language is zh_CN (the kiosk's default); ``kiosk/assets/i18n/kiosk_en.ts``
holds the English. A constant here is the Chinese source text, marked with
``QT_TRANSLATE_NOOP`` so ``pyside6-lupdate`` finds it; :func:`t` translates it
*when a screen renders*, so switching language re-renders in the new one.

Rules (STYLE.md rule 9): whole sentences only — a value goes into a sentence
through a ``%1`` placeholder, never by joining pieces; buttons start with a verb.
Add a string: put the constant here, use ``t(strings.NAME)`` in the screen, run
``make translations`` and fill in the English in the .ts file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.journey.states import NoticeReason
from kiosk.journey.view import IdentifyHint, Reminder, VisitStep
from kiosk.parts import Part

if TYPE_CHECKING:
    from kiosk.documents.base import FetchFailure
    from kiosk.health import Unavailability
    from kiosk.identity import Problem
    from kiosk.parts import Reading

CONTEXT = "Kiosk"


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Marks ``source`` for translation (Qt's own returns ``object`` to the type checker)."""
    return source


_PLACEHOLDER = re.compile(r"%([1-9])")


def _fill(text: str, args: tuple[object, ...]) -> str:
    # One pass, like QString.arg: a value that itself contains "%2" is never expanded again.
    def value(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return str(args[index - 1]) if index <= len(args) else match.group(0)

    return _PLACEHOLDER.sub(value, text) if args else text


def t(source: str, *args: object) -> str:
    """``source`` in the current language, with ``%1``… replaced by ``args``."""
    return _fill(QCoreApplication.translate(CONTEXT, source), args)


class Kiosk(QObject):
    """Sentences with a count. pyside6-lupdate makes a message numerus (one English form per plural:
    "1 page", "2 pages") only from a ``tr()`` call that passes the count, and files it under the
    class's name — the same context as every other string. Qt puts the count in place of %n."""

    def idle_body(self, seconds: int) -> str:
        return self.tr("%n 秒后将结束本次办理，并清除您的信息。", "", seconds)

    def diagnostics_idle_body(self, seconds: int) -> str:
        return self.tr("%n 秒后将退出维护，回到服务界面。", "", seconds)

    def preview_pages(self, count: int) -> str:
        return self.tr("共 %n 页", "", count)

    def pin_locked(self, minutes: int) -> str:
        return self.tr("密码错误次数过多，请 %n 分钟后再试。", "", minutes)

    def sessions_count(self, count: int) -> str:
        return self.tr("%n 次", "", count)

    def businesses_count(self, count: int) -> str:
        return self.tr("共 %n 家", "", count)


@functools.cache
def _counted() -> Kiosk:
    return Kiosk()


def idle_body(seconds: int) -> str:
    return _counted().idle_body(seconds)


def diagnostics_idle_body(seconds: int) -> str:
    return _counted().diagnostics_idle_body(seconds)


def preview_pages(count: int) -> str:
    return _counted().preview_pages(count)


def pin_locked(minutes: int) -> str:
    """The PIN pad after too many wrong PINs: try again in ``minutes``."""
    return _counted().pin_locked(minutes)


def sessions_count(count: int) -> str:
    return _counted().sessions_count(count)


def businesses_count(count: int) -> str:
    """共 3 家: how many businesses the paged list holds."""
    return _counted().businesses_count(count)


# ---------------------------------------------------------------- the frame (header, overlays)
KIOSK_NAME = QT_TRANSLATE_NOOP("Kiosk", "政务服务自助终端")
ELDERLY_MODE = QT_TRANSLATE_NOOP("Kiosk", "长辈模式")
ELDERLY_MODE_OFF = QT_TRANSLATE_NOOP("Kiosk", "退出长辈模式")
SWITCH_TO_ENGLISH = QT_TRANSLATE_NOOP("Kiosk", "English")
SWITCH_TO_CHINESE = QT_TRANSLATE_NOOP("Kiosk", "中文")
READ_ALOUD = QT_TRANSLATE_NOOP("Kiosk", "朗读")
ASK_FOR_HELP = QT_TRANSLATE_NOOP("Kiosk", "一键求助")
HELP_TITLE = QT_TRANSLATE_NOOP("Kiosk", "需要帮助？")
HELP_WHERE = QT_TRANSLATE_NOOP("Kiosk", "服务地点：%1")
CLOSE_HELP = QT_TRANSLATE_NOOP("Kiosk", "关闭")
# 一键求助 says who answers now (kiosk.journey.help.HelpAnswer), and nothing it cannot keep.
HELP_STAFF_COMING = QT_TRANSLATE_NOOP("Kiosk", "已通知大厅工作人员，请在本机旁稍候。")
HELP_STAFF_AT_WINDOW = QT_TRANSLATE_NOOP("Kiosk", "大厅现在有工作人员，请到人工窗口找工作人员，或拨打：")
HELP_DUTY_PHONE = QT_TRANSLATE_NOOP("Kiosk", "现在是非工作时间，大厅没有工作人员。请拨打值班电话：")
HELP_HOTLINE_ONLY = QT_TRANSLATE_NOOP(
    "Kiosk", "现在大厅没有工作人员。请拨打服务热线咨询，或在人工服务时间再来："
)
HELP_KIOSK_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "本机编号：%1")
HELP_STAFFED_HOURS = QT_TRANSLATE_NOOP("Kiosk", "人工服务时间：%1 至 %2")
HELP_KEPT = QT_TRANSLATE_NOOP("Kiosk", "关闭本窗口前，本次办理会一直为您保留。")
HELP_SPOKEN_CALL = QT_TRANSLATE_NOOP(
    "Kiosk", "%1 %2。请告诉对方本机编号 %3。"
)  # the answer, the number, the kiosk
IDLE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "您还在吗？")
MORE_TIME = QT_TRANSLATE_NOOP("Kiosk", "需要更多时间")
# One word for one action on every screen: 结束办理 ends a visit under way (bottom left); 完成 leaves
# a visit that has ended (the notice, the goodbye).
END_SESSION = QT_TRANSLATE_NOOP("Kiosk", "结束办理")
GO_BACK = QT_TRANSLATE_NOOP("Kiosk", "返回")
DONE = QT_TRANSLATE_NOOP("Kiosk", "完成")
PLEASE_WAIT = QT_TRANSLATE_NOOP("Kiosk", "请稍候…")
# Page buttons (ui/widgets/pager.py) for a list or pages that do not fit the screen.
PAGE_PREVIOUS = QT_TRANSLATE_NOOP("Kiosk", "上一页")
PAGE_NEXT = QT_TRANSLATE_NOOP("Kiosk", "下一页")
PAGE_OF = QT_TRANSLATE_NOOP("Kiosk", "第 %1 页，共 %2 页")
PAGE_OF_TOTAL = QT_TRANSLATE_NOOP("Kiosk", "%1（%2）")  # 第 1 页，共 2 页（共 3 家）

READ_AGAIN = QT_TRANSLATE_NOOP("Kiosk", "再听一遍")  # 长辈模式: the screen's instruction, once more
# The step bar (ui/widgets/step_bar.py): which step of the visit, of how many.
VISIT_STEPS: Mapping[VisitStep, str] = {
    VisitStep.CODE: QT_TRANSLATE_NOOP("Kiosk", "补打码"),  # a reprint's first step
    VisitStep.IDENTIFY: QT_TRANSLATE_NOOP("Kiosk", "身份核验"),
    VisitStep.FACE_CHECK: QT_TRANSLATE_NOOP("Kiosk", "人脸核验"),
    VisitStep.CHECK: QT_TRANSLATE_NOOP("Kiosk", "核对"),
    VisitStep.PRINT: QT_TRANSLATE_NOOP("Kiosk", "打印"),
    VisitStep.COLLECT: QT_TRANSLATE_NOOP("Kiosk", "取件"),
}
STEP_OF = QT_TRANSLATE_NOOP("Kiosk", "第 %1 步，共 %2 步：%3")
# Before ending a visit in 长辈模式 (ui/widgets/end_confirm.py).
END_CONFIRM_TITLE = QT_TRANSLATE_NOOP("Kiosk", "要结束本次办理吗？")
END_CONFIRM_BODY = QT_TRANSLATE_NOOP("Kiosk", "结束后，您的信息会从本机清除，需要重新开始办理。")
KEEP_GOING = QT_TRANSLATE_NOOP("Kiosk", "继续办理")

# ---------------------------------------------------------------- attract
ATTRACT_TITLE = QT_TRANSLATE_NOOP("Kiosk", "政务服务 自助办理")
ATTRACT_TOUCH = QT_TRANSLATE_NOOP("Kiosk", "请触摸屏幕开始")
ATTRACT_HOURS = QT_TRANSLATE_NOOP("Kiosk", "服务时间：%1")
ATTRACT_BRING_CARD = QT_TRANSLATE_NOOP("Kiosk", "请携带本人居民身份证或外国人永久居留身份证")
ATTRACT_SERVICES = QT_TRANSLATE_NOOP("Kiosk", "可办理：")
ATTRACT_HOTLINE = QT_TRANSLATE_NOOP("Kiosk", "服务热线：%1")
ATTRACT_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请触摸屏幕开始办理。")
ATTRACT_ELDERLY = QT_TRANSLATE_NOOP("Kiosk", "使用长辈模式开始")
ATTRACT_ENGLISH = QT_TRANSLATE_NOOP("Kiosk", "Start in English")  # said in the language it offers

# ---------------------------------------------------------------- home
HOME_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请选择要办理的业务")
HOME_SUBTITLE = QT_TRANSLATE_NOOP("Kiosk", "全程约 2 分钟，需要本人身份证")
HOME_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请选择要办理的业务。点击屏幕上的业务名称即可开始。")
TILE_UNAVAILABLE = QT_TRANSLATE_NOOP("Kiosk", "暂停服务：%1")
HOME_NONE_AVAILABLE = QT_TRANSLATE_NOOP("Kiosk", "暂时没有可办理的业务，请到人工窗口办理。")

# ---------------------------------------------------------------- intro (consent)
INTRO_TITLE = QT_TRANSLATE_NOOP("Kiosk", "办理须知")
INTRO_NEED = QT_TRANSLATE_NOOP(
    "Kiosk", "您需要：本人居民身份证或外国人永久居留身份证。办理中需进行人脸核验。"
)
INTRO_NEED_SOCIAL = QT_TRANSLATE_NOOP("Kiosk", "您需要：本人居民身份证或社会保障卡。办理中需进行人脸核验。")
INTRO_NEED_NO_FACE = QT_TRANSLATE_NOOP("Kiosk", "您需要：本人居民身份证或外国人永久居留身份证。")
INTRO_CONSENT = QT_TRANSLATE_NOOP(
    "Kiosk",
    "为办理本业务，本机将读取您的证件信息，并采集您的现场照片与证件照片比对。"
    "您的信息仅用于本次办理，办理结束后立即从本机清除，不会保存或用于其他用途。"
    "本机只记录脱敏后的证件号码和办理结果，用于统计和查验。",
)
INTRO_AGREE = QT_TRANSLATE_NOOP("Kiosk", "同意并继续")
INTRO_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请阅读办理须知。同意后，请点击“同意并继续”。")

# ---------------------------------------------------------------- identify
IDENTIFY_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请将身份证放在感应区")
IDENTIFY_TITLE_SOCIAL = QT_TRANSLATE_NOOP("Kiosk", "请将身份证或社保卡放在感应区")
IDENTIFY_WHERE = QT_TRANSLATE_NOOP("Kiosk", "感应区在屏幕下方，亮灯处。放好后请不要移动证件。")
# While the reader reads a card it has found (JourneyView.card_reading): the title, read aloud too.
IDENTIFY_READING = QT_TRANSLATE_NOOP("Kiosk", "正在读取证件，请不要移动")
IDENTIFY_READING_NEXT = QT_TRANSLATE_NOOP("Kiosk", "读取完成后会自动进入下一步。")
IDENTIFY_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请将身份证放在屏幕下方的感应区，放好后不要移动。")
IDENTIFY_HINTS: Mapping[IdentifyHint, str] = {
    IdentifyHint.CARD_PULLED: QT_TRANSLATE_NOOP("Kiosk", "证件被移开了，请重新放好，读取完成前不要移动。"),
    IdentifyHint.CARD_UNREADABLE: QT_TRANSLATE_NOOP("Kiosk", "没有读取成功，请把证件重新放好。"),
    IdentifyHint.WRONG_CARD: QT_TRANSLATE_NOOP("Kiosk", "本业务需要居民身份证，请换用身份证。"),
    IdentifyHint.OTHER_CARD: QT_TRANSLATE_NOOP("Kiosk", "这不是首次打印时使用的证件，补打请放同一张证件。"),
}

# ---------------------------------------------------------------- elderly offer
ELDERLY_OFFER_TITLE = QT_TRANSLATE_NOOP("Kiosk", "需要使用长辈模式吗？")
ELDERLY_OFFER_GREETING = QT_TRANSLATE_NOOP("Kiosk", "%1，您好。")
ELDERLY_OFFER_BODY = QT_TRANSLATE_NOOP(
    "Kiosk", "长辈模式字更大、按钮更大、操作时间更长，每一步都有语音提示。"
)
ELDERLY_OFFER_YES = QT_TRANSLATE_NOOP("Kiosk", "使用长辈模式")
ELDERLY_OFFER_NO = QT_TRANSLATE_NOOP("Kiosk", "不用，继续")
ELDERLY_OFFER_SPOKEN = QT_TRANSLATE_NOOP(
    "Kiosk", "需要使用长辈模式吗？长辈模式字更大，操作时间更长。需要请点击“使用长辈模式”。"
)

# ---------------------------------------------------------------- goodbye
GOODBYE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "谢谢，再见")
GOODBYE_BODY = QT_TRANSLATE_NOOP("Kiosk", "您的信息已从本机清除。")
GOODBYE_CANCELLED = QT_TRANSLATE_NOOP("Kiosk", "本次办理已结束，您的信息已从本机清除。")
GOODBYE_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "谢谢，再见。")
GOODBYE_CALLBACK = QT_TRANSLATE_NOOP(
    "Kiosk", "工作人员会在工作时间给您回电。您的号码已加密保存，回访结束后删除。"
)
ELDERLY_OFFER_GREETING_ANONYMOUS = QT_TRANSLATE_NOOP("Kiosk", "您好。")
INTRO_SERVICE = QT_TRANSLATE_NOOP("Kiosk", "您选择了：%1")

# ---------------------------------------------------------------- notice
NOTICE_WHAT_TO_DO = QT_TRANSLATE_NOOP("Kiosk", "您可以：")
NOTICE_WIPED = QT_TRANSLATE_NOOP("Kiosk", "您的信息已从本机清除。")
NOTICE_WHAT: Mapping[NoticeReason, str] = {
    NoticeReason.TIMED_OUT: QT_TRANSLATE_NOOP("Kiosk", "您较长时间没有操作，本次办理已结束。"),
    NoticeReason.CARD_REFUSED: QT_TRANSLATE_NOOP("Kiosk", "这张证件不能用于办理。"),
    NoticeReason.CARD_UNREADABLE: QT_TRANSLATE_NOOP("Kiosk", "多次尝试后仍无法读取您的证件。"),
    NoticeReason.DEVICE_FAULT: QT_TRANSLATE_NOOP("Kiosk", "设备出现故障，本次办理无法继续。"),
    NoticeReason.SOURCE_FAULT: QT_TRANSLATE_NOOP("Kiosk", "暂时无法查询到您的信息，本次办理无法继续。"),
    NoticeReason.NO_RECORD: QT_TRANSLATE_NOOP("Kiosk", "没有查到您的相关记录。"),
    NoticeReason.NO_BUSINESS: QT_TRANSLATE_NOOP("Kiosk", "没有查到由您担任法定代表人的企业。"),
    NoticeReason.FACE_CHECK_FAILED: QT_TRANSLATE_NOOP("Kiosk", "人脸核验没有通过。"),
    NoticeReason.NO_FACE_REFERENCE: QT_TRANSLATE_NOOP("Kiosk", "无法取得用于人脸比对的证件照片。"),
    NoticeReason.PRINT_FAILED: QT_TRANSLATE_NOOP("Kiosk", "文件没有打印完成。"),
    NoticeReason.INTERNAL_ERROR: QT_TRANSLATE_NOOP("Kiosk", "系统出现问题，本次办理已结束。"),
    NoticeReason.REPRINT_CHANGED: QT_TRANSLATE_NOOP("Kiosk", "您的记录在首次打印后有了变化，不能补打。"),
}
NOTICE_DO: Mapping[NoticeReason, str] = {
    NoticeReason.TIMED_OUT: QT_TRANSLATE_NOOP("Kiosk", "如需继续办理，请重新开始。"),
    NoticeReason.CARD_REFUSED: QT_TRANSLATE_NOOP("Kiosk", "请使用有效证件，或到人工窗口办理。"),
    NoticeReason.CARD_UNREADABLE: QT_TRANSLATE_NOOP("Kiosk", "请检查证件是否完好，或到人工窗口办理。"),
    NoticeReason.DEVICE_FAULT: QT_TRANSLATE_NOOP("Kiosk", "请到人工窗口办理，或稍后再试。"),
    NoticeReason.SOURCE_FAULT: QT_TRANSLATE_NOOP("Kiosk", "请稍后再试，或到人工窗口办理。"),
    NoticeReason.NO_RECORD: QT_TRANSLATE_NOOP("Kiosk", "如有疑问，请到人工窗口咨询。"),
    NoticeReason.NO_BUSINESS: QT_TRANSLATE_NOOP("Kiosk", "如有疑问，请到人工窗口咨询。"),
    NoticeReason.FACE_CHECK_FAILED: QT_TRANSLATE_NOOP(
        "Kiosk", "光线、帽子、口罩或眼镜都可能影响比对。您可以稍后重新办理，或到人工窗口办理。"
    ),
    NoticeReason.NO_FACE_REFERENCE: QT_TRANSLATE_NOOP("Kiosk", "请到人工窗口办理。"),
    NoticeReason.PRINT_FAILED: QT_TRANSLATE_NOOP("Kiosk", "凭补打码可在本机“补打”或窗口免费补打未打印的页。"),
    NoticeReason.INTERNAL_ERROR: QT_TRANSLATE_NOOP("Kiosk", "请稍后再试，或到人工窗口办理。"),
    NoticeReason.REPRINT_CHANGED: QT_TRANSLATE_NOOP("Kiosk", "请重新办理本业务，打印一份完整的新文件。"),
}
NOTICE_SHEETS_OUT = QT_TRANSLATE_NOOP("Kiosk", "已打印出 %1 页，请从下方出纸口取走。")
NOTICE_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "%1%2")  # what happened, then what to do: two whole sentences


# The table keyed by the card rules' names is built on first use: that module (and hashlib, behind
# it) is not needed to paint the home screen. The face check's are too (ui/face_check_strings.py).


@functools.cache
def _card_problems() -> Mapping[Problem, str]:
    """Card problems (kiosk.identity.Problem), for CARD_REFUSED."""
    from kiosk.identity import Problem  # noqa: PLC0415 - hashlib and the card rules: not at first paint

    return {
        Problem.EXPIRED: QT_TRANSLATE_NOOP("Kiosk", "您的证件已过有效期。"),
        Problem.NOT_YET_VALID: QT_TRANSLATE_NOOP("Kiosk", "您的证件尚未生效。"),
        Problem.BAD_CHECK_DIGIT: QT_TRANSLATE_NOOP("Kiosk", "无法核验这张证件的号码。"),
        Problem.BIRTH_DATE_DISAGREES: QT_TRANSLATE_NOOP("Kiosk", "证件上的信息前后不一致。"),
        Problem.SEX_DISAGREES: QT_TRANSLATE_NOOP("Kiosk", "证件上的信息前后不一致。"),
        Problem.NUMBER_NOT_OF_ITS_CARD: QT_TRANSLATE_NOOP("Kiosk", "这张证件的号码格式不正确。"),
    }


# ---------------------------------------------------------------- parts and their statuses
PARTS: Mapping[Part, str] = {
    Part.ID_READER: QT_TRANSLATE_NOOP("Kiosk", "身份证读卡器"),
    Part.RECEIPT_PRINTER: QT_TRANSLATE_NOOP("Kiosk", "凭条打印机"),
    Part.DOCUMENT_PRINTER: QT_TRANSLATE_NOOP("Kiosk", "A4 打印机"),
    Part.CAMERA: QT_TRANSLATE_NOOP("Kiosk", "摄像头"),
    Part.VOICE: QT_TRANSLATE_NOOP("Kiosk", "语音播报"),
    Part.REGISTRY: QT_TRANSLATE_NOOP("Kiosk", "证照数据库"),
    Part.GATEWAY: QT_TRANSLATE_NOOP("Kiosk", "政务数据服务"),
    Part.RENDERER: QT_TRANSLATE_NOOP("Kiosk", "文件生成程序"),
    Part.FACE_CHECK: QT_TRANSLATE_NOOP("Kiosk", "人脸核验程序"),
    Part.STORAGE: QT_TRANSLATE_NOOP("Kiosk", "数据存储"),
    Part.CLOCK: QT_TRANSLATE_NOOP("Kiosk", "系统时钟"),
}
PART_UNKNOWN = QT_TRANSLATE_NOOP("Kiosk", "设备")

# A part in one of its statuses, as a sentence about it; %1 is the part's name from PARTS. Keyed by
# the statuses' values: parts share a word (paper_out, offline, no_device) and so a sentence.
# Every status in which a part cannot serve has one (tests/ui/test_strings.py checks it).
STATUSES: Mapping[str, str] = {
    "paper_out": QT_TRANSLATE_NOOP("Kiosk", "%1缺纸"),
    "paper_near_end": QT_TRANSLATE_NOOP("Kiosk", "%1纸张即将用完"),
    "cover_open": QT_TRANSLATE_NOOP("Kiosk", "%1的盖子没有关好"),
    "offline": QT_TRANSLATE_NOOP("Kiosk", "%1没有连接"),
    "stopped": QT_TRANSLATE_NOOP("Kiosk", "%1已暂停"),
    "no_device": QT_TRANSLATE_NOOP("Kiosk", "没有检测到%1"),
    "frozen": QT_TRANSLATE_NOOP("Kiosk", "%1画面停止了"),
    "card_error": QT_TRANSLATE_NOOP("Kiosk", "%1读卡出错"),
    "sam_fault": QT_TRANSLATE_NOOP("Kiosk", "%1的安全模块故障"),
    "no_answer": QT_TRANSLATE_NOOP("Kiosk", "%1没有响应"),
    "unavailable": QT_TRANSLATE_NOOP("Kiosk", "%1暂时无法访问"),
    "no_model": QT_TRANSLATE_NOOP("Kiosk", "%1无法加载识别模型"),
    "no_fonts": QT_TRANSLATE_NOOP("Kiosk", "%1缺少文件所用的字体"),
    # storage and the clock, which every service needs
    "full": QT_TRANSLATE_NOOP("Kiosk", "%1空间已满"),
    "read_only": QT_TRANSLATE_NOOP("Kiosk", "%1无法写入"),
    "locked": QT_TRANSLATE_NOOP("Kiosk", "%1被其他程序占用"),
    "damaged": QT_TRANSLATE_NOOP("Kiosk", "%1已损坏"),
    "unreachable": QT_TRANSLATE_NOOP("Kiosk", "%1无法访问"),
    "before_release": QT_TRANSLATE_NOOP("Kiosk", "%1的日期不正确"),
    "far_ahead": QT_TRANSLATE_NOOP("Kiosk", "%1的日期不正确"),
    "behind_records": QT_TRANSLATE_NOOP("Kiosk", "%1的日期不正确"),
    # what a source answered when a citizen's document was asked for (the notices)
    "timeout": QT_TRANSLATE_NOOP("Kiosk", "%1响应超时"),
    "wrong_person": QT_TRANSLATE_NOOP("Kiosk", "%1返回的信息有误"),
    "invalid": QT_TRANSLATE_NOOP("Kiosk", "%1返回的信息有误"),
}
STATUS_UNKNOWN = QT_TRANSLATE_NOOP("Kiosk", "%1暂时无法使用")


# ---------------------------------------------------------------- reminders (reminders_screen.py)
REMINDERS: Mapping[Reminder, str] = {
    Reminder.TAKE_CARD: QT_TRANSLATE_NOOP("Kiosk", "请取走您的身份证"),
    Reminder.TAKE_PAPERS: QT_TRANSLATE_NOOP("Kiosk", "请取走打印好的文件和凭条"),
}

# ---------------------------------------------------------------- out of service
OUT_OF_SERVICE_TITLE = QT_TRANSLATE_NOOP("Kiosk", "本机暂停服务")
OUT_OF_SERVICE_BODY = QT_TRANSLATE_NOOP("Kiosk", "设备正在恢复，请稍后再试，或到人工窗口办理。")
OUT_OF_SERVICE_HOTLINE = QT_TRANSLATE_NOOP("Kiosk", "如需帮助，请拨打服务热线 %1")
OUT_OF_SERVICE_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "本机暂停服务，请到人工窗口办理。")
OUT_OF_SERVICE_CAUSE = QT_TRANSLATE_NOOP("Kiosk", "原因：%1。请联系技术人员。")


# ---------------------------------------------------------------- helpers for enums and values
def part_name(part: Part | None) -> str:
    return t(PARTS[part]) if part is not None else t(PART_UNKNOWN)


def status_sentence(part: Part | None, status: Reading | FetchFailure | None) -> str:
    """'A4 打印机缺纸' — the part in its status, as one sentence."""
    return t(STATUSES.get(status or "", STATUS_UNKNOWN), part_name(part))


def unavailable_sentence(reason: Unavailability) -> str:
    """Why a service is stopped, as one sentence about the part that stops it."""
    return status_sentence(reason.part, reason.status)


def card_problem(problem: Problem | None) -> str:
    if problem is None:
        return t(NOTICE_WHAT[NoticeReason.CARD_REFUSED])
    return t(_card_problems()[problem])


def service_title(service: object, language: str) -> str:
    """A service's title from the configuration (the catalog carries both languages)."""
    return str(getattr(service, "title_en" if language == "en" else "title_zh"))


def service_summary(service: object, language: str) -> str:
    return str(getattr(service, "summary_en" if language == "en" else "summary_zh"))


def kiosk_text(identity: object, field: str, language: str) -> str:
    """A configured text of the kiosk (name, hall, opening_hours) in the language, from KioskIdentity."""
    if language == "en":
        english = getattr(identity, f"{field}_en", None)
        if english:
            return str(english)
    return str(getattr(identity, field))


# ================================================================ the document steps
# (choose_business, fetching, preview, printing, receipt, reminders screens; the face check's words
# are in ui/face_check_strings.py, 好差评's in ui/rating_strings.py)

# ---------------------------------------------------------------- choose business
CHOOSE_BUSINESS_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请选择要打印营业执照的企业")
CHOOSE_BUSINESS_BODY = QT_TRANSLATE_NOOP("Kiosk", "以下是您担任法定代表人的企业，请点击其中一家。")
CHOOSE_BUSINESS_CODE = QT_TRANSLATE_NOOP("Kiosk", "统一社会信用代码 %1")
CHOOSE_BUSINESS_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请点击要打印营业执照的企业名称。")

# ---------------------------------------------------------------- fetching
FETCHING_TITLE = QT_TRANSLATE_NOOP("Kiosk", "正在查询，请稍候")
FETCHING_BODY = QT_TRANSLATE_NOOP("Kiosk", "正在查询“%1”并生成文件，通常只需几秒钟。")
FETCHING_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "正在查询，请稍候。")

# ---------------------------------------------------------------- preview
PREVIEW_TITLE = QT_TRANSLATE_NOOP("Kiosk", "请核对文件，然后打印")
PREVIEW_NUMBER = QT_TRANSLATE_NOOP("Kiosk", "文件编号 %1")
# Shown in English only: the document itself is in Chinese, as the authority issues it.
PREVIEW_IN_CHINESE = QT_TRANSLATE_NOOP("Kiosk", "文件以中文出具。")
PREVIEW_TAP_TO_ENLARGE = QT_TRANSLATE_NOOP("Kiosk", "点击页面可放大查看。")
PREVIEW_PAGES_SHOWN = QT_TRANSLATE_NOOP("Kiosk", "第 %1–%2 页，共 %3 页")  # the pages shown side by side
PREVIEW_PAGE = QT_TRANSLATE_NOOP("Kiosk", "第 %1 页，共 %2 页")
PREVIEW_COPIES = QT_TRANSLATE_NOOP("Kiosk", "打印份数")
PREVIEW_COPY_LIMIT = QT_TRANSLATE_NOOP("Kiosk", "本业务每次最多打印 %1 份")
PREVIEW_FEWER = QT_TRANSLATE_NOOP("Kiosk", "减少一份")
PREVIEW_MORE = QT_TRANSLATE_NOOP("Kiosk", "增加一份")
PREVIEW_PRINT = QT_TRANSLATE_NOOP("Kiosk", "打印 %1 份")
PREVIEW_CLOSE_PAGE = QT_TRANSLATE_NOOP("Kiosk", "关闭大图")
PREVIEW_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "请核对文件内容。选好份数后，请点击“打印”。")

# ---------------------------------------------------------------- printing
PRINTING_TITLE = QT_TRANSLATE_NOOP("Kiosk", "正在打印，请稍候")
PRINTING_PROGRESS = QT_TRANSLATE_NOOP("Kiosk", "第 %1 页 / 共 %2 页")
PRINTING_STARTING = QT_TRANSLATE_NOOP("Kiosk", "正在准备打印…")
PRINTING_BODY = QT_TRANSLATE_NOOP("Kiosk", "打印完成前请不要离开，文件从下方出纸口送出。")
PRINTING_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "正在打印，请稍候，打印完成前请不要离开。")

# ---------------------------------------------------------------- receipt
RECEIPT_TITLE = QT_TRANSLATE_NOOP("Kiosk", "文件已打印，正在打印凭条")
RECEIPT_BODY = QT_TRANSLATE_NOOP("Kiosk", "凭条上有文件编号和核验二维码，人工窗口可据此核验文件真伪。")
RECEIPT_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "文件已打印，正在打印凭条，请稍候。")

# ---------------------------------------------------------------- reminders
REMINDER_CARD_WHERE = QT_TRANSLATE_NOOP("Kiosk", "证件还在屏幕下方的感应区上。")
REMINDER_PAPERS_WHERE = QT_TRANSLATE_NOOP("Kiosk", "文件在下方出纸口，凭条在右侧出纸口。")
REMINDER_PAPERS_ONLY = QT_TRANSLATE_NOOP("Kiosk", "文件在下方出纸口。")
REMINDER_TAKE_PAPERS_ONLY = QT_TRANSLATE_NOOP("Kiosk", "请取走打印好的文件")  # no slip was printed
REMINDER_NO_RECEIPT = QT_TRANSLATE_NOOP(
    "Kiosk", "凭条没有打印出来，但文件已打印完成；可用文件上的二维码查验真伪。"
)
REMINDER_SPOKEN = QT_TRANSLATE_NOOP("Kiosk", "%1。%2")  # the reminder, then where to look
REMINDER_SHEETS_OUT = QT_TRANSLATE_NOOP("Kiosk", "请取走已打印的 %1 页")  # a job cut short
