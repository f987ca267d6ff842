"""The monthly report to the Flemish Government on transposition and infringements: its
figures (from the selectors, as of the month's last day), as a page, a PDF (WeasyPrint,
PDF/UA-1) and an XLSX workbook (openpyxl)."""

from __future__ import annotations

import calendar as cal
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from foro.core.models import User
from foro.eulaw import selectors
from foro.eulaw.models import CaseDecision, Deadline, Measure, Stage, TranspositionStatus


@dataclass
class MonthlyReport:
    month: date
    as_of: date
    generated_at: datetime
    by_status: list[tuple[str, str, int]]
    overdue: list[Deadline]
    due_90: list[Deadline]
    notified: list[Measure]
    decisions: list[CaseDecision]
    open_by_stage: list[tuple[str, str, int]]
    trend: list[dict[str, int]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.month.strftime("%m/%Y")


def monthly(user: User, month: date) -> MonthlyReport:
    first = month.replace(day=1)
    last = first.replace(day=cal.monthrange(first.year, first.month)[1])
    today = timezone.localdate()
    as_of = min(last, today)
    directives = selectors.directives_visible_to(user)
    counts = {s: directives.filter(status=s).count() for s in TranspositionStatus.values}
    deadlines = selectors.open_deadlines(selectors.deadlines_visible_to(user)).select_related(
        "directive", "directive__officer"
    )
    data = selectors.dashboard(user, today=as_of)
    return MonthlyReport(
        month=first,
        as_of=as_of,
        generated_at=timezone.now(),
        by_status=[(v, str(label), counts[v]) for v, label in TranspositionStatus.choices],
        overdue=list(deadlines.filter(due_on__lt=as_of).order_by("due_on")),
        due_90=list(
            deadlines.filter(due_on__gte=as_of, due_on__lte=as_of + timedelta(days=90)).order_by(
                "due_on"
            )
        ),
        notified=list(
            selectors.measures_visible_to(user)
            .filter(notified_on__gte=first, notified_on__lte=last)
            .select_related("directive")
        ),
        decisions=list(
            CaseDecision.objects.filter(
                case__in=selectors.infringements_visible_to(user),
                decided_on__gte=first,
                decided_on__lte=last,
            ).select_related("case", "case__directive")
        ),
        open_by_stage=[(v, str(label), n) for v, label, n in data["by_stage"]],
        trend=data["trend"],
    )


def pdf(report: MonthlyReport, language: str = "nl") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string("eulaw/pdf/report.html", {"r": report, "language": language})
    result = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
    return bytes(result)


def xlsx(report: MonthlyReport) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Transposition"
    ws.append(["Maandrapport / Monthly report", report.label])
    ws.append(["Stand op / As of", report.as_of])
    ws.append([])
    ws.append(["Status", "Richtlijnen / Directives"])
    for _v, label, n in report.by_status:
        ws.append([label, n])
    sheet = wb.create_sheet("Deadlines")
    sheet.append(
        [
            "CELEX",
            "Richtlijn / Directive",
            "Termijn / Deadline",
            "Status",
            "Ambtenaar / Officer",
            "Te laat / Overdue",
        ]
    )
    for d in report.overdue + report.due_90:
        sheet.append(
            [
                d.directive.celex,
                d.directive.title,
                d.due_on,
                d.directive.get_status_display(),
                d.directive.officer.display_name() if d.directive.officer else "",
                "ja / yes" if d.due_on < report.as_of else "",
            ]
        )
    cases = wb.create_sheet("Infringements")
    cases.append(["Stadium / Stage", "Open"])
    for _v, label, n in report.open_by_stage:
        cases.append([label, n])
    cases.append([])
    cases.append(["Zaak / Case", "Stadium / Stage", "Datum / Date", "CELEX"])
    for dec in report.decisions:
        cases.append([dec.case.number, str(Stage(dec.stage).label), dec.decided_on, dec.case.celex])
    trend = wb.create_sheet("Trend")
    trend.append(
        [
            "Jaar / Year",
            "Zaken / Cases",
            "Niet-mededeling / Non-communication",
            "Niet-conformiteit / Non-conformity",
            "Verwijzingen / Referrals",
        ]
    )
    for row in report.trend:
        trend.append(
            [
                row["year"],
                row["total"],
                row["non_communication"],
                row["non_conformity"],
                row["referrals"],
            ]
        )
    for sheet_ in wb.worksheets:
        for cell in sheet_["C"]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
