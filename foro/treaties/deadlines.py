"""Deadline arithmetic: dates in Europe/Brussels, calendar and Belgian working days, and the
expected duration of each step of the treaty procedure (versioned data in
``data/procedure_durations.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import holidays

from foro.core.dates import BRUSSELS

DURATIONS_FILE = Path(__file__).parent / "data" / "procedure_durations.toml"


def today_brussels(now: datetime | None = None) -> date:
    """The date in Brussels at ``now`` (an aware datetime; default: now)."""
    moment = now or datetime.now(tz=BRUSSELS)
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(BRUSSELS).date()


@cache
def _belgian_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("BE", years=year).keys())


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Belgian public holiday."""
    return day.weekday() < 5 and day not in _belgian_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    left = days
    while left:
        current += timedelta(days=1)
        if is_working_day(current):
            left -= 1
    return current


def add_days(start: date, days: int, unit: str) -> date:
    if unit == "working":
        return add_working_days(start, days)
    if unit == "calendar":
        return start + timedelta(days=days)
    raise ValueError(f"unknown unit {unit!r}")


@dataclass(frozen=True)
class StepDuration:
    status: str
    days: int
    unit: str
    to_confirm: bool
    next: str


@dataclass(frozen=True)
class Durations:
    version: str
    source: str
    steps: dict[str, StepDuration]


@cache
def durations() -> Durations:
    data = tomllib.loads(DURATIONS_FILE.read_text(encoding="utf-8"))
    steps = {
        name: StepDuration(
            status=name,
            days=int(row["days"]),
            unit=str(row.get("unit", "calendar")),
            to_confirm=bool(row.get("to_confirm", True)),
            next=str(row.get("next", "")),
        )
        for name, row in data["steps"].items()
    }
    for step in steps.values():
        if step.unit not in ("calendar", "working") or step.days <= 0:
            raise ValueError(f"{DURATIONS_FILE.name}: bad duration for {step.status}")
    return Durations(version=str(data["version"]), source=str(data["source"]), steps=steps)


@dataclass(frozen=True)
class StepDeadline:
    status: str
    since: date
    due: date
    duration: StepDuration
    version: str

    def days_left(self, today: date) -> int:
        return (self.due - today).days

    def overdue(self, today: date) -> bool:
        return today > self.due


def step_deadline(status: str, since: date) -> StepDeadline | None:
    """When the step that follows ``status`` (entered on ``since``) is expected; None for a
    state with no expected next step (in force, terminated…)."""
    table = durations()
    step = table.steps.get(status)
    if step is None:
        return None
    return StepDeadline(status, since, add_days(since, step.days, step.unit), step, table.version)
