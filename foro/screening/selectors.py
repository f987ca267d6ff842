"""Reads of screening data, each starting from who is asking.

Ad-hoc screening is a read too: ``screen`` runs queries against the index of the current
list versions and says which versions it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet

from foro.core.errors import NotFound
from foro.core.services import require
from foro.screening.engine.model import Entry, Hit, Query
from foro.screening.errors import NoListLoaded
from foro.screening.index_cache import current_index
from foro.screening.metrics import SEARCH_LATENCY
from foro.screening.models import (
    ListDiff,
    ListEntry,
    ListVersion,
    SanctionsList,
    ScreeningHit,
    ScreeningSubject,
)

MAX_HITS_PER_QUERY = 50


@dataclass(frozen=True)
class ScreeningRun:
    threshold: float
    #: {list code: version number} of the index that answered
    versions: dict[str, int]
    #: one list of hits per query, best first
    results: list[list[Hit]]


def screen(
    queries: Sequence[Query],
    *,
    threshold: float,
    lists: Sequence[str] | None = None,
    limit: int = MAX_HITS_PER_QUERY,
) -> ScreeningRun:
    """Hits at or above ``threshold`` for each query (no permission check: callers do).
    Refuses (NoListLoaded) rather than answer "no hit" when no list is loaded."""
    state = current_index()
    if not state.versions:
        raise NoListLoaded()
    with SEARCH_LATENCY.labels("batch").time():
        results = state.index.search_many(
            list(queries), threshold=threshold, limit=limit, lists=list(lists) if lists else None
        )
    versions = state.versions_used()
    if lists:
        versions = {code: n for code, n in versions.items() if code in lists}
    return ScreeningRun(threshold, versions, results)


def loaded_list_codes() -> set[str]:
    """Codes of the lists that have a current version."""
    return set(
        ListVersion.objects.filter(is_current=True).values_list("sanctions_list__code", flat=True)
    )


# ---------------------------------------------------------------- lists


def lists_visible_to(user) -> QuerySet[SanctionsList]:
    require(user, "screening.view_lists")
    return SanctionsList.objects.order_by("code")


def current_versions() -> dict[int, ListVersion]:
    """{list id: current version}."""
    return {
        v.sanctions_list_id: v
        for v in ListVersion.objects.filter(is_current=True).select_related("diff")
    }


def list_get(user, code: str) -> SanctionsList:
    found = lists_visible_to(user).filter(code=code).first()
    if found is None:
        raise NotFound()
    return found


def versions_of(user, sanctions_list: SanctionsList) -> QuerySet[ListVersion]:
    require(user, "screening.view_lists")
    return (
        ListVersion.objects.filter(sanctions_list=sanctions_list)
        .select_related("diff", "sanctions_list")
        .order_by("-number")
    )


#: refused imports shown per list on the lists page
REFUSALS_SHOWN = 5


def refusals_of(user, sanctions_lists: Sequence[SanctionsList]) -> dict[int, list]:
    """{list id: the latest refused imports of that list (audit events, newest first)}."""
    from foro.core.selectors import audit_events_for

    require(user, "screening.view_lists")
    return {
        sl.pk: list(
            audit_events_for("screening.sanctionslist", sl.pk)
            .filter(verb="screening.list_refused")
            .order_by("-seq")[:REFUSALS_SHOWN]
        )
        for sl in sanctions_lists
    }


def version_get(user, pk: int) -> ListVersion:
    require(user, "screening.view_lists")
    version = (
        ListVersion.objects.select_related("sanctions_list", "diff", "diff__previous")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise NotFound()
    return version


@dataclass(frozen=True)
class DiffRow:
    entry_id: str
    name: str
    kind: str
    #: the ListEntry to link to (new version for added/changed, old one for removed)
    entry_pk: int | None


def diff_rows(diff: ListDiff, part: str, limit: int | None = None) -> list[DiffRow]:
    """The added, removed or changed entries of a diff (the first ``limit``), with their
    names, in id order."""
    ids = {"added": diff.added, "removed": diff.removed, "changed": diff.changed}[part]
    if limit is not None:
        ids = ids[:limit]
    version_id = diff.previous_id if part == "removed" else diff.version_id
    if not ids or version_id is None:
        return []
    entries = {
        e["entry_id"]: e
        for e in ListEntry.objects.filter(version_id=version_id, entry_id__in=ids).values(
            "pk", "entry_id", "primary_name", "kind"
        )
    }
    rows = []
    for entry_id in ids:
        e = entries.get(entry_id)
        rows.append(
            DiffRow(
                entry_id,
                e["primary_name"] if e else "",
                e["kind"] if e else "",
                e["pk"] if e else None,
            )
        )
    return rows


def entry_get(user, version: ListVersion, entry_id: str) -> ListEntry:
    require(user, "screening.view_lists")
    entry = ListEntry.objects.filter(version=version, entry_id=entry_id).first()
    if entry is None:
        raise NotFound()
    return entry


def entry_of(entry: ListEntry) -> Entry:
    return Entry.from_dict(entry.data)


# ---------------------------------------------------------------- hits


def hits_visible_to(user) -> QuerySet[ScreeningHit]:
    """Every hit for those who review them; nothing for anyone else (not even applicants'
    own organisation: screening results are internal)."""
    qs = ScreeningHit.objects.select_related("subject", "sanctions_list", "version", "disposed_by")
    if not user.has_perm("screening.view_hits"):
        return qs.none()
    return qs


def hit_queue(user, status: str | None = "open") -> QuerySet[ScreeningHit]:
    """The review queue: open hits whose entry is still listed, best score first."""
    require(user, "screening.view_hits")
    qs = hits_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if status == ScreeningHit.Status.OPEN:
        qs = qs.filter(superseded=False)
    return qs.order_by("-score", "-created_at", "-pk")


def hit_get(user, pk: int) -> ScreeningHit:
    hit = hits_visible_to(user).filter(pk=pk).first()
    if hit is None:
        raise NotFound()
    return hit


def hit_entry(hit: ScreeningHit) -> ListEntry | None:
    """The list entry as it was in the version the hit refers to."""
    return ListEntry.objects.filter(version_id=hit.version_id, entry_id=hit.entry_id).first()


def hits_for_subject(subject: ScreeningSubject) -> QuerySet[ScreeningHit]:
    """All hits of one subject (for the app that registered it, e.g. licensing)."""
    return subject.hits.select_related("sanctions_list", "version").order_by("-score")


def subject_for(subject_type: str, subject_id) -> ScreeningSubject | None:
    return ScreeningSubject.objects.filter(
        subject_type=subject_type, subject_id=str(subject_id)
    ).first()
