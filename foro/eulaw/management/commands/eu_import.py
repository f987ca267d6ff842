"""``foro eu import --format euip PATH…``: import the EU infringement-procedure dataset
(refused whole when a file is broken; the same files twice change nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from foro.core.actors import SystemActor
from foro.core.errors import DomainError
from foro.eulaw.importers import FORMATS, ImportFormatError
from foro.eulaw.services import infringements_import


class Command(BaseCommand):
    help = "Import EUIP infringement cases and decisions (linked to directives by CELEX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    def handle(self, *args: Any, fmt: str, paths: list[Path], **options: Any) -> None:
        with translation.override("en"):
            try:
                result = infringements_import(actor=SystemActor.SYSTEM, paths=paths)
            except ImportFormatError as exc:
                raise CommandError(
                    f"refused {exc.file}: {exc.position}: {exc.reason} (nothing imported)"
                ) from exc
            except (DomainError, OSError) as exc:
                raise CommandError(f"refused: {exc} (nothing imported)") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['created']} cases created, {result['updated']} updated, "
                f"{result['unchanged']} unchanged; {result['linked']} linked to a registered directive"
            )
        )
