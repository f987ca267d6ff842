"""Write services of screening: importing lists, registering and screening subjects,
disposing of hits. Each checks the permission, runs in one transaction and records the
audit event (one per import, not one per entry).

For other apps (licensing will screen the parties of applications)::

    subject = subject_register(actor=officer_or_"system", subject_type="licensing.party",
                               subject_id=party.pk, name=party.name, kind="organisation",
                               countries=[party.country_id])
    new_hits = subject_screen(subject=subject)
    all_hits = selectors.hits_for_subject(subject)

``subject_register`` is idempotent per (subject_type, subject_id): call it again whenever
the party's details change. Every registered subject is screened again automatically when
a list version becomes current (``tasks.rescreen_after_list_change``). Whether a subject
needs screening at all is the registering app's decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor, actor_label, system_actor
from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed, text_within
from foro.core.roles import roles_of
from foro.core.services import require
from foro.screening import rules
from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.engine.model import IDENTIFIER_KINDS, EntityKind, FuzzyDate, Identifier, Query
from foro.screening.errors import NoListLoaded
from foro.screening.importers import FORMATS, ImportFormatError, ParsedList, files_digest, load
from foro.screening.importers.countries import is_iso2
from foro.screening.index_cache import IndexState, current_index
from foro.screening.lists import KNOWN_LISTS, ListSpec
from foro.screening.metrics import SEARCH_LATENCY
from foro.screening.models import (
    ListDiff,
    ListEntry,
    ListVersion,
    SanctionsList,
    ScreeningHit,
    ScreeningSubject,
)
from foro.screening.signals import hit_disposed

#: Registered subjects are screened at the engine's default threshold (the one the
#: benchmark measures).
SCREENING_THRESHOLD = DEFAULT_THRESHOLD
MAX_HITS_PER_SUBJECT = 50
ORGANISATION = "core.organisation"
#: ListEntry.entry_id's max_length
MAX_ENTRY_ID = 100


def _require(actor: Actor, perm: str, obj=None) -> None:
    """A user needs ``perm``; a system actor (command line, tasks, the demo) is trusted.
    Anything else, an unknown string included, is refused."""
    if system_actor(actor) is None:
        require(actor, perm, obj)


_actor_label = actor_label


# ---------------------------------------------------------------- lists


def _ensure_list(spec: ListSpec) -> SanctionsList:
    sanctions_list, created = SanctionsList.objects.get_or_create(
        code=spec.code,
        defaults={
            "name_nl": spec.name_nl,
            "name_en": spec.name_en,
            "publisher": spec.publisher,
            "format": spec.format,
        },
    )
    return sanctions_list


def _natural(entry_id: str) -> tuple:
    """Sort ids as a person expects: "9" before "10", "QDi.2" before "QDi.10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.findall(r"\d+|\D+", entry_id)
    )


def _entry_rows(parsed: ParsedList) -> list[tuple[str, str, str, dict, str]]:
    """(entry_id, kind, primary name, data, fingerprint) per entry; refuses repeated ids."""
    rows = []
    seen: set[str] = set()
    for entry in parsed.entries:
        if entry.entry_id in seen:
            raise ImportFormatError(
                parsed.files[0][0] if len(parsed.files) == 1 else "the files",
                f"entry {entry.entry_id}",
                "the same entry id appears twice",
            )
        if len(entry.entry_id) > MAX_ENTRY_ID:
            raise ImportFormatError(
                parsed.files[0][0] if len(parsed.files) == 1 else "the files",
                f"entry {entry.entry_id[:40]}…",
                f"an entry id longer than {MAX_ENTRY_ID} characters",
            )
        seen.add(entry.entry_id)
        rows.append(
            (
                entry.entry_id,
                str(entry.kind),
                entry.primary_name,
                entry.to_dict(),
                entry.fingerprint(),
            )
        )
    return rows


@dataclass(frozen=True)
class DiffResult:
    added: list[str]
    removed: list[str]
    changed: list[str]
    unchanged: int


def diff_fingerprints(old: dict[str, str], new: dict[str, str]) -> DiffResult:
    """Compare two versions' {entry id: fingerprint}."""
    added = sorted((i for i in new if i not in old), key=_natural)
    removed = sorted((i for i in old if i not in new), key=_natural)
    changed = sorted((i for i in new if i in old and old[i] != new[i]), key=_natural)
    unchanged = sum(1 for i in new if i in old and old[i] == new[i])
    return DiffResult(added, removed, changed, unchanged)


