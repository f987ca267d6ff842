"""The import service: an IATI file read in whole (one transaction) or refused whole.

Activities of other publishers become read-only ``imported`` activities that officers can
link to (related-activity); an identifier that is one of our own activities is never
overwritten (reported as skipped). Organisation files add partner organisations."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from foro.core import audit
from foro.core.actors import Actor
from foro.core.errors import InvalidFile
from foro.core.models import Country
from foro.devcoop import fx
from foro.devcoop.iati import importer
from foro.devcoop.models import (
    Activity,
    ActivitySector,
    Budget,
    DocumentLink,
    Indicator,
    IndicatorPeriod,
    Location,
    ParticipatingOrg,
    PartnerOrganisation,
    PolicyMarker,
    RelatedActivity,
    Result,
    Transaction,
)
from foro.devcoop.services import _allowed

SCALAR_KEYS = (
    "reporting_org_ref",
    "reporting_org_type",
    "reporting_org_name",
    "title_nl",
    "title_en",
    "description_nl",
    "description_en",
    "status",
    "planned_start",
    "actual_start",
    "planned_end",
    "actual_end",
    "recipient_region",
    "default_currency",
    "collaboration_type",
    "default_flow_type",
    "default_finance_type",
    "default_aid_type",
    "default_tied_status",
)


def iati_import(*, actor: Actor, name: str, data: bytes) -> importer.Report:
    """Import one IATI file; InvalidFile (nothing written) when it is refused."""
    _allowed(actor, "devcoop.import")
    try:
        report, rows = importer.read(name, data)
    except importer.RefusedFile as exc:
        raise InvalidFile(
            f"{name}: {exc}",
            errors=[{"field": "file", "message": p} for p in exc.problems[:20]],
        ) from None
    with transaction.atomic():
        if report.kind == "activities":
            _store_activities(report, rows, name)
        else:
            for row in rows:
                PartnerOrganisation.objects.update_or_create(
                    ref=row["ref"], defaults={**row, "imported_from": name[:255]}
                )
                report.organisations += 1
        audit.record(
            actor=actor,
            verb="devcoop.iati_imported",
            target_type="devcoop.file",
            target_id=report.sha256[:64],
            target_label=name[:255],
            payload={
                "activities": report.created + report.updated,
                "organisations": report.organisations,
                "sha256": report.sha256,
                "skipped": len(report.skipped),
            },
        )
    return report


def _store_activities(report: importer.Report, rows: list[dict[str, Any]], name: str) -> None:
    countries = set(Country.objects.values_list("code", flat=True))
    existing = {
        a.iati_identifier: a
        for a in Activity.objects.filter(iati_identifier__in=[r["iati_identifier"] for r in rows])
    }
    keep: list[tuple[Activity, dict[str, Any]]] = []
    for row in rows:
        ident = row["iati_identifier"]
        if len(ident) > 150:
            report.skipped.append(f"{ident[:60]}…: identifier longer than 150 characters")
            continue
        current = existing.get(ident)
        if current is not None and current.source == Activity.Source.OWN:
            report.skipped.append(f"{ident}: one of our own activities, not overwritten")
            continue
        values = {k: _fit(k, row[k]) for k in SCALAR_KEYS}
        code = row["recipient_country"]
        if code and code not in countries:
            report.not_modelled[f"recipient-country {code} (not in foro's country list)"] += 1
            code = ""
        values["recipient_country_id"] = code or None
        values["last_updated"] = importer.parse_stamp(row["last_updated"])
        values["imported_from"] = name[:255]
        if current is None:
            activity = Activity(iati_identifier=ident, source=Activity.Source.IMPORTED, **values)
            activity.save()
            report.created += 1
        else:
            for k, v in values.items():
                setattr(current, k, v)
            current.revision += 1
            current.save()
            for model in (
                ParticipatingOrg,
                ActivitySector,
                Location,
                PolicyMarker,
                Budget,
                Transaction,
                DocumentLink,
                RelatedActivity,
                Result,
            ):
                model.objects.filter(activity=current).delete()
            activity = current
            report.updated += 1
        keep.append((activity, row))
    _children(keep)


def _fit(key: str, value: Any) -> Any:
    """Codes longer than the column are not IATI codes foro knows: kept cut (the file
    passed the schema, so they are at least well-formed)."""
    limit = getattr(Activity._meta.get_field(key), "max_length", None)
    if isinstance(value, str) and limit and key not in ("description_nl", "description_en"):
        return value[:limit]
    return value


def _children(keep: list[tuple[Activity, dict[str, Any]]]) -> None:
    participants: list[Any] = []
    sectors: list[Any] = []
    locations: list[Any] = []
    markers: list[Any] = []
    budgets: list[Any] = []
    transactions: list[Any] = []
    documents: list[Any] = []
    related: list[Any] = []
    for a, row in keep:
        participants += [ParticipatingOrg(activity=a, **p) for p in row["participants"]]
        sectors += [ActivitySector(activity=a, **s) for s in row["sectors"]]
        locations += [Location(activity=a, **loc) for loc in row["locations"]]
        markers += [PolicyMarker(activity=a, **m) for m in row["markers"]]
        budgets += [Budget(activity=a, **b) for b in row["budgets"]]
        for t in row["transactions"]:
            converted = fx.to_eur(t["value"], t["currency"], t["date"])
            transactions.append(
                Transaction(
                    activity=a,
                    **t,
                    value_eur=converted[0] if converted else None,
                    eur_rate=converted[1].per_eur if converted else None,
                    eur_rate_date=converted[1].day if converted else None,
                )
            )
        documents += [DocumentLink(activity=a, **d) for d in row["documents"]]
        related += [RelatedActivity(activity=a, **r) for r in row["related"]]
    for model, objs in (
        (ParticipatingOrg, participants),
        (ActivitySector, sectors),
        (Location, locations),
        (PolicyMarker, markers),
        (Budget, budgets),
        (Transaction, transactions),
        (DocumentLink, documents),
        (RelatedActivity, related),
    ):
        model.objects.bulk_create(objs, batch_size=500)
    for a, row in keep:
        for r in row["results"]:
            result = Result.objects.create(activity=a, type=r["type"], title=r["title"])
            for ind in r["indicators"]:
                periods = ind.pop("periods")
                indicator = Indicator.objects.create(result=result, **ind)
                IndicatorPeriod.objects.bulk_create(
                    [IndicatorPeriod(indicator=indicator, **p) for p in periods]
                )
