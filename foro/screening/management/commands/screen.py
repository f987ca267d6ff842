"""``foro screen``: screen names against the current sanctions lists.

    foro screen "NAME" [--type T] [--country C] [--dob D] [--lists a,b] [--threshold T]
    foro screen --batch IN.csv --out OUT.csv [--threshold T] [--lists a,b]
    foro screen --organisations      # register every organisation and screen it (raises hits)

IN.csv: a header with ``id,name`` and optionally ``type,country,dob`` (any order; other
columns are refused so a misspelt column cannot be ignored silently). OUT.csv: the header
``id,name,list,entry_id,matched_name,score,explanation``, one row per hit at or above the
threshold, and one row with an empty ``entry_id`` for a query without a hit. The input
is checked whole first: a bad row names its line and nothing is written.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from foro.screening import selectors
from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.engine.model import Query
from foro.screening.errors import NoListLoaded
from foro.screening.queries import check_lists, check_threshold, parse_query

IN_REQUIRED = ("id", "name")
IN_OPTIONAL = ("type", "country", "dob")
OUT_HEADER = ("id", "name", "list", "entry_id", "matched_name", "score", "explanation")
MAX_ERRORS_SHOWN = 20


class BatchError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def read_batch(path: Path) -> list[tuple[str, Query]]:
    """(id, query) per data row of IN.csv; BatchError lists every bad line."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BatchError([f"{name}: cannot read the file ({exc.strerror})"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BatchError([f"{name}: line {line}: not UTF-8 text (save the file as UTF-8)"]) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors: list[str] = []
    queries: list[tuple[str, Query]] = []
    try:
        header = next(reader, None)
        if header is None:
            raise BatchError([f"{name}: line 1: the file is empty; expected a header id,name"])
        header = [h.strip().lower() for h in header]
        unknown = [h for h in header if h not in IN_REQUIRED + IN_OPTIONAL]
        missing = [h for h in IN_REQUIRED if h not in header]
        if unknown or missing or len(set(header)) != len(header):
            problems = []
            if missing:
                problems.append(f"missing column(s) {', '.join(missing)}")
            if unknown:
                problems.append(f"unknown column(s) {', '.join(unknown)}")
            if len(set(header)) != len(header):
                problems.append("a column appears twice")
            raise BatchError(
                [
                    f"{name}: line 1: {'; '.join(problems)} "
                    f"(columns: id,name and optionally type,country,dob)"
                ]
            )
        line = reader.line_num + 1
        for cells in reader:
            if not any(c.strip() for c in cells):
                line = reader.line_num + 1
                continue
            if len(cells) != len(header):
                errors.append(
                    f"{name}: line {line}: {len(cells)} values, the header has {len(header)} columns"
                )
                line = reader.line_num + 1
                continue
            row = dict(zip(header, cells, strict=True))
            ref = row["id"].strip()
            parsed = parse_query(
                name=row["name"],
                kind=row.get("type", ""),
                country=row.get("country", ""),
                dob=row.get("dob", ""),
            )
            if not ref:
                errors.append(f"{name}: line {line}: the id is empty")
            errors.extend(f"{name}: line {line}: {e['message']}" for e in parsed.errors)
            queries.append((ref, parsed.query))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise BatchError([f"{name}: line {line}: broken CSV ({exc})"]) from exc
    if errors:
        raise BatchError(errors)
    if not queries:
        raise BatchError([f"{name}: no rows after the header"])
    return queries


def write_rows(stream, queries: list[tuple[str, Query]], results) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(OUT_HEADER)
    rows = 0
    for (ref, query), hits in zip(queries, results, strict=True):
        if not hits:
            writer.writerow([ref, query.name, "", "", "", "", ""])
            rows += 1
        for h in hits:
            writer.writerow(
                [
                    ref,
                    query.name,
                    h.list_code,
                    h.entry_id,
                    h.matched_name,
                    f"{h.score:.4f}",
                    h.explanation,
                ]
            )
            rows += 1
    return rows