def list_import(
    *,
    actor,
    list_code: str,
    fmt: str,
    paths: Sequence[Path | str],
    progress: Callable[[int, int | None], None] | None = None,
) -> ListVersion:
    """Import a list's files as its new current version and re-screen every subject.

    The files are read and checked whole before anything is written: a malformed or
    truncated file raises ``ImportFormatError`` (file, position, reason), the current
    version stays in force, and the refusal is audited (``screening.list_refused``: who,
    which list, which files, why) in a transaction of its own, after the failed import's
    has rolled back. Call it outside a transaction of your own, or a refusal's event goes
    with your rollback.

    Files whose bytes equal a version of that list already imported, under any file name
    (``ListVersion.content_sha256``), create nothing and queue no re-screening: that
    version is returned with ``created = False``. A single file is recognised before it is
    parsed. A new version gets ``created = True``; its diff against the previous current
    version is stored, and the re-screening task is queued in the same transaction (with
    the database task backend the task row commits with the version, so a crash cannot
    lose the re-screen).
    """
    _require(actor, "screening.import_list")
    spec = KNOWN_LISTS.get(list_code)
    errors = []
    if spec is None:
        errors.append(
            {
                "field": "list",
                "message": _("Unknown list %(code)s; known lists: %(known)s.")
                % {"code": list_code, "known": ", ".join(KNOWN_LISTS)},
            }
        )
    if fmt not in FORMATS:
        errors.append(
            {
                "field": "format",
                "message": _("Unknown format %(fmt)s; use one of %(known)s.")
                % {"fmt": fmt, "known": ", ".join(FORMATS)},
            }
        )
    if errors or spec is None:
        raise ValidationFailed(errors=errors)
    files = [Path(p) for p in paths]
    try:
        same = _same_bytes_before_parsing(spec, fmt, files)
        if same is not None:
            return same
        parsed = load(fmt, files, progress)
        rows = _entry_rows(parsed)
        return _store_version(actor, spec, fmt, parsed, rows)
    except ImportFormatError as exc:
        _record_refusal(actor, spec, fmt, files, exc)
        raise


def _unchanged(version: ListVersion) -> ListVersion:
    version.created = False
    return version


def _version_with_bytes(
    sanctions_list: SanctionsList, digests: Iterable[str]
) -> ListVersion | None:
    """The version of ``sanctions_list`` made of these bytes (the current one first, when
    an older database holds several made of the same bytes)."""
    query = Q()
    for digest in digests:
        query |= Q(content_sha256=digest) | Q(sha256=digest)
    return (
        ListVersion.objects.filter(query, sanctions_list=sanctions_list)
        .order_by("-is_current", "-number")
        .first()
    )


def _same_bytes_before_parsing(spec: ListSpec, fmt: str, files: list[Path]) -> ListVersion | None:
    """A one-file import whose bytes are a version already imported, without parsing it
    (a scheduled re-import of an unchanged list costs a hash, not a parse)."""
    if fmt == "ofac-csv" or len(files) != 1 or not files[0].is_file():
        return None  # the importer decides which files of a folder count
    sanctions_list = SanctionsList.objects.filter(code=spec.code).first()
    if sanctions_list is None:
        return None
    found = _version_with_bytes(sanctions_list, [files_digest(files)])
    return _unchanged(found) if found is not None else None


def _record_refusal(
    actor, spec: ListSpec, fmt: str, files: list[Path], exc: ImportFormatError
) -> None:
    with transaction.atomic():
        sanctions_list = _ensure_list(spec)
        audit.record(
            actor=actor,
            verb="screening.list_refused",
            target=sanctions_list,
            payload={
                "list": spec.code,
                "format": fmt,
                "files": [p.name for p in files],
                "file": exc.file,
                "position": exc.position,
                "reason": exc.reason,
            },
        )


