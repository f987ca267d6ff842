"""Import of contacts and interactions from CSV or XLSX: a preview first, then all or nothing.

Every row is checked with the same rules as the services (``contact_clean``,
``interaction_clean``). A row with an error blocks the whole import: nothing is written
until the file is clean. A row that is likely a duplicate (of a contact or interaction
already in foro, or of an earlier row in the file) is shown and skipped. Names are compared
with the screening engine's matching, so "Müller" and "Mueller", or "BOMBARDIER INC." and
"Bombardier", are recognised as the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from foro.core import audit
from foro.core.actors import Actor
from foro.core.errors import InvalidFile, ValidationFailed
from foro.core.search import fold
from foro.relations import services
from foro.relations.models import Contact, Interaction, Partner
from foro.screening.engine import EntityKind, compare_names

#: a person or organisation name scoring this or more against another is a likely duplicate
NAME_MATCH = 0.85
MAX_ROWS = 2000
MAX_BYTES = 2_000_000

COLUMNS = {
    "contacts": (
        "first_name",
        "last_name",
        "function",
        "email",
        "phone",
        "partner",
        "consent_basis",
        "consent_date",
        "source",
    ),
    "interactions": (
        "date",
        "kind",
        "subject",
        "partners",
        "topics",
        "objectives",
        "country",
        "representation",
        "notes",
    ),
}
REQUIRED = {
    "contacts": ("last_name", "consent_basis", "consent_date", "source"),
    "interactions": ("date", "kind", "subject", "partners"),
}


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    duplicate_of: str = ""
    notes: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "duplicate" if self.duplicate_of else "new"


@dataclass
class Preview:
    kind: str
    rows: list[Row]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == "error")

    @property
    def duplicates(self) -> int:
        return sum(1 for r in self.rows if r.status == "duplicate")

    @property
    def new(self) -> list[Row]:
        return [r for r in self.rows if r.status == "new"]

    @property
    def importable(self) -> bool:
        return not self.errors and bool(self.new)


# ---------------------------------------------------------------- reading the file


def read_rows(name: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: text}) per data row of a CSV (comma or semicolon, UTF-8) or XLSX file.
    Column names are matched case-insensitively; unknown columns are refused."""
    if len(content) > MAX_BYTES:
        raise InvalidFile(_("The file is larger than 2 MB."))
    if name.lower().endswith(".xlsx"):
        table = _xlsx(content)
    elif name.lower().endswith(".csv"):
        table = _csv(content)
    else:
        raise InvalidFile(_("Upload a .csv or .xlsx file."))
    if not table:
        raise InvalidFile(_("The file is empty."))
    header = [str(h or "").strip().lower().replace(" ", "_") for h in table[0]]
    for number, cells in enumerate(table[1:], start=2):
        texts = [str(c if c is not None else "").strip() for c in cells]
        if not any(texts):
            continue
        yield number, dict(zip(header, texts, strict=False))


