"""Loading reference data: countries, objectives and the versioned datasets.

A file is read and checked completely before anything is written; a bad file raises
ReferenceFileError (file, line, reason) and the current version stays in force. Loading
the same file again changes nothing.
"""

from __future__ import annotations

import csv
import gettext
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pycountry
from django.db import transaction

from foro.core import audit
from foro.core.actors import Actor, SystemActor, actor_label, system_actor
from foro.core.models import Country, StrategicObjective
from foro.core.services import require
from foro.reference.datasets import DATA_DIR, DATASETS, Dataset
from foro.reference.models import ReferenceVersion, confidence_level
from foro.reference.signals import dataset_loaded


class ReferenceFileError(ValueError):
    def __init__(self, file: str, line: int | None, reason: str):
        self.file, self.line, self.reason = file, line, reason
        where = f"line {line}" if line else "file"
        super().__init__(f"{file}: {where}: {reason}")


@dataclass(frozen=True)
class LoadResult:
    dataset: str
    version: int
    rows: int
    changed: bool


def _read_csv(path: Path, columns: tuple[str, ...]) -> tuple[str, list[tuple[int, dict]]]:
    """(sha256, [(line, row)]) — refuses a file with a wrong header or broken rows."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReferenceFileError(name, None, f"cannot read the file ({exc.strerror})") from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReferenceFileError(name, line, "the file is not UTF-8 text") from exc
    if not text.strip():
        raise ReferenceFileError(name, None, "the file is empty")
    if not text.endswith(("\n", "\r")):
        # Every complete file ends with a line break; without one the last row may be cut off.
        last_line = text.count("\n") + 1
        raise ReferenceFileError(
            name, last_line, "the file does not end with a line break: it looks truncated"
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, dict]] = []
    try:
        header = next(reader)
        missing = [c for c in columns if c not in header]
        if missing:
            raise ReferenceFileError(
                name, 1, f"the header lacks the column(s) {', '.join(missing)}"
            )
        if len(set(header)) != len(header):
            raise ReferenceFileError(name, 1, "the header repeats a column")
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                raise ReferenceFileError(
                    name,
                    line,
                    f"the row has {len(record)} fields where the header has {len(header)}",
                )
            rows.append((line, dict(zip(header, record, strict=True))))
    except csv.Error as exc:
        raise ReferenceFileError(name, reader.line_num, f"broken CSV ({exc})") from exc
    if not rows:
        raise ReferenceFileError(name, None, "the file has no rows")
    return digest, rows


def _convert(dataset: Dataset, name: str, rows: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    converted = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        try:
            values = dataset.convert(row)
        except ValueError as exc:
            raise ReferenceFileError(name, line, str(exc)) from exc
        key = tuple(values[k] for k in dataset.key)
        if dataset.key and key in seen:
            raise ReferenceFileError(
                name, line, f"repeats the row of line {seen[key]} ({', '.join(map(str, key))})"
            )
        seen[key] = line
        values["confidence_level"] = confidence_level(values.get("confidence", ""))
        converted.append((line, values))
    return converted


def current_version(dataset: str) -> ReferenceVersion | None:
    return ReferenceVersion.objects.filter(dataset=dataset, is_current=True).first()


def dataset_load(*, actor: Actor, dataset: Dataset, path: Path | None = None) -> LoadResult:
    """Load one dataset file as a new current version (or nothing, if it is unchanged).
    Reference files ship with the release: a system actor loads them, or an administrator."""
    if system_actor(actor) is None:
        require(actor, "reference.load")
    path = Path(path) if path else dataset.path
    digest, rows = _read_csv(path, dataset.columns)
    converted = _convert(dataset, path.name, rows)
    with transaction.atomic():
        current = (
            ReferenceVersion.objects.select_for_update()
            .filter(dataset=dataset.name, is_current=True)
            .first()
        )
        if current is not None and current.sha256 == digest:
            return LoadResult(dataset.name, current.number, current.row_count, False)
        last = ReferenceVersion.objects.filter(dataset=dataset.name).order_by("-number").first()
        number = (last.number if last else 0) + 1
        if current is not None:
            ReferenceVersion.objects.filter(pk=current.pk).update(is_current=False)
        version = ReferenceVersion.objects.create(
            dataset=dataset.name,
            number=number,
            filename=path.name,
            sha256=digest,
            row_count=len(converted),
            loaded_by=actor_label(actor),
            is_current=True,
        )
        dataset.model._default_manager.bulk_create(
            [dataset.model(version=version, line=line, **values) for line, values in converted]
        )
        audit.record(
            actor=actor,
            verb="reference.loaded",
            target=version,
            payload={
                "version": number,
                "sha256": digest,
                "rows": len(converted),
                "file": path.name,
            },
        )
        dataset_loaded.send(sender=dataset.name, version=version)
    return LoadResult(dataset.name, number, len(converted), True)


def countries_load() -> int:
    """Upsert ISO 3166-1 countries with Dutch and English names and EU membership."""
    nl = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nl"])
    _digest, eu_rows = _read_csv(DATA_DIR / "eu_member_states.csv", ("country_iso2",))
    eu = {row["country_iso2"].strip() for _line, row in eu_rows}
    wanted = {}
    for c in pycountry.countries:
        english = getattr(c, "common_name", None) or c.name
        wanted[c.alpha_2] = {
            "alpha3": c.alpha_3,
            "name_en": english,
            "name_nl": nl.gettext(c.name),
            "is_eu_member": c.alpha_2 in eu,
            "is_iso": True,
        }
    wanted["XK"] = {
        "alpha3": "XKX",
        "name_en": "Kosovo",
        "name_nl": "Kosovo",
        "is_eu_member": False,
        "is_iso": False,
    }
    changed = 0
    with transaction.atomic():
        existing = {c.code: c for c in Country.objects.all()}
        for code, values in wanted.items():
            row = existing.get(code)
            if row is None:
                Country.objects.create(code=code, **values)
                changed += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                Country.objects.filter(code=code).update(**values)
                changed += 1
    return changed


def objectives_load() -> int:
    _digest, rows = _read_csv(
        DATA_DIR / "strategic_objectives.csv", ("number", "name_nl", "name_en")
    )
    changed = 0
    with transaction.atomic():
        for line, row in rows:
            try:
                number = int(row["number"])
            except ValueError as exc:
                raise ReferenceFileError(
                    "strategic_objectives.csv", line, "number is not a number"
                ) from exc
            obj, created = StrategicObjective.objects.get_or_create(
                number=number, defaults={"name_nl": row["name_nl"], "name_en": row["name_en"]}
            )
            if not created and (obj.name_nl, obj.name_en) != (row["name_nl"], row["name_en"]):
                StrategicObjective.objects.filter(pk=number).update(
                    name_nl=row["name_nl"], name_en=row["name_en"]
                )
                changed += 1
            changed += int(created)
    return changed


def reference_load_all(
    *, actor: Actor = SystemActor.SYSTEM, only: list[str] | None = None
) -> tuple[list[LoadResult], list[ReferenceFileError]]:
    """Load countries, objectives and every dataset. Each dataset stands alone: a bad file
    is reported and skipped, the others still load."""
    countries_load()
    objectives_load()
    results, errors = [], []
    for name, dataset in DATASETS.items():
        if only and name not in only:
            continue
        try:
            results.append(dataset_load(actor=actor, dataset=dataset))
        except ReferenceFileError as exc:
            errors.append(exc)
    return results, errors