def _store_version(
    actor, spec: ListSpec, fmt: str, parsed: ParsedList, rows: list[tuple[str, str, str, dict, str]]
) -> ListVersion:
    with transaction.atomic():
        sanctions_list = _ensure_list(spec)
        # Serialise imports of the same list: the number, the current flag and the diff
        # must come from one consistent view.
        SanctionsList.objects.select_for_update().filter(pk=sanctions_list.pk).first()
        existing = _version_with_bytes(sanctions_list, [parsed.sha256, parsed.content_sha256])
        if existing is not None:
            return _unchanged(existing)
        previous = ListVersion.objects.filter(
            sanctions_list=sanctions_list, is_current=True
        ).first()
        number = (
            ListVersion.objects.filter(sanctions_list=sanctions_list).aggregate(n=Max("number"))[
                "n"
            ]
            or 0
        ) + 1
        if previous is not None:
            # first, because "one current version per list" is checked row by row
            ListVersion.objects.filter(pk=previous.pk).update(is_current=False)
        version = ListVersion.objects.create(
            sanctions_list=sanctions_list,
            number=number,
            format=fmt,
            sha256=parsed.sha256,
            content_sha256=parsed.content_sha256,
            files=[{"name": n, "sha256": s, "size": size} for n, s, size in parsed.files],
            counts=parsed.counts,
            entry_count=len(rows),
            published=parsed.published,
            imported_by=_actor_label(actor),
            is_current=True,
        )
        ListEntry.objects.bulk_create(
            (
                ListEntry(
                    version=version,
                    entry_id=entry_id,
                    kind=kind,
                    primary_name=name,
                    data=data,
                    fingerprint=fingerprint,
                )
                for entry_id, kind, name, data, fingerprint in rows
            ),
            batch_size=1000,
        )
        old = (
            dict(ListEntry.objects.filter(version=previous).values_list("entry_id", "fingerprint"))
            if previous is not None
            else {}
        )
        diff = diff_fingerprints(old, {r[0]: r[4] for r in rows})
        ListDiff.objects.create(
            version=version,
            previous=previous,
            added=diff.added,
            removed=diff.removed,
            changed=diff.changed,
            added_count=len(diff.added),
            removed_count=len(diff.removed),
            changed_count=len(diff.changed),
            unchanged_count=diff.unchanged,
        )
        audit.record(
            actor=actor,
            verb="screening.list_imported",
            target=version,
            payload={
                "list": sanctions_list.code,
                "version": number,
                "format": fmt,
                "sha256": parsed.sha256,
                "files": version.files,
                "published": parsed.published.isoformat() if parsed.published else None,
                "entries": len(rows),
                "previousVersion": previous.number if previous else None,
                "added": len(diff.added),
                "removed": len(diff.removed),
                "changed": len(diff.changed),
            },
        )
        _enqueue_rescreen(version)
    version.created = True
    return version


def _enqueue_rescreen(version: ListVersion) -> None:
    from foro.core.periodic import enqueue_logged
    from foro.screening.tasks import rescreen_after_list_change

    enqueue_logged(rescreen_after_list_change, version.pk, what=f"re-screening after {version}")


# ---------------------------------------------------------------- subjects

_SUBJECT_TYPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_BIRTH = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SUBJECT_KINDS = ("person", "organisation", "vessel", "aircraft", "unknown")


def _clean_identifiers(values: Iterable, errors: list[dict]) -> list[dict]:
    cleaned = []
    for value in values or ():
        if isinstance(value, Identifier):
            item = {"kind": value.kind, "value": value.value, "country": value.country}
        else:
            item = {
                "kind": str(value.get("kind", "")),
                "value": str(value.get("value", "")).strip(),
                "country": str(value.get("country", "") or "").upper(),
            }
        if item["kind"] not in IDENTIFIER_KINDS or not item["value"]:
            errors.append(
                {"field": "identifiers", "message": _("An identifier needs a kind and a value.")}
            )
            continue
        if item["country"] and not is_iso2(item["country"]):
            errors.append({"field": "identifiers", "message": _("Unknown country code.")})
            continue
        if item not in cleaned:
            cleaned.append(item)
    return cleaned


