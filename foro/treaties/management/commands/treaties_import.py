"""``foro treaties import --format {untc-status,verdragenbank-xml} PATH…``: import treaty
status files into the register (refused whole when a file is broken; the same files twice
change nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from foro.core.actors import SystemActor
from foro.core.errors import DomainError
from foro.treaties.importers import FORMATS, ImportFormatError
from foro.treaties.services import treaties_import


class Command(BaseCommand):
    help = (
        "Import UN Treaty Collection status tables or Verdragenbank XML into the treaty "
        "register (refused whole if a file is malformed; the same files twice change nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args: Any, fmt: str, paths: list[Path], **options: Any) -> None:
        with translation.override("en"):
            try:
                result = treaties_import(actor=SystemActor.SYSTEM, fmt=fmt, paths=paths)
            except ImportFormatError as exc:
                raise CommandError(
                    f"refused {exc.file}: {exc.position}: {exc.reason} (nothing imported)"
                ) from exc
            except (DomainError, OSError) as exc:
                raise CommandError(f"refused: {exc} (nothing imported)") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} treaties created, {result.updated} updated, "
                f"{result.unchanged} unchanged"
            )
        )
        if result.unmapped:
            names = ", ".join(result.unmapped[:10]) + (" …" if len(result.unmapped) > 10 else "")
            self.stdout.write(
                f"  {len(result.unmapped)} party name(s) not mapped to a country: {names}"
            )
