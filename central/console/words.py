"""Every word the console shows, Chinese first and English beside it: one table, one place.

Templates call ``t("key")``; titles of closed sets (bands, parts, statuses, alert kinds, case
states, steps, roles, rating reasons) come from :func:`title`. A key missing from the table shows
as itself, and tests/fleet/console/test_words.py fails on it.
"""

from __future__ import annotations

import enum

from kiosk.config import default_services
from kiosk.stats import Band


class Language(enum.StrEnum):
    ZH = "zh"
    EN = "en"


WORDS: dict[str, tuple[str, str]] = {
    "app": ("政务自助终端管理台", "Civic Kiosk console"),
    "fleet": ("终端状态", "Fleet"),
    "alerts": ("告警", "Alerts"),
    "ratings": ("好差评", "Ratings"),
    "stats": ("时段统计", "Statistics"),
    "audit": ("操作日志", "Audit log"),
    "log_in": ("登录", "Log in"),
    "log_out": ("退出", "Log out"),
    "login": ("账号", "Login"),
    "password": ("密码", "Password"),
    "other_language": ("English", "中文"),
    "wrong_password": ("账号或密码错误。", "Wrong login or password."),
    "locked": (
        "连续输错次数过多，账号已暂时锁定，请于 {until} 后再试。",
        "Too many wrong passwords: the account is locked until {until}.",
    ),
    "expired": ("登录已超时，请重新登录。", "Your session has ended: please log in again."),
    "logged_out": ("已退出登录。", "You are logged out."),
    "forged": (
        "表单已失效（安全校验未通过），未做任何更改。请刷新页面后重试。",
        "The form is no longer valid (security check failed); nothing was changed. Reload and try again.",
    ),
    "forbidden": ("您无权查看或操作此内容。", "You may not see or do this."),
    "not_found": ("没有找到。", "Not found."),
    "bad_request": ("请求参数有误：{why}", "The request is not valid: {why}"),
    "hall": ("大厅", "Hall"),
    "halls": ("大厅", "Halls"),
    "kiosk": ("终端", "Kiosk"),
    "state": ("状态", "State"),
    "ready": ("可服务", "Ready"),
    "not_ready": ("不可服务", "Not ready"),
    "no_heartbeat": ("从未上报", "Never reported"),
    "last_heard": ("最近心跳", "Last heartbeat"),
    "ago": ("{n} 前", "{n} ago"),
    "paper": ("纸张", "Paper"),
    "unavailable": ("暂停的服务", "Services unavailable"),
    "because": ("原因", "Because"),
    "backlog": ("待同步", "Sync backlog"),
    "version": ("版本", "Version"),
    "active_alerts": ("未处理告警", "Active alerts"),
    "history": ("最近设备记录", "Recent device history"),
    "at": ("时间", "At"),
    "part": ("部件", "Part"),
    "status": ("状态", "Status"),
    "detail": ("说明", "Detail"),
    "none": ("无", "None"),
    "green": ("正常", "OK"),
    "amber": ("失联 2 分钟以上", "Silent > 2 min"),
    "red": ("失联 24 小时以上", "Silent > 24 h"),
    "kind": ("类型", "Kind"),
    "severity": ("级别", "Severity"),
    "critical": ("严重", "Critical"),
    "warning": ("提示", "Warning"),
    "raised": ("发生", "Raised"),
    "repeats": ("重复", "Repeats"),
    "cleared": ("已恢复", "Cleared"),
    "acknowledged": ("已确认", "Acknowledged"),
    "acknowledge": ("确认处理", "Acknowledge"),
    "needs_ack": ("需人工确认", "Needs acknowledging"),
    "clears_itself": ("原因消除后自动恢复", "Clears by itself"),
    "note": ("备注", "Note"),
    "note_required": ("请填写备注。", "Write a note."),
    "active": ("未恢复", "Active"),
    "recent": ("近 7 日已恢复", "Cleared in the last 7 days"),
    "by": ("处理人", "By"),
    "poor_ratings": ("差评处理", "Poor ratings"),
    "levels": ("评价分布", "Ratings by level"),
    "week": ("周", "Week"),
    "service": ("事项", "Service"),
    "total": ("合计", "Total"),
    "voided": ("申诉核销", "Voided on appeal"),
    "level": ("评价", "Rating"),
    "reasons": ("原因", "Reasons"),
    "rated_at": ("评价时间", "Rated at"),
    "handler": ("处理人", "Handler"),
    "contact": ("联系电话", "Contact"),
    "contact_hint": (
        "仅对本差评的处理人显示；办结后删除。",
        "Shown only to this rating's handler; deleted when it closes.",
    ),
    "contact_unreadable": ("联系方式无法解密。", "The contact cannot be opened."),
    "steps": ("处理记录", "Steps"),
    "next_step": ("下一步", "Next step"),
    "step_done": ("已完成：{step}", "Done: {step}"),
    "not_handler": ("此差评由他人处理。", "Someone else handles this rating."),
    "wrong_state": ("该差评已被他人处理到下一步，请刷新。", "The rating has moved on; reload."),
    "open_cases": ("待办", "Open"),
    "finished_cases": ("已办结", "Finished"),
    "since": ("起始日期", "From"),
    "until": ("截止日期", "To"),
    "group_by": ("分组", "Group by"),
    "show": ("查看", "Show"),
    "csv": ("导出 CSV", "Export CSV"),
    "sessions": ("办理次数", "Sessions"),
    "completed": ("办结", "Completed"),
    "by_band": ("各时段办理量", "Sessions by time band"),
    "band": ("时段", "Time band"),
    "grid": ("各{group}分时段", "By {group} and band"),
    "after_hours_share": ("非工作时间占比", "Share outside working hours"),
    "user": ("用户", "User"),
    "action": ("操作", "Action"),
    "target": ("对象", "Target"),
    "outcome": ("结果", "Outcome"),
    "address": ("来源地址", "From"),
    "role": ("角色", "Role"),
    "all_halls": ("全部大厅", "All halls"),
}

