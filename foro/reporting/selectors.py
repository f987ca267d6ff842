"""Reads with a rule: reports for staff, published figures for everyone."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from foro.core.errors import NotFound, ValidationFailed
from foro.core.services import require
from foro.licensing.kinds import kind_table
from foro.reporting import figures as fig
from foro.reporting.models import Publication
from foro.reporting.periods import Period


def check_kind(kind: str | None) -> str | None:
    kind = (kind or "").strip() or None
    if kind is not None and kind not in kind_table().kinds:
        raise ValidationFailed(errors=[{"field": "kind", "message": _("Unknown kind of licence.")}])
    return kind


def licensing_report(user, period: Period, kind: str | None = None) -> fig.Report:
    """The report for a period and a year earlier (licensing staff and management)."""
    require(user, "reporting.view_reports")
    return fig.build(period, check_kind(kind))


def coarm_figures(user, period: Period) -> fig.Figures:
    from foro.reporting.exports import coarm_figures

    require(user, "reporting.view_reports")
    return coarm_figures(period)


def publications_for_staff(user) -> QuerySet[Publication]:
    require(user, "reporting.view_reports")
    return Publication.objects.select_related("published_by", "withdrawn_by", "superseded_by")


def public_publications() -> QuerySet[Publication]:
    """The current version of every published period, the most recent period first."""
    return Publication.objects.filter(state=Publication.State.PUBLISHED).order_by(
        "-period_end", "-period_start"
    )


def public_publication(pk: int) -> Publication:
    """A current version, or a superseded version of a period that is still published."""
    live = Publication.objects.filter(
        state=Publication.State.PUBLISHED,
        period_start=OuterRef("period_start"),
        period_end=OuterRef("period_end"),
    )
    pub = (
        Publication.objects.filter(
            pk=pk, state__in=(Publication.State.PUBLISHED, Publication.State.SUPERSEDED)
        )
        .filter(Exists(live))
        .first()
    )
    if pub is None:
        raise NotFound()
    return pub


def public_versions(pub: Publication) -> QuerySet[Publication]:
    return Publication.objects.filter(
        period_start=pub.period_start,
        period_end=pub.period_end,
        state__in=(Publication.State.PUBLISHED, Publication.State.SUPERSEDED),
    ).order_by("-version")


def publication_figures(pub: Publication) -> fig.Figures:
    return fig.figures_from_json(pub.figures)
