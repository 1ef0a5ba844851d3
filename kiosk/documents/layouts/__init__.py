"""One layout per document kind: the title and a function that sets the content on the pages."""

from __future__ import annotations

from kiosk.documents.base import DocumentKind
from kiosk.documents.layouts import business_license, certificates, credit_report
from kiosk.documents.page import Layout

LAYOUTS: dict[DocumentKind, tuple[str, Layout]] = {
    DocumentKind.CREDIT_REPORT: (credit_report.TITLE, credit_report.lay_out),
    DocumentKind.BUSINESS_LICENSE: (business_license.TITLE, business_license.lay_out),
    DocumentKind.SOCIAL_INSURANCE: (certificates.SOCIAL_INSURANCE_TITLE, certificates.social_insurance),
    DocumentKind.TAX_PAYMENT: (certificates.TAX_PAYMENT_TITLE, certificates.tax_payment),
    DocumentKind.REAL_ESTATE: (certificates.REAL_ESTATE_TITLE, certificates.real_estate),
}


def layout_for(kind: DocumentKind) -> tuple[str, Layout]:
    return LAYOUTS[kind]
