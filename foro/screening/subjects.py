"""What a screened subject is, in words a person reads: "ML/2026/0012 · consignee" rather
than ``licensing.party 116``. The module that owns a subject type registers a describer
when its app loads (screening never imports that module). A describer takes the subject
ids of one page and answers in one query: {subject_id: SubjectLabel}."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse

from foro.core.models import Organisation
from foro.screening.models import ScreeningSubject


@dataclass(frozen=True)
class SubjectLabel:
    #: what the subject is, e.g. "Application ML/2026/0012 · consignee"
    label: str
    #: where a person who may see it reads more (empty: nowhere)
    url: str = ""


Describer = Callable[[list[str]], dict[str, SubjectLabel]]
DESCRIBERS: dict[str, Describer] = {}


def register(subject_type: str, describer: Describer) -> None:
    DESCRIBERS[subject_type] = describer


def describe(subjects: Iterable[ScreeningSubject]) -> dict[int, SubjectLabel]:
    """{subject pk: label} for the given ScreeningSubject rows (one query per type)."""
    by_type: dict[str, list[ScreeningSubject]] = defaultdict(list)
    for subject in subjects:
        by_type[subject.subject_type].append(subject)
    labels: dict[int, SubjectLabel] = {}
    for subject_type, group in by_type.items():
        describer = DESCRIBERS.get(subject_type)
        found = describer([s.subject_id for s in group]) if describer else {}
        for subject in group:
            labels[subject.pk] = found.get(subject.subject_id) or SubjectLabel(subject.name)
    return labels


def _organisations(ids: list[str]) -> dict[str, SubjectLabel]:
    from django.utils.translation import gettext as _

    rows = Organisation.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])
    return {
        str(o.pk): SubjectLabel(
            _("Organisation %(name)s") % {"name": o.name},
            reverse("core:organisation-detail", args=[o.pk]),
        )
        for o in rows.only("pk", "name")
    }


register("core.organisation", _organisations)
