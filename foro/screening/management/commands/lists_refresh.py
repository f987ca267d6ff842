"""``foro lists refresh [--list CODE]``: fetch and import the lists whose URL is configured."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from foro.screening.refresh import list_refresh


class Command(BaseCommand):
    help = (
        "Fetch every list whose URL is configured (FORO_LIST_SOURCES) and import it: "
        "byte-identical content changes nothing, a broken file is refused and audited. "
        "A worker does this once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", dest="codes", action="append", metavar="CODE")

    def handle(self, *args, codes=None, **options):
        with translation.override("en"):
            outcomes = list_refresh(actor="system", codes=codes)
        if not outcomes:
            self.stdout.write("no list source configured (FORO_LIST_SOURCES)")
            return
        failed = False
        for o in outcomes:
            line = f"{o.code}: {o.status.replace('_', ' ')} — {o.detail}"
            if o.status == "imported":
                self.stdout.write(self.style.SUCCESS(line + "; re-screening queued"))
            elif o.status == "unchanged":
                self.stdout.write(line + "; no new version, no re-screening")
            else:
                failed = True
                self.stdout.write(self.style.ERROR(line))
        if failed:
            raise CommandError("some lists were not refreshed (see above)")
