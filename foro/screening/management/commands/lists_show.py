"""``foro lists show``: each list, its current version, counts and publication date."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from foro.screening.lists import KNOWN_LISTS
from foro.screening.models import ListVersion, SanctionsList

KINDS = ("person", "organisation", "vessel", "aircraft")


class Command(BaseCommand):
    help = "Show the sanctions lists: current version, counts, publication and import dates."

    def handle(self, *args, **options):
        lists = {sl.code: sl for sl in SanctionsList.objects.all()}
        current = {
            v.sanctions_list_id: v
            for v in ListVersion.objects.filter(is_current=True).select_related("diff")
        }
        totals = dict(
            ListVersion.objects.values("sanctions_list")
            .annotate(n=Count("pk"))
            .values_list("sanctions_list", "n")
        )
        header = (
            f"{'list':13} {'version':>7} {'entries':>8}  {'published':10}  {'imported':16}  by kind"
        )
        self.stdout.write(header)
        for code in sorted(set(KNOWN_LISTS) | set(lists)):
            sl = lists.get(code)
            version = current.get(sl.pk) if sl else None
            if version is None:
                self.stdout.write(f"{code:13} {'-':>7} {'-':>8}  not imported")
                continue
            counts = version.counts or {}
            kinds = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts.get(k))
            n_versions = totals.get(sl.pk, 1)
            self.stdout.write(
                f"{code:13} {version.number:>7} {version.entry_count:>8}  "
                f"{version.published.isoformat() if version.published else '-':10}  "
                f"{timezone.localtime(version.imported_at):%Y-%m-%d %H:%M}  {kinds}"
                + (f"  ({n_versions} versions)" if n_versions > 1 else "")
            )
