"""The technicians' words: the PIN pad and the diagnostics screen (normal mode only; no voice).

Split from :mod:`ui.strings` (the citizen's words), with the same rules: zh_CN source text in
``QT_TRANSLATE_NOOP("Kiosk", …)``, shown with :func:`ui.strings.t`; the English is in the same
``kiosk/assets/i18n/kiosk_en.ts`` context. Sentences with a count (``pin_locked``, ``sessions_count``,
``diagnostics_idle_body``) stay in :class:`ui.strings.Kiosk`, where pyside6-lupdate files them.
"""

from __future__ import annotations

from collections.abc import Mapping

from ui.strings import QT_TRANSLATE_NOOP

# ================================================================ the technicians' side
# (widgets/pin_pad.py, screens/diagnostics_screen.py). Normal mode only; no voice.

# ---------------------------------------------------------------- the PIN pad
PIN_TITLE = QT_TRANSLATE_NOOP("Kiosk", "维护人员登录")
PIN_BODY = QT_TRANSLATE_NOOP("Kiosk", "请输入维护密码。")
PIN_WRONG = QT_TRANSLATE_NOOP("Kiosk", "密码不正确，请重新输入。")
PIN_DELETE = QT_TRANSLATE_NOOP("Kiosk", "删除")
PIN_CANCEL = QT_TRANSLATE_NOOP("Kiosk", "取消")
PIN_CONFIRM = QT_TRANSLATE_NOOP("Kiosk", "确认")

# ---------------------------------------------------------------- the diagnostics screen
DIAG_TITLE = QT_TRANSLATE_NOOP("Kiosk", "设备诊断")
DIAG_KIOSK = QT_TRANSLATE_NOOP("Kiosk", "本机编号：%1")
DIAG_LEAVE = QT_TRANSLATE_NOOP("Kiosk", "退出维护")
DIAG_MAKING = QT_TRANSLATE_NOOP("Kiosk", "正在生成诊断报告，请稍候…")
DIAG_READY = QT_TRANSLATE_NOOP("Kiosk", "本机可以正常服务")
DIAG_NOT_READY = QT_TRANSLATE_NOOP("Kiosk", "本机有故障，部分业务可能无法办理")
DIAG_OK = QT_TRANSLATE_NOOP("Kiosk", "正常")
DIAG_PROBLEM = QT_TRANSLATE_NOOP("Kiosk", "故障")
DIAG_TESTS = QT_TRANSLATE_NOOP("Kiosk", "自检")
DIAG_TEST_IN_PROGRESS = QT_TRANSLATE_NOOP("Kiosk", "正在进行…")
DIAG_RESULTS = QT_TRANSLATE_NOOP("Kiosk", "自检结果")
DIAG_NO_RESULTS = QT_TRANSLATE_NOOP("Kiosk", "还没有自检结果。")
DIAG_PASSED = QT_TRANSLATE_NOOP("Kiosk", "通过")
DIAG_FAILED = QT_TRANSLATE_NOOP("Kiosk", "未通过")
DIAG_DEVICES = QT_TRANSLATE_NOOP("Kiosk", "设备状态")
DIAG_DEVICE_WORKS = QT_TRANSLATE_NOOP("Kiosk", "%1可以使用")
# The device's own description (the adapter's words), how it is configured, its status word.
DIAG_DEVICE_NOTE = QT_TRANSLATE_NOOP("Kiosk", "%1（配置：%2，状态：%3）")
DIAG_SERVICES = QT_TRANSLATE_NOOP("Kiosk", "业务")
DIAG_SERVICE_AVAILABLE = QT_TRANSLATE_NOOP("Kiosk", "可以办理")
DIAG_SERVICE_STOPPED = QT_TRANSLATE_NOOP("Kiosk", "暂停服务")
DIAG_SOURCES = QT_TRANSLATE_NOOP("Kiosk", "数据来源")
DIAG_NO_SOURCES = QT_TRANSLATE_NOOP("Kiosk", "没有配置数据来源。")
DIAG_SYSTEM = QT_TRANSLATE_NOOP("Kiosk", "系统")
DIAG_DATABASE = QT_TRANSLATE_NOOP("Kiosk", "数据库")
DIAG_DATABASE_REVISION = QT_TRANSLATE_NOOP("Kiosk", "版本 %1，最新版本 %2")
DIAG_DISK = QT_TRANSLATE_NOOP("Kiosk", "磁盘")
DIAG_DISK_FREE = QT_TRANSLATE_NOOP("Kiosk", "可用空间 %1 MB")
DIAG_FACE_CHECK = QT_TRANSLATE_NOOP("Kiosk", "人脸核验")
DIAG_FACE_CHECK_SETUP = QT_TRANSLATE_NOOP("Kiosk", "识别程序 %1，比对阈值 %2")
DIAG_RENDERER = QT_TRANSLATE_NOOP("Kiosk", "文件生成")
DIAG_RENDERER_FONTS = QT_TRANSLATE_NOOP("Kiosk", "文件字体：%1")  # the font files found
DIAG_TODAY = QT_TRANSLATE_NOOP("Kiosk", "今天的办理情况")
DIAG_NO_SESSIONS = QT_TRANSLATE_NOOP("Kiosk", "今天还没有办理记录。")
DIAG_JOBS = QT_TRANSLATE_NOOP("Kiosk", "未完成的打印任务")
DIAG_NO_JOBS = QT_TRANSLATE_NOOP("Kiosk", "没有未完成的打印任务。")
DIAG_PROBLEMS = QT_TRANSLATE_NOOP("Kiosk", "最近的警告和错误")
DIAG_NO_PROBLEMS = QT_TRANSLATE_NOOP("Kiosk", "本次开机以来没有警告或错误。")
DIAG_WARNING = QT_TRANSLATE_NOOP("Kiosk", "警告")
DIAG_ERROR = QT_TRANSLATE_NOOP("Kiosk", "错误")
DIAG_JOB = QT_TRANSLATE_NOOP("Kiosk", "补打码 %1")
DIAG_JOB_LINE = QT_TRANSLATE_NOOP("Kiosk", "%1：%2，%3")  # the service: the job's state, when