TITLES: dict[str, tuple[str, str]] = {
    # time bands
    Band.WEEKDAY_DAYTIME.value: ("工作日白天", "Working-day daytime"),
    Band.WEEKDAY_MIDDAY.value: ("工作日午间", "Working-day midday"),
    Band.WEEKDAY_EARLY_LATE.value: ("工作日早晚", "Working-day early/late"),
    Band.WEEKEND.value: ("周末及节假日", "Weekend or holiday"),
    Band.NIGHT.value: ("夜间", "Night"),
    # parts
    "id_reader": ("身份证读卡器", "ID reader"),
    "receipt_printer": ("凭条打印机", "Receipt printer"),
    "document_printer": ("A4 打印机", "A4 printer"),
    "camera": ("摄像头", "Camera"),
    "voice": ("语音", "Voice"),
    "registry": ("本地证照库", "Local registry"),
    "gateway": ("数据网关", "Data gateway"),
    "face": ("人脸核验", "Face check"),
    "renderer": ("文书生成", "Document renderer"),
    "storage": ("存储", "Storage"),
    "clock": ("时钟", "Clock"),
    # statuses
    "ready": ("正常", "ready"),
    "available": ("可用", "available"),
    "no_card": ("正常", "ready"),
    "paper_near_end": ("纸将尽", "paper near end"),
    "paper_out": ("缺纸", "paper out"),
    "cover_open": ("仓盖打开", "cover open"),
    "offline": ("离线", "offline"),
    "stopped": ("已停止", "stopped"),
    "no_device": ("未连接", "not connected"),
    "card_error": ("读卡错误", "card error"),
    "sam_fault": ("安全模块故障", "SAM fault"),
    "frozen": ("画面冻结", "frozen"),
    "muted": ("静音", "muted"),
    "unavailable": ("不可用", "unavailable"),
    "no_model": ("模型缺失", "model missing"),
    "no_fonts": ("字体缺失", "fonts missing"),
    "full": ("磁盘已满", "disk full"),
    "read_only": ("只读", "read-only"),
    "locked": ("被锁定", "locked"),
    "damaged": ("已损坏", "damaged"),
    "unreachable": ("无法访问", "unreachable"),
    # alert kinds
    "part_fault": ("设备故障", "Part fault"),
    "silent": ("终端失联", "Kiosk silent"),
    "help": ("群众求助", "Help requested"),
    # case states
    "new": ("待核实", "To verify"),
    "verified": ("已核实，待整改", "Verified, to rectify"),
    "rectified": ("已整改，待回访", "Rectified, to follow up"),
    "closed": ("已办结", "Closed"),
    "appealed": ("申诉中", "Appealed"),
    "void": ("申诉成立（不计入）", "Appeal upheld (not counted)"),
    # steps
    "verify": ("核实", "Verify"),
    "rectify": ("整改", "Rectify"),
    "follow_up": ("反馈/回访", "Feedback / follow-up call"),
    "appeal": ("申诉", "Appeal"),
    "uphold": ("申诉成立", "Uphold appeal"),
    "reject": ("驳回申诉", "Reject appeal"),
    # roles
    "city": ("市政务服务办", "City office"),
    "manager": ("大厅负责人", "Hall manager"),
    "technician": ("值班技术员", "Technician"),
    # rating reasons
    "too_slow": ("办理太慢", "Too slow"),
    "hard_to_use": ("操作复杂", "Hard to use"),
    "device_fault": ("设备故障", "Device fault"),
    "document_wrong": ("材料有误", "Document wrong"),
    "not_offered": ("想办的业务不能办", "Not offered"),
    "other": ("其他", "Other"),
    # rating levels
    "5": ("非常满意", "Very satisfied"),
    "4": ("满意", "Satisfied"),
    "3": ("基本满意", "Fair"),
    "2": ("不满意", "Dissatisfied"),
    "1": ("非常不满意", "Very dissatisfied"),
}
for _service in default_services():
    TITLES.setdefault(_service.id, (_service.title_zh, _service.title_en))


def t(language: Language, key: str, **values: object) -> str:
    pair = WORDS.get(key)
    text = key if pair is None else pair[language is Language.EN]
    return text.format(**values) if values else text


def title(language: Language, key: object) -> str:
    """The title of a band, part, status, kind, state, step, role, reason, level or service."""
    text = str(key.value if isinstance(key, enum.Enum) else key)
    pair = TITLES.get(text)
    return text if pair is None else pair[language is Language.EN]


def duration(language: Language, seconds: float | None) -> str:
    if seconds is None:
        return t(language, "no_heartbeat")
    seconds = max(0, int(seconds))
    zh = language is Language.ZH
    if seconds < 120:
        amount = f"{seconds} 秒" if zh else f"{seconds} s"
    elif seconds < 2 * 3600:
        amount = f"{seconds // 60} 分钟" if zh else f"{seconds // 60} min"
    elif seconds < 2 * 86400:
        amount = f"{seconds // 3600} 小时" if zh else f"{seconds // 3600} h"
    else:
        amount = f"{seconds // 86400} 天" if zh else f"{seconds // 86400} days"
    return t(language, "ago", n=amount)
