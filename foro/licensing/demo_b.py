"""Demo data of licence versions and shared denials, made through the services after the
licensing demo (idempotent: nothing is added when versions or notifications exist)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foro.core.models import User
from foro.licensing.models import Application, Licence, LicenceVersion, Party
from foro.licensing.models_denials import ForeignDenial
from foro.licensing.services import amendments
from foro.licensing.services import denials as svc
from foro.licensing.workflow import SUBMITTED_OPEN_STATES


def load(stdout: Any = None) -> None:
    if LicenceVersion.objects.exists() or ForeignDenial.objects.exists():
        if stdout:
            stdout.write("licensing: demo versions and denials already present")
        return
    users = {u.username: u for u in User.objects.filter(username__in=["officer", "senior"])}
    if len(users) < 2:
        return
    saved, settings.EMAIL_BACKEND = (
        settings.EMAIL_BACKEND,
        "django.core.mail.backends.dummy.EmailBackend",
    )
    try:
        with transaction.atomic():
            counts = _load(users["officer"], users["senior"])
    finally:
        settings.EMAIL_BACKEND = saved
    if stdout:
        stdout.write(
            "licensing: {versions} licence versions, {denials} denial notifications".format(
                **counts
            )
        )


def _load(officer: User, senior: User) -> dict[str, int]:
    today = timezone.localdate()
    valid = list(Licence.objects.filter(status=Licence.Status.VALID).order_by("issued_at"))
    versions = 0
    military = [lic for lic in valid if lic.application.kind_def.control_list == "military"]
    dual_use = [lic for lic in valid if lic.application.kind_def.control_list == "dual-use"]
    if military:
        lic = military[0]
        line = lic.lines.order_by("goods_line__position").first()
        if line is not None:
            v = amendments.amendment_propose(
                actor=officer,
                licence=lic,
                kind="amendment",
                reason="Follow-up order of the same end user (letter of the holder).",
                lines=[
                    {
                        "line": line.pk,
                        "quantity": str(line.authorised_quantity * 2),
                        "valueEur": str(line.authorised_value_eur * 2),
                    }
                ],
            )
            amendments.amendment_countersign(actor=senior, version=v)
            versions += 1
    if len(military) > 1:
        amendments.amendment_propose(
            actor=officer,
            licence=military[1],
            kind="amendment",
            reason="The consignee moved to a new address.",
            conditions=(military[1].conditions + "\nReport each shipment within 30 days.").strip(),
        )
        versions += 1
    if dual_use:
        v = amendments.amendment_propose(
            actor=officer,
            licence=dual_use[0],
            kind="renewal",
            reason="Part of the authorised value is unused; the holder asked for a renewal.",
        )
        amendments.amendment_countersign(actor=senior, version=v)
        versions += 1
    denials = 0
    # a German denial matching an open case, so that its consultation panel shows
    open_case = (
        Application.objects.filter(status__in=SUBMITTED_OPEN_STATES, destination__isnull=False)
        .order_by("submitted_at")
        .first()
    )
    end_user = open_case.parties.filter(role=Party.Role.END_USER).first() if open_case else None
    goods = open_case.goods.first() if open_case else None
    if open_case and end_user and goods:
        svc.foreign_denial_record(
            actor=officer,
            data={
                "issuingState": "DE",
                "issuingAuthority": "Bundesamt für Wirtschaft und Ausfuhrkontrolle (BAFA)",
                "reference": f"DE-{today.year}-0042",
                "destination": open_case.destination_id,
                "controlCategories": [goods.control_category],
                "goodsDescription": goods.description,
                "endUserName": end_user.name.upper(),
                "endUserCountry": end_user.country_id,
                "criteria": [7],
                "deniedOn": today - timedelta(days=120),
                "reason": "Risk of diversion (criterion 7).",
            },
        )
        denials += 1
    svc.foreign_denial_record(
        actor=officer,
        data={
            "issuingState": "NL",
            "issuingAuthority": "Centrale Dienst voor In- en Uitvoer (CDIU)",
            "reference": f"NL-{today.year - 1}-118",
            "destination": "PK",
            "controlCategories": ["ML5"],
            "goodsDescription": "Fire-control radar components",
            "endUserName": "Example Defence Systems (Pvt) Ltd",
            "endUserCountry": "PK",
            "criteria": [4, 7],
            "deniedOn": today - timedelta(days=400),
        },
    )
    denials += 1
    return {"versions": versions, "denials": denials}
