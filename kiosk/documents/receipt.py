"""The receipt slip the kiosk prints after a document (in Chinese), and the printer's test slip.

The slip never carries a citizen's full name or ID number: :func:`build_receipt`
masks both itself (``张*``, ``6301**********123X``). Masking is idempotent, so a
caller that only kept the masked values (a reprint after a restart) passes
those and gets the same slip.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from devices.receipt_printer.base import Align, Feed, QrCode, Receipt, ReceiptBlock, Rule, TextLine
from kiosk.config import KioskIdentity
from kiosk.identity import mask_id_number, mask_name

PaperWidth = Literal[58, 80]

TAKE_YOUR_THINGS = "请取走您的身份证和文件"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
QR_MODULE_DOTS = 5
"""0.625 mm at 203 dpi: the verification code (version 6, 41 modules) is 26 mm wide, a little
coarser than the A4 page's, and fits 58 mm paper with its quiet zone."""


def build_receipt(
    kiosk: KioskIdentity,
    *,
    service_title: str,
    issued_at: datetime,
    holder_name: str,
    holder_id_number: str,
    document_number: str,
    pages: int,
    verification: str,
    paper_width_mm: PaperWidth = 80,
    copies: int = 1,
) -> Receipt:
    """The slip for one issued document.

    ``holder_name`` and ``holder_id_number`` may be the card's values or already
    masked; only their masked forms reach the slip. ``issued_at`` prints as given
    (the kiosk's local time). ``verification`` is the signed payload the QR code
    carries, the same one as on the document.
    """
    blocks: list[ReceiptBlock] = [
        TextLine("办理凭条", Align.CENTER, bold=True, large=True),
        TextLine(kiosk.name, Align.CENTER),
        TextLine(f"终端编号：{kiosk.id}", Align.CENTER),
        Rule(),
        TextLine(f"办理事项：{service_title}", bold=True),
        TextLine(f"办理时间：{issued_at.strftime(TIME_FORMAT)}"),
        TextLine(f"姓　　名：{mask_name(holder_name)}"),
        TextLine(f"证件号码：{mask_id_number(holder_id_number)}"),
        TextLine(f"文件编号：{document_number}"),
        TextLine(f"页　　数：{pages} 页" + (f" × {copies} 份" if copies > 1 else "")),
        Rule(),
        QrCode(verification, module_size=QR_MODULE_DOTS),
        TextLine("扫描二维码核验文件真伪", Align.CENTER),
        Rule(),
        TextLine(TAKE_YOUR_THINGS, Align.CENTER, bold=True, large=True),
        Feed(1),
        TextLine(kiosk.hall, Align.CENTER),
        TextLine(f"服务热线：{kiosk.hotline}", Align.CENTER),
    ]
    return Receipt(tuple(blocks), paper_width_mm=paper_width_mm)


def build_test_receipt(
    kiosk: KioskIdentity, *, printed_at: datetime, paper_width_mm: PaperWidth = 80
) -> Receipt:
    """A slip that shows at a glance whether the printer sets Chinese, sizes and QR codes right.

    It includes 䶮 (Extension A) and 𠮷 (Extension B): a printer or font that
    lacks them prints a box or ``?`` here, before a citizen's name does.
    """
    stamp = printed_at.strftime(TIME_FORMAT)
    blocks: tuple[ReceiptBlock, ...] = (
        TextLine("打印测试", Align.CENTER, bold=True, large=True),
        TextLine("Receipt printer test", Align.CENTER),
        Rule(),
        TextLine(f"终端：{kiosk.id}"),
        TextLine(f"时间：{stamp}"),
        TextLine("中文：政务服务自助终端"),
        TextLine("生僻字：䶮 𠮷 龘"),
        TextLine("标点：，。、；：？！“”（）"),
        TextLine("ASCII: 0123456789 ABCxyz"),
        TextLine("粗体 Bold", bold=True),
        TextLine("居右 Right", Align.RIGHT),
        TextLine("倍大 Large", Align.CENTER, large=True),
        Rule(),
        Feed(1),
        QrCode(f"CIVIC-KIOSK PRINT TEST {kiosk.id} {stamp}"),
        Feed(1),
        TextLine("二维码应能扫描 / The QR code should scan", Align.CENTER),
        TextLine(f"服务热线：{kiosk.hotline}", Align.CENTER),
    )
    return Receipt(blocks, paper_width_mm=paper_width_mm)


REPRINT_QR_PREFIX = "CIVIC-KIOSK-REPRINT:"
"""What the reprint slip's QR code carries before the code: a window's scanner reads the code."""


def build_reprint_slip(
    kiosk: KioskIdentity,
    *,
    service_title: str,
    code: str,
    printed_at: datetime,
    valid_until: datetime,
    sheets_out: int,
    sheets_total: int,
    paper_width_mm: PaperWidth = 80,
) -> Receipt:
    """The slip that keeps a reprint code when a print job is cut short: at night nobody has a pen.

    It names no one: no name, no ID number (a reprint asks for the same card again). It says which
    pages came out, so the citizen knows what to take and what the code will print.
    """
    came_out = (
        f"已打印 {sheets_out} 页，共 {sheets_total} 页" if sheets_out else f"共 {sheets_total} 页，均未打印"
    )
    blocks: tuple[ReceiptBlock, ...] = (
        TextLine("补打凭条", Align.CENTER, bold=True, large=True),
        TextLine(kiosk.name, Align.CENTER),
        TextLine(f"终端编号：{kiosk.id}", Align.CENTER),
        Rule(),
        TextLine(f"办理事项：{service_title}", bold=True),
        TextLine(f"打印时间：{printed_at.strftime(TIME_FORMAT)}"),
        TextLine(came_out),
        Rule(),
        TextLine("补打码", Align.CENTER),
        TextLine(code, Align.CENTER, bold=True, large=True),
        QrCode(REPRINT_QR_PREFIX + code, module_size=QR_MODULE_DOTS),
        TextLine(f"有效期至：{valid_until.strftime('%Y-%m-%d %H:%M')}", Align.CENTER),
        Rule(),
        TextLine("在本机首页点“补打”，输入补打码，", Align.CENTER),
        TextLine("放上同一张身份证即可补打未打印的页。", Align.CENTER),
        TextLine("也可到人工窗口免费补打。", Align.CENTER),
        Feed(1),
        TextLine(kiosk.hall, Align.CENTER),
        TextLine(f"服务热线：{kiosk.hotline}", Align.CENTER),
    )
    return Receipt(blocks, paper_width_mm=paper_width_mm)
