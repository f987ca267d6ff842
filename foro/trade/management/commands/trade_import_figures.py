"""``foro trade_import_figures FILE --source URL``: import Eurostat trade figures (SDMX-CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from foro.core.actors import SystemActor
from foro.core.errors import InvalidFile
from foro.trade.importers.sdmx_csv import FileRefused
from foro.trade.services import figures_import


class Command(BaseCommand):
    help = (
        "Import trade figures per partner country from a Eurostat SDMX-CSV file (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source",
            default="Eurostat, ext_st_eu27_2020sitc (SDMX-CSV)",
            help="where the file comes from (shown beside the chart)",
        )
        parser.add_argument(
            "--fixture",
            action="store_true",
            help="the file was written from the documentation, not published: the pages say so",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            record = figures_import(
                actor=SystemActor.SYSTEM,
                path=path,
                source=options["source"],
                is_fixture=options["fixture"],
            )
        except FileRefused as exc:
            raise CommandError(
                "file refused, nothing imported:\n  " + "\n  ".join(exc.problems[:50])
            ) from exc
        except InvalidFile as exc:
            lines = [f"{e['field']}: {e['message']}" for e in exc.errors] or [exc.detail]
            raise CommandError("file refused, nothing imported:\n  " + "\n  ".join(lines)) from exc
        self.stdout.write(f"imported {record.rows} figures from {path.name} ({record.dataset})")
