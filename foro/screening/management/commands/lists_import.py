"""``foro lists import --format FMT [--list CODE] PATH…``: import a sanctions list."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from foro.core.errors import ValidationFailed
from foro.screening.importers import FORMATS, ImportFormatError
from foro.screening.lists import KNOWN_LISTS, UnknownList, default_list_code
from foro.screening.services import list_import


class Command(BaseCommand):
    help = (
        "Import a sanctions list's files as its new current version (refused whole if a file "
        "is malformed, and the refusal audited; files whose bytes are a version already imported, "
        "under any name, change nothing). Every registered subject is then "
        "screened again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument(
            "--list",
            dest="list_code",
            choices=sorted(KNOWN_LISTS),
            help="the list the files belong to (default: from the format; required for foro-csv)",
        )
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **kwargs):
        # The command line speaks English, like the other foro commands (messages from the
        # shared validators would otherwise follow LANGUAGE_CODE).
        with translation.override("en"):
            return self._handle(**kwargs)

    def _handle(self, fmt, list_code, paths, no_progress=False, **options):
        try:
            code = list_code or default_list_code(fmt, paths)
        except UnknownList as exc:
            raise CommandError(str(exc)) from exc
        bar = None

        def progress(done: int, total: int | None) -> None:
            nonlocal bar
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=total, unit=" rows", desc=f"reading {code}", leave=False)
            if total is not None and bar.total != total:
                bar.total = total
            bar.update(done - bar.n)

        try:
            version = list_import(
                actor="system",
                list_code=code,
                fmt=fmt,
                paths=paths,
                progress=None if no_progress else progress,
            )
        except ImportFormatError as exc:
            raise CommandError(
                f"refused {exc.file}: {exc.position}: {exc.reason} "
                f"(nothing imported; the current version of {code} stays in force; "
                "the refusal is in the audit trail)"
            ) from exc
        except (ValidationFailed, ValueError, OSError) as exc:
            detail = "; ".join(e["message"] for e in getattr(exc, "errors", [])) or str(exc)
            raise CommandError(f"refused: {detail} (nothing imported)") from exc
        finally:
            if bar is not None:
                bar.close()
        if not version.created:
            self.stdout.write(unchanged_message(code, version, paths))
            return
        diff = version.diff
        self.stdout.write(
            self.style.SUCCESS(
                f"{code}: version {version.number} is now current — {version.entry_count} entries "
                f"(+{diff.added_count} added, -{diff.removed_count} removed, "
                f"{diff.changed_count} changed); re-screening queued"
            )
        )
        unmapped = (version.counts or {}).get("unmapped_countries") or {}
        if unmapped:
            self.stdout.write(
                f"  {len(unmapped)} country name(s) could not be mapped to ISO codes: "
                + ", ".join(sorted(unmapped)[:10])
                + (" …" if len(unmapped) > 10 else "")
            )


def unchanged_message(code: str, version, paths) -> str:
    """What the command says when the files are a version already imported."""
    given = ", ".join(Path(p).name for p in paths)
    earlier = ", ".join(f["name"] for f in version.files)
    when = version.imported_at.strftime("%Y-%m-%d %H:%M")
    state = (
        "it is the current version"
        if version.is_current
        else "it is NOT the current version: a later version replaced it and stays current"
    )
    return (
        f"{code}: unchanged — {given} is byte-identical to version {version.number} "
        f"(imported {when} UTC from {earlier}); {state}. No new version, no re-screening."
    )