def subject_register(
    *,
    actor,
    subject_type: str,
    subject_id,
    name: str,
    kind: str,
    countries: Iterable[str] = (),
    birth_date: str = "",
    identifiers: Iterable = (),
) -> ScreeningSubject:
    """Register (or update) something to screen. Idempotent per (subject_type, subject_id);
    an event is audited only when the subject is new or its details changed. Does not
    screen: call ``subject_screen`` (re-screening after list changes is automatic)."""
    _require(actor, "screening.register_subject")
    errors: list[dict] = []
    subject_id = str(subject_id).strip()
    name = " ".join((name or "").split())
    if not _SUBJECT_TYPE.match(subject_type or ""):
        errors.append(
            {"field": "subjectType", "message": _("Use app.model, e.g. core.organisation.")}
        )
    if not subject_id or len(subject_id) > 64:
        errors.append(
            {"field": "subjectId", "message": _("An id of 1 to 64 characters is required.")}
        )
    if not name:
        errors.append({"field": "name", "message": _("A name is required.")})
    if kind not in SUBJECT_KINDS:
        errors.append({"field": "kind", "message": _("Unknown kind.")})
    codes = []
    for code in countries or ():
        code = (code or "").strip().upper()
        if not code:
            continue
        if not is_iso2(code):
            errors.append({"field": "countries", "message": _("Unknown country code.")})
        elif code not in codes:
            codes.append(code)
    birth_date = (birth_date or "").strip()
    if birth_date:
        try:
            if not _BIRTH.match(birth_date):
                raise ValueError(birth_date)
            FuzzyDate.parse(birth_date)
        except ValueError:
            errors.append({"field": "birthDate", "message": _("Use YYYY, YYYY-MM or YYYY-MM-DD.")})
    cleaned_ids = _clean_identifiers(identifiers, errors)
    if errors:
        raise ValidationFailed(errors=errors)
    values = {
        "name": name[:300],
        "kind": kind,
        "countries": codes,
        "birth_date": birth_date,
        "identifiers": cleaned_ids,
    }
    with transaction.atomic():
        subject = (
            ScreeningSubject.objects.select_for_update()
            .filter(subject_type=subject_type, subject_id=subject_id)
            .first()
        )
        if subject is None:
            subject = ScreeningSubject.objects.create(
                subject_type=subject_type, subject_id=subject_id, **values
            )
            changes = {k: v for k, v in values.items() if v}
        else:
            changes = {k: v for k, v in values.items() if getattr(subject, k) != v}
            if not changes:
                return subject
            for key, value in changes.items():
                setattr(subject, key, value)
            # new details: the last screening no longer speaks for this subject
            subject.last_screened_versions = {}
            subject.save()
        audit.record(
            actor=actor,
            verb="screening.subject_registered",
            target=subject,
            payload={"subjectType": subject_type, "subjectId": subject_id, "changes": changes},
        )
    return subject


def query_of(subject: ScreeningSubject) -> Query:
    """What the engine is asked for a subject."""
    kind = EntityKind(subject.kind) if subject.kind in SUBJECT_KINDS else None
    if kind == EntityKind.UNKNOWN:
        kind = None
    return Query(
        name=subject.name,
        kind=kind,
        countries=tuple(subject.countries or ()),
        birth_date=FuzzyDate.parse(subject.birth_date) if subject.birth_date else None,
        identifiers=tuple(
            Identifier(i["kind"], i["value"], i.get("country", ""))
            for i in subject.identifiers or ()
        ),
    )