def _csv(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidFile(_("The CSV file is not UTF-8 text.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise InvalidFile(_("The XLSX file cannot be read.")) from None
    sheet = workbook.worksheets[0]
    rows = []
    for r in sheet.iter_rows(values_only=True):
        rows.append([c.strftime("%Y-%m-%d") if hasattr(c, "strftime") else c for c in r])
    workbook.close()
    return rows


# ---------------------------------------------------------------- matching


def match_partner(name: str, partners: list[Partner]) -> tuple[Partner | None, float]:
    """The partner ``name`` most likely means: an exact name or acronym, else the best name
    match at or above ``NAME_MATCH``."""
    folded = fold(name).strip()
    for p in partners:
        if folded in (fold(p.name), fold(p.acronym)):
            return p, 1.0
    best: tuple[Partner | None, float] = (None, 0.0)
    for p in partners:
        score = compare_names(name, p.name, EntityKind.ORGANISATION)
        if score > best[1]:
            best = (p, score)
    return best if best[1] >= NAME_MATCH else (None, best[1])


def _person(first: str, last: str) -> str:
    return f"{first} {last}".strip()


def likely_same_person(a: str, b: str) -> bool:
    return compare_names(a, b, EntityKind.PERSON) >= NAME_MATCH


# ---------------------------------------------------------------- the preview


def preview(kind: str, name: str, content: bytes) -> Preview:
    if kind not in COLUMNS:
        raise InvalidFile(_("Choose what the file holds."))
    rows = [Row(line, values) for line, values in read_rows(name, content)]
    if not rows:
        raise InvalidFile(_("The file has no data rows."))
    if len(rows) > MAX_ROWS:
        raise InvalidFile(_("At most %(n)d rows at a time.") % {"n": MAX_ROWS})
    unknown = sorted(set().union(*(r.values.keys() for r in rows)) - set(COLUMNS[kind]) - {""})
    missing = [c for c in REQUIRED[kind] if c not in rows[0].values]
    if unknown or missing:
        problems = [_("Unknown column: %(c)s") % {"c": c} for c in unknown]
        problems += [_("Missing column: %(c)s") % {"c": c} for c in missing]
        raise InvalidFile(
            _("The columns are not right. Expected: %(cols)s.")
            % {"cols": ", ".join(COLUMNS[kind])},
            errors=[{"field": "file", "code": "invalid", "message": p} for p in problems],
        )
    partners = list(Partner.objects.all())
    if kind == "contacts":
        _preview_contacts(rows, partners)
    else:
        _preview_interactions(rows, partners)
    return Preview(kind, rows)


def _clean(row: Row, clean: Any, *args: Any) -> None:
    try:
        row.cleaned = clean(*args)
    except ValidationFailed as exc:
        row.errors += [f"{e['field']}: {e['message']}" for e in exc.errors]


def _partner_of(row: Row, name: str, partners: list[Partner]) -> Partner | None:
    partner, score = match_partner(name, partners)
    if partner is None:
        row.errors.append(_("partner: no partner called %(name)s in foro.") % {"name": name})
    elif score < 1.0:
        row.notes.append(
            _("“%(name)s” read as partner %(partner)s (%(score)d%% alike).")
            % {"name": name, "partner": partner, "score": round(score * 100)}
        )
    return partner


def _preview_contacts(rows: list[Row], partners: list[Partner]) -> None:
    existing = list(Contact.objects.select_related("partner"))
    seen: list[tuple[Row, str, int | None]] = []
    for row in rows:
        v = row.values
        partner = _partner_of(row, v["partner"], partners) if v.get("partner") else None
        _clean(row, services.contact_clean, v, partner)
        if row.errors:
            continue
        full = _person(v.get("first_name", ""), v.get("last_name", ""))
        pid = partner.pk if partner else None
        for c in existing:
            if c.partner_id == pid and likely_same_person(full, str(c)):
                row.duplicate_of = _("contact %(name)s already in foro") % {"name": c}
                break
        else:
            for other, name, other_pid in seen:
                if other_pid == pid and likely_same_person(full, name):
                    row.duplicate_of = _("row %(n)d of this file") % {"n": other.line}
                    break
        seen.append((row, full, pid))


def _preview_interactions(rows: list[Row], partners: list[Partner]) -> None:
    seen: list[tuple[Row, Any, frozenset[int], str]] = []
    for row in rows:
        v = row.values
        chosen = []
        for name in [n.strip() for n in v.get("partners", "").split(";") if n.strip()]:
            partner = _partner_of(row, name, partners)
            if partner is not None:
                chosen.append(partner.pk)
        data = {
            **v,
            "partners": chosen,
            "objectives": [o for o in v.get("objectives", "").replace(",", ";").split(";") if o],
            "representation_code": v.get("representation", ""),
        }
        _clean(row, services.interaction_clean, data)
        if row.errors:
            continue
        day, ids, subject = row.cleaned["date"], frozenset(chosen), fold(row.cleaned["subject"])
        clash = (
            Interaction.objects.filter(date=day, partners__in=ids)
            .distinct()
            .prefetch_related("partners")
        )
        for other_i in clash:
            if {p.pk for p in other_i.partners.all()} == ids and fold(other_i.subject) == subject:
                row.duplicate_of = _("interaction %(name)s already in foro") % {"name": other_i}
                break
        else:
            for other, other_day, other_ids, other_subject in seen:
                if (other_day, other_ids, other_subject) == (day, ids, subject):
                    row.duplicate_of = _("row %(n)d of this file") % {"n": other.line}
                    break
        seen.append((row, day, ids, subject))


# ---------------------------------------------------------------- the import


def import_file(*, actor: Actor, kind: str, name: str, content: bytes) -> Preview:
    """Write every new row of a clean file in one transaction; refuse the whole file when one
    row has an error. Duplicates are skipped."""
    services.check(actor)
    result = preview(kind, name, content)
    if result.errors:
        raise ValidationFailed(
            _("%(n)d rows have errors: nothing was imported.") % {"n": result.errors},
            errors=[
                {"field": f"row {r.line}", "code": "invalid", "message": "; ".join(r.errors)}
                for r in result.rows
                if r.errors
            ],
        )
    with transaction.atomic():
        for row in result.new:
            if kind == "contacts":
                partner = row.cleaned.pop("partner")
                contact = Contact.objects.create(partner=partner, **row.cleaned)
                audit.record(
                    actor=actor,
                    verb="contact.created",
                    target=contact,
                    payload={"source": contact.source, "import": name},
                )
            else:
                services._interaction_save(actor, dict(row.cleaned))
        audit.record(
            actor=actor,
            verb="relations.imported",
            target_type="relations.import",
            target_id=kind,
            target_label=name[:255],
            payload={"rows": len(result.new), "kind": kind, "duplicates": result.duplicates},
        )
    return result
