"""Writes of reporting: publishing and withdrawing the open-data figures of a period.

Rules (docs/reports.md):

* only management publishes, and only a closed period (its end date is before today);
* publishing stores a snapshot of the figures (granted and refused per destination and
  category, the split by direction and instrument, the extensions and written
  confirmations without licence numbers or references; no names of applicants or end
  users) with its sha256; later changes to cases
  do not change a published version;
* publishing a period that is already published is a correction: it needs a note, stores
  version n+1 and marks the previous version superseded (it stays readable, with a link to
  the version that replaced it); identical figures are not published twice;
* withdrawing takes the current version off the open-data page (with a reason); the period
  and its earlier versions are then no longer public until it is published again.
"""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.errors import Conflict, TransitionNotAllowed, ValidationFailed
from foro.core.models import User
from foro.core.services import require
from foro.reporting import figures as fig
from foro.reporting.models import Publication
from foro.reporting.periods import Period


def canonical_sha256(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publication_publish(*, actor: User, period: Period, note: str = "") -> Publication:
    require(actor, "reporting.publish")
    note = (note or "").strip()
    if not period.is_closed():
        raise ValidationFailed(
            errors=[
                {
                    "field": "period",
                    "message": _("Only a period that has ended can be published."),
                }
            ]
        )
    try:
        with transaction.atomic():
            versions = Publication.objects.select_for_update().filter(
                period_start=period.start, period_end=period.end
            )
            current = versions.filter(state=Publication.State.PUBLISHED).first()
            if current is not None and not note:
                raise ValidationFailed(
                    errors=[
                        {
                            "field": "note",
                            "message": _(
                                "This period is already published: say what the new version corrects."
                            ),
                        }
                    ]
                )
            data = fig.figures_json(fig.collect(period, with_exports=False), public=True)
            digest = canonical_sha256(data)
            if current is not None and current.sha256 == digest:
                raise Conflict(
                    _("The figures have not changed since version %(v)s; nothing to publish.")
                    % {"v": current.version}
                )
            last = versions.aggregate(m=Max("version"))["m"] or 0
            publication = Publication.objects.create(
                period_start=period.start,
                period_end=period.end,
                version=last + 1,
                figures=data,
                sha256=digest,
                note=note,
                published_by=actor,
                published_at=timezone.now(),
            )
            if current is not None:
                current.state = Publication.State.SUPERSEDED
                current.superseded_by = publication
                current.save(update_fields=["state", "superseded_by"])
            audit.record(
                actor=actor,
                verb="opendata.published",
                target=publication,
                payload={
                    "period": period.code,
                    "version": publication.version,
                    "sha256": digest,
                    "supersedes": current.version if current else None,
                    "note": note,
                },
            )
    except IntegrityError as exc:  # two managers published the same period at once
        raise Conflict() from exc
    return publication


def publication_withdraw(*, actor: User, publication: Publication, reason: str) -> Publication:
    require(actor, "reporting.publish")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            errors=[{"field": "reason", "message": _("Say why the figures are withdrawn.")}]
        )
    with transaction.atomic():
        pub = Publication.objects.select_for_update().get(pk=publication.pk)
        if pub.state != Publication.State.PUBLISHED:
            raise TransitionNotAllowed(_("Only the current version of a period can be withdrawn."))
        pub.state = Publication.State.WITHDRAWN
        pub.withdrawn_by = actor
        pub.withdrawn_at = timezone.now()
        pub.withdrawn_reason = reason
        pub.save(update_fields=["state", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
        audit.record(
            actor=actor,
            verb="opendata.withdrawn",
            target=pub,
            payload={
                "period": Period(pub.period_start, pub.period_end).code,
                "version": pub.version,
                "reason": reason,
            },
        )
    return pub