class Command(BaseCommand):
    help = "Screen a name, or a CSV batch of names, against the current sanctions lists."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the name to screen")
        parser.add_argument("--type", default="", help="person, organisation, vessel or aircraft")
        parser.add_argument("--country", default="", help="ISO alpha-2 code or country name")
        parser.add_argument("--dob", default="", help="date of birth: YYYY or YYYY-MM-DD")
        parser.add_argument("--lists", default="", help="comma-separated list codes (default: all)")
        parser.add_argument(
            "--threshold",
            type=float,
            default=None,
            help=f"lowest score reported (default {DEFAULT_THRESHOLD}, the engine's)",
        )
        parser.add_argument("--limit", type=int, default=20, help="hits per name (default 20)")
        parser.add_argument("--batch", type=Path, metavar="IN.csv")
        parser.add_argument("--out", metavar="OUT.csv", help="output file (- for standard output)")
        parser.add_argument(
            "--organisations",
            action="store_true",
            help="register every active organisation as a subject and screen it (raises hits)",
        )

    def handle(self, *args, **kwargs):
        # The command line speaks English, like the other foro commands (messages from the
        # shared validators would otherwise follow LANGUAGE_CODE).
        with translation.override("en"):
            return self._handle(**kwargs)

    def _handle(self, **opts):
        modes = sum(bool(x) for x in (opts["name"], opts["batch"], opts["organisations"]))
        if modes != 1:
            raise CommandError("give one of: a NAME, --batch IN.csv --out OUT.csv, --organisations")
        threshold, errors = check_threshold(opts["threshold"])
        lists, list_errors = check_lists(
            [c for c in opts["lists"].split(",") if c.strip()], selectors.loaded_list_codes()
        )
        errors += list_errors
        if errors:
            raise CommandError("; ".join(e["message"] for e in errors))
        try:
            if opts["organisations"]:
                return self._organisations()
            if opts["batch"]:
                return self._batch(opts["batch"], opts["out"], threshold, lists)
            return self._one(opts, threshold, lists)
        except NoListLoaded as exc:
            raise CommandError(
                "no sanctions list is loaded, nothing was screened: run foro lists import first"
            ) from exc

    def _one(self, opts, threshold: float, lists) -> None:
        parsed = parse_query(
            name=opts["name"], kind=opts["type"], country=opts["country"], dob=opts["dob"]
        )
        if parsed.errors:
            raise CommandError("; ".join(e["message"] for e in parsed.errors))
        run = selectors.screen(
            [parsed.query], threshold=threshold, lists=lists, limit=opts["limit"]
        )
        hits = run.results[0]
        versions = ", ".join(f"{code} v{n}" for code, n in run.versions.items())
        if not hits:
            self.stdout.write(
                f'no hit for "{parsed.query.name}" at threshold {threshold} ({versions})'
            )
            return
        self.stdout.write(
            f'{len(hits)} hit(s) for "{parsed.query.name}" at threshold {threshold} ({versions}):'
        )
        for h in hits:
            self.stdout.write(f"  {h.score:.4f}  {h.list_code:12} {h.entry_id:14} {h.matched_name}")
            self.stdout.write(f"          {h.explanation}")

    def _batch(self, path: Path, out: str | None, threshold: float, lists) -> None:
        if not out:
            raise CommandError("--batch needs --out OUT.csv (or --out - for standard output)")
        try:
            queries = read_batch(path)
        except BatchError as exc:
            shown = exc.errors[:MAX_ERRORS_SHOWN]
            more = len(exc.errors) - len(shown)
            for message in shown[:-1]:
                self.stderr.write(message)
            raise CommandError(
                shown[-1]
                + (f" (and {more} more)" if more > 0 else "")
                + (
                    "; nothing written"
                    if len(exc.errors) == 1
                    else f"; {len(exc.errors)} problems, nothing written"
                )
            ) from exc
        run = selectors.screen([q for _ref, q in queries], threshold=threshold, lists=lists)
        if out == "-":
            rows = write_rows(sys.stdout, queries, run.results)
            return
        target = Path(out)
        # Write next to the target and rename: a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=".foro-screen-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
                rows = write_rows(stream, queries, run.results)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        hit_queries = sum(1 for r in run.results if r)
        self.stdout.write(
            f"{len(queries)} name(s) screened, {hit_queries} with a hit; {rows} row(s) written to "
            f"{target} (threshold {threshold}; "
            + ", ".join(f"{c} v{n}" for c, n in run.versions.items())
            + ")"
        )

    def _organisations(self) -> None:
        from foro.screening.services import organisations_register, subject_screen

        subjects = organisations_register(actor="system")
        raised = []
        for subject in subjects:
            raised += subject_screen(subject=subject, actor="system")
        self.stdout.write(
            f"{len(subjects)} organisation(s) screened; {len(raised)} new or reopened hit(s)"
        )
        for h in raised:
            self.stdout.write(
                f"  {h.score:.4f}  {h.subject.name} ~ {h.sanctions_list.code} {h.entry_id} {h.matched_name}"
            )
