"""Licence and refusal-letter PDFs (WeasyPrint, tagged PDF/UA for accessibility).

Rendered from the stored data on request: the same licence renders the same content. The
licence carries its verification code and a QR code to the public verification page.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from foro.licensing.models import Application, Licence
from foro.licensing.services.amendments import version_in_force


def verification_url(licence: Licence) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/verify/{licence.verification_code}/"


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _render(template: str, context: dict, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def licence_pdf(licence: Licence, language: str = "nl") -> bytes:
    app = licence.application
    url = verification_url(licence)
    context = {
        "licence": licence,
        "application": app,
        "kind": app.kind_def,
        "lines": licence.lines.select_related("goods_line").all(),
        "parties": app.parties.select_related("country").all(),
        "verify_url": url,
        "qr": _qr_svg(url),
        "generated_at": timezone.now(),
        "version": version_in_force(licence),
    }
    return _render("licensing/pdf/licence.html", context, language)


def refusal_letter_pdf(application: Application, language: str = "nl") -> bytes:
    from foro.reference.selectors import current_rows

    denial = application.denial
    criteria = {c.number: c for c in current_rows("criteria")}
    proposal = application.proposals.filter(review="countersigned").first()
    context = {
        "application": application,
        "kind": application.kind_def,
        "denial": denial,
        "criteria": [criteria[n] for n in denial.criteria if n in criteria],
        "proposal": proposal,
        "generated_at": timezone.now(),
    }
    return _render("licensing/pdf/refusal.html", context, language)