# The self-tests' buttons (kiosk.self_tests.SelfTest values); the refills say what the technician did.
SELF_TESTS: Mapping[str, str] = {
    "receipt": QT_TRANSLATE_NOOP("Kiosk", "打印测试凭条"),
    "receipt_refilled": QT_TRANSLATE_NOOP("Kiosk", "收据纸已补充"),
    "a4_page": QT_TRANSLATE_NOOP("Kiosk", "打印 A4 测试页"),
    "a4_refilled": QT_TRANSLATE_NOOP("Kiosk", "A4 纸已补充"),
    "card": QT_TRANSLATE_NOOP("Kiosk", "测试读卡"),
    "camera": QT_TRANSLATE_NOOP("Kiosk", "测试摄像头"),
    "voice": QT_TRANSLATE_NOOP("Kiosk", "测试语音播报"),
}
# While a self-test runs: what the kiosk is doing (the card test waits %1 seconds for a card).
SELF_TESTS_RUNNING: Mapping[str, str] = {
    "receipt": QT_TRANSLATE_NOOP("Kiosk", "正在打印测试凭条…"),
    "receipt_refilled": QT_TRANSLATE_NOOP("Kiosk", "已记录补纸，正在打印测试凭条…"),
    "a4_page": QT_TRANSLATE_NOOP("Kiosk", "正在打印 A4 测试页…"),
    "a4_refilled": QT_TRANSLATE_NOOP("Kiosk", "已记录补纸，正在打印 A4 测试页…"),
    "card": QT_TRANSLATE_NOOP("Kiosk", "请在 %1 秒内把证件放在感应区…"),
    "camera": QT_TRANSLATE_NOOP("Kiosk", "正在测试摄像头…"),
    "voice": QT_TRANSLATE_NOOP("Kiosk", "正在播放测试语音…"),
}
# How sessions ended (kiosk.journey.states.Outcome values, and in_progress: not ended yet).
OUTCOMES: Mapping[str, str] = {
    "completed": QT_TRANSLATE_NOOP("Kiosk", "办理完成"),
    "cancelled": QT_TRANSLATE_NOOP("Kiosk", "市民中途结束"),
    "timed_out": QT_TRANSLATE_NOOP("Kiosk", "超时结束"),
    "device_fault": QT_TRANSLATE_NOOP("Kiosk", "设备故障"),
    "source_fault": QT_TRANSLATE_NOOP("Kiosk", "数据服务故障"),
    "refused_card": QT_TRANSLATE_NOOP("Kiosk", "证件不能使用"),
    "face_check_failed": QT_TRANSLATE_NOOP("Kiosk", "人脸核验未通过"),
    "no_face_reference": QT_TRANSLATE_NOOP("Kiosk", "无法取得证件照片"),
    "no_record": QT_TRANSLATE_NOOP("Kiosk", "没有查到记录"),
    "internal_error": QT_TRANSLATE_NOOP("Kiosk", "系统出错"),
    "storage_fault": QT_TRANSLATE_NOOP("Kiosk", "数据无法保存"),
    "interrupted": QT_TRANSLATE_NOOP("Kiosk", "断电或重启中断"),
    "in_progress": QT_TRANSLATE_NOOP("Kiosk", "正在办理"),
}
# A print job's state in the print journal.
JOB_STATES: Mapping[str, str] = {
    "failed": QT_TRANSLATE_NOOP("Kiosk", "打印失败"),
    "queued": QT_TRANSLATE_NOOP("Kiosk", "等待打印"),
    "printing": QT_TRANSLATE_NOOP("Kiosk", "正在打印"),
}
DASH = "—"  # a value the report does not have