def subject_screen(
    *, subject: ScreeningSubject, actor="system", index_state: IndexState | None = None
) -> list[ScreeningHit]:
    """Screen one subject against the current version of every list.

    Returns the hits that need a look: the new ones and those reopened. Existing hits are
    never duplicated (one per subject, list and entry). A disposed hit stays disposed
    unless its entry's fingerprint changed, in which case it reopens and keeps the
    replaced disposition in ``previous_disposition``. Hits whose entry left its list are
    marked ``superseded``. The list versions used are recorded on the subject and in the
    audit event, also when nothing was found.
    """
    _require(actor, "screening.register_subject")
    state = index_state or current_index()
    if not state.versions:
        raise NoListLoaded()
    with SEARCH_LATENCY.labels("one").time():
        found = state.index.search(
            query_of(subject), threshold=SCREENING_THRESHOLD, limit=MAX_HITS_PER_SUBJECT
        )
    lists = {sl.code: sl for sl in SanctionsList.objects.filter(code__in=list(state.versions))}
    now = timezone.now()
    new: list[ScreeningHit] = []
    reopened: list[ScreeningHit] = []
    with transaction.atomic():
        subject = ScreeningSubject.objects.select_for_update().get(pk=subject.pk)
        existing = {
            (h.sanctions_list_id, h.entry_id): h
            for h in ScreeningHit.objects.select_for_update(of=("self",))
            .select_related("sanctions_list", "version", "disposed_by")
            .filter(subject=subject)
        }
        seen: set[int] = set()
        for hit in found:
            sanctions_list = lists[hit.list_code]
            ref = state.versions[hit.list_code]
            fingerprint = state.fingerprints[(hit.list_code, hit.entry_id)]
            details = {
                "version_id": ref.id,
                "entry_fingerprint": fingerprint,
                "score": hit.score,
                "matched_name": hit.matched_name,
                "explanation": hit.explanation,
                "components": dict(hit.components),
            }
            record = existing.get((sanctions_list.pk, hit.entry_id))
            if record is None:
                record = ScreeningHit.objects.create(
                    subject=subject, sanctions_list=sanctions_list, entry_id=hit.entry_id, **details
                )
                existing[(sanctions_list.pk, hit.entry_id)] = record
                seen.add(record.pk)
                new.append(record)
                continue
            seen.add(record.pk)
            dirty = False
            if record.superseded:
                record.superseded, dirty = False, True
            if record.entry_fingerprint != fingerprint:
                if record.status != ScreeningHit.Status.OPEN:
                    _reopen(record, now)
                    reopened.append(record)
                for key, value in details.items():
                    setattr(record, key, value)
                dirty = True
            if dirty:
                record.save()
        superseded = [
            h.pk
            for h in existing.values()
            if h.pk not in seen
            and not h.superseded
            and (h.sanctions_list.code, h.entry_id) not in state.fingerprints
        ]
        if superseded:
            ScreeningHit.objects.filter(pk__in=superseded).update(superseded=True, updated_at=now)
        subject.last_screened_at = now
        subject.last_screened_versions = state.versions_used()
        subject.save(update_fields=["last_screened_at", "last_screened_versions"])
        audit.record(
            actor=actor,
            verb="screening.subject_screened",
            target=subject,
            payload={
                "versions": state.versions_used(),
                "threshold": SCREENING_THRESHOLD,
                "hits": len(found),
                "new": len(new),
                "reopened": len(reopened),
                "superseded": len(superseded),
                "newHitIds": [h.pk for h in new],
                "reopenedHitIds": [h.pk for h in reopened],
            },
        )
    return new + reopened


def _reopen(record: ScreeningHit, now) -> None:
    transition = rules.hit_transition(record.status, ScreeningHit.Status.OPEN)
    assert transition is not None and not transition.roles  # system-only, see rules
    record.previous_disposition = {
        "status": record.status,
        "reason": record.disposition_reason,
        "by": record.disposed_by.get_username() if record.disposed_by else "",
        "at": record.disposed_at.isoformat() if record.disposed_at else None,
        "version": record.version.number,
        "fingerprint": record.entry_fingerprint,
    }
    record.status = ScreeningHit.Status.OPEN
    record.disposition_reason = ""
    record.disposed_by = None
    record.disposed_at = None
    record.reopened_at = now


# ---------------------------------------------------------------- hits


def hit_dispose(*, actor, hit: ScreeningHit, status: str, reason: str) -> ScreeningHit:
    """An officer's disposition of a hit: confirmed match or false positive, with a reason.
    The moves allowed, and for whom, are ``rules.HIT_TRANSITIONS``."""
    require(actor, "screening.dispose_hit", hit)
    reason = (reason or "").strip()
    errors = []
    if status not in (ScreeningHit.Status.CONFIRMED, ScreeningHit.Status.FALSE_POSITIVE):
        errors.append(
            {"field": "status", "message": _("Choose confirmed match or false positive.")}
        )
    if not reason:
        errors.append({"field": "reason", "message": _("Give the reason for your decision.")})
    text_within(reason, 4000, "reason", errors)
    if errors:
        raise ValidationFailed(errors=errors)
    with transaction.atomic():
        locked = (
            ScreeningHit.objects.select_for_update(of=("self",))
            .select_related("subject", "sanctions_list")
            .get(pk=hit.pk)
        )
        transition = rules.hit_transition(locked.status, status)
        if transition is None:
            raise TransitionNotAllowed(
                _("This hit is already marked %(status)s.")
                % {"status": locked.get_status_display()}
            )
        if not transition.roles & roles_of(actor):
            raise PermissionDenied()
        previous = locked.status
        locked.status = status
        locked.disposition_reason = reason
        locked.disposed_by = actor
        locked.disposed_at = timezone.now()
        locked.save()
        audit.record(
            actor=actor,
            verb="screening.hit_disposed",
            target=locked,
            payload={
                "status": status,
                "previous": previous,
                "reason": locked.disposition_reason,
                "subject": str(locked.subject),
                "list": locked.sanctions_list.code,
                "entryId": locked.entry_id,
                "entryFingerprint": locked.entry_fingerprint,
            },
        )
        hit_disposed.send(sender=ScreeningHit, hit=locked)
    return locked


