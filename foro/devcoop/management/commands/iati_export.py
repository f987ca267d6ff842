"""``foro iati export --out FILE``: the published IATI activity file (the last approved
publication), the organisation file (``--organisation``), or the portfolio as it is now
(``--current``: every own activity, validated; refused when a rule is broken)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from foro.devcoop import selectors
from foro.devcoop.iati import export, validate
from foro.devcoop.models import Activity, PublishedFile


class Command(BaseCommand):
    help = "Write the published IATI 2.03 file (or the current portfolio) to --out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="file to write ('-' for stdout)")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--organisation", action="store_true", help="the organisation file")
        which.add_argument(
            "--current", action="store_true", help="all own activities as they are now"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["current"]:
            qs = export.for_export(
                Activity.objects.filter(source=Activity.Source.OWN).order_by("iati_identifier")
            )
            data = export.activities_xml(qs, generated=timezone.now())
            found = validate.validate(data)
            for v in found:
                self.stderr.write(f"{v.severity}: {v}")
            if validate.errors(found):
                raise CommandError(f"{len(validate.errors(found))} IATI error(s): nothing written")
        else:
            kind = (
                PublishedFile.Kind.ORGANISATION
                if options["organisation"]
                else PublishedFile.Kind.ACTIVITIES
            )
            published = selectors.latest_file(kind)
            if published is None:
                raise CommandError("Nothing has been published yet.")
            data = published.xml.encode("utf-8")
        if options["out"] == "-":
            self.stdout.write(data.decode("utf-8"))
            return
        Path(options["out"]).write_bytes(data)
        self.stderr.write(f"wrote {options['out']} ({len(data)} bytes)")
