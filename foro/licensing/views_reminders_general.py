"""The officers' page of overdue general-licence duties: usage reports not received and
audits of certified recipients due, with the reminder sent for each (reminders_general.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from foro.core.http import AuthedRequest
from foro.core.services import require
from foro.licensing.general_licences import general_table
from foro.licensing.reminders_general import audits_due, overdue_reports, reminder_rules


@login_required
def general_overdue(request: AuthedRequest) -> HttpResponse:
    require(request.user, "licensing.view_internal")
    today = timezone.localdate()
    return render(
        request,
        "licensing/general/overdue.html",
        {
            "reports": overdue_reports(today),
            "audits": audits_due(today),
            "rules": reminder_rules(),
            "certification": general_table().certification,
            "today": today,
        },
    )