# ---------------------------------------------------------------- organisations, re-screening


def _organisation_identifiers(org) -> list[dict]:
    ids = []
    if org.kbo_number:
        ids.append({"kind": "registration", "value": org.kbo_number, "country": "BE"})
    if org.vat_number:
        ids.append({"kind": "tax_id", "value": org.vat_number, "country": org.vat_number[:2]})
    if org.eori_number:
        ids.append({"kind": "other", "value": org.eori_number, "country": ""})
    for item in ids:
        if item["country"] and not is_iso2(item["country"]):
            item["country"] = ""
    return ids


def organisations_register(*, actor) -> list[ScreeningSubject]:
    """Register every active organisation (applicants and others) as a subject.

    An organisation is screened when it is created or changed (``tasks.screen_organisation``,
    queued through ``core.signals.organisation_saved``); every re-screening also starts by
    bringing the organisation subjects up to date, and the demo and ``foro screen
    --organisations`` call this too.
    """
    from foro.core.models import Organisation

    return [
        organisation_register(actor=actor, organisation=org)
        for org in Organisation.objects.filter(is_active=True).order_by("pk")
    ]


def organisation_register(*, actor, organisation) -> ScreeningSubject:
    """Register (or update) one organisation as a subject, e.g. an applicant when it
    submits an application."""
    return subject_register(
        actor=actor,
        subject_type=ORGANISATION,
        subject_id=organisation.pk,
        name=organisation.name,
        kind="organisation",
        countries=[organisation.country_id] if organisation.country_id else [],
        identifiers=_organisation_identifiers(organisation),
    )


@dataclass
class RescreenResult:
    subjects: int = 0
    new: int = 0
    reopened: int = 0
    versions: dict[str, int] = field(default_factory=dict)


def rescreen_all(
    *, actor, version: ListVersion | None = None, only_stale: bool = False
) -> RescreenResult:
    """Screen every registered subject again (after ``version`` became current).

    ``only_stale`` skips subjects already screened against exactly the current versions
    with their current details (several imports in a row queue several tasks; the first
    does the work). Each subject is screened in its own transaction, so a long run holds
    no lock for long; one summary event is audited at the end when anything was screened.
    """
    _require(actor, "screening.rescreen")
    organisations_register(actor=actor)
    state = current_index()
    if not state.versions:
        raise NoListLoaded()
    result = RescreenResult(versions=state.versions_used())
    subjects = ScreeningSubject.objects.order_by("pk")
    for subject in subjects.iterator(chunk_size=500):
        if only_stale and subject.last_screened_versions == result.versions:
            continue
        raised = subject_screen(subject=subject, actor=actor, index_state=state)
        result.subjects += 1
        result.new += sum(1 for h in raised if h.reopened_at is None)
        result.reopened += sum(1 for h in raised if h.reopened_at is not None)
    if only_stale and not result.subjects:
        return result
    with transaction.atomic():
        payload = {
            "subjects": result.subjects,
            "new": result.new,
            "reopened": result.reopened,
            "versions": result.versions,
        }
        if version is not None:
            audit.record(actor=actor, verb="screening.rescreened", target=version, payload=payload)
        else:
            audit.record(
                actor=actor,
                verb="screening.rescreened",
                target_type="screening.screeningsubject",
                target_id="all",
                target_label=_("all subjects"),
                payload=payload,
            )
    return result
