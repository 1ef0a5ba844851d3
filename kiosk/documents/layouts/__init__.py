"""One layout per document kind: the title and a function that sets the content on the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.documents.base import DocumentKind
from kiosk.documents.layouts import business_license, certificates, credit_report

if TYPE_CHECKING:
    from kiosk.documents.render import Layout

LAYOUTS: dict[DocumentKind, tuple[str, Any]] = {
    DocumentKind.CREDIT_REPORT: (credit_report.TITLE, credit_report.lay_out),
    DocumentKind.BUSINESS_LICENSE: (business_license.TITLE, business_license.lay_out),
    DocumentKind.SOCIAL_INSURANCE: (certificates.SOCIAL_INSURANCE_TITLE, certificates.social_insurance),
    DocumentKind.TAX_PAYMENT: (certificates.TAX_PAYMENT_TITLE, certificates.tax_payment),
    DocumentKind.REAL_ESTATE: (certificates.REAL_ESTATE_TITLE, certificates.real_estate),
}


def layout_for(kind: DocumentKind) -> tuple[str, Layout]:
    title, layout = LAYOUTS[kind]
    return title, layout
