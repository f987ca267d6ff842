"""The EUIP importer on the real sample files and the whole shared files, idempotent,
and refused whole on broken copies."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from foro.core.actors import SystemActor
from foro.core.models import AuditEvent
from foro.eulaw.importers import ImportFormatError, read_euip
from foro.eulaw.models import CaseDecision, InfringementCase, Stage
from foro.eulaw.services import infringements_import
from foro.eulaw.tests.conftest import make_directive

DATA = Path(__file__).parent / "data"
CASES = DATA / "euip_cases_BE.sample.csv"
DECISIONS = DATA / "euip_decisions_BE.sample.csv"
SHARED = Path("/work/shared/data/eu/euip")


def test_the_samples_parse():
    cases = read_euip([CASES, DECISIONS])
    assert len(cases) == 60
    first = next(c for c in cases if c.source_id == "IP:2004:0001:EMPL:BE")
    assert first.number == "2004/0001" and first.kind == "non_communication"
    assert first.celex == "32002L0049"
    assert first.decisions == [
        ("lfn_258", date(2004, 1, 27)),
        ("ro_258", date(2004, 9, 3)),
        ("closed", date(2004, 12, 14)),
    ]
    assert sum(len(c.decisions) for c in cases) == 136  # history and decisions file agree


@pytest.mark.django_db
def test_import_links_by_celex_and_is_idempotent(accounts):
    directive = make_directive(celex="32002L0049")
    result = infringements_import(actor=SystemActor.SYSTEM, paths=[CASES, DECISIONS])
    assert result["created"] == 60
    case = InfringementCase.objects.get(number="2004/0001")
    assert case.directive == directive and case.stage == Stage.CLOSED
    assert case.opened_on == date(2004, 1, 27)
    assert CaseDecision.objects.count() == 136
    counts = (
        InfringementCase.objects.count(),
        CaseDecision.objects.count(),
        AuditEvent.objects.count(),
    )
    again = infringements_import(actor=SystemActor.SYSTEM, paths=[CASES, DECISIONS])
    assert again["unchanged"] == 60 and again["created"] == again["updated"] == 0
    assert counts == (
        InfringementCase.objects.count(),
        CaseDecision.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared research folder is not here")
def test_the_whole_belgian_dataset(accounts):
    result = infringements_import(
        actor=SystemActor.SYSTEM,
        paths=[SHARED / "euip_cases_BE.csv", SHARED / "euip_decisions_BE.csv"],
    )
    assert result["created"] == 969
    assert CaseDecision.objects.count() == 2482
    assert InfringementCase.objects.exclude(stage__in=[Stage.CLOSED, Stage.WITHDRAWN]).count() == 62


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "old", "new", "position"),
    [
        (CASES, "LFN258-2004-01-27", "LFN258-2004-02-30", "line 2"),
        (CASES, "LFN258-2004-01-27", "XYZ-2004-01-27", "line 2"),
        (CASES, "IP:2004:0001:EMPL:BE", "IP-2004-0001", "line 2"),
        (CASES, ",Noncommunication,", ",Nonsense,", "line 2"),
        (CASES, "key_id,case_id", "key,case", "line 1"),
        (DECISIONS, ",2004-01-27,2004.0", ",27/01/2004,2004.0", "line 2"),
    ],
)
def test_a_broken_copy_refuses_the_whole_import(accounts, tmp_path, source, old, new, position):
    broken = _broken(tmp_path, source, old, new)
    other = DECISIONS if source == CASES else CASES
    with pytest.raises(ImportFormatError) as exc:
        infringements_import(actor=SystemActor.SYSTEM, paths=[other, broken])
    assert exc.value.file == str(broken) and exc.value.position.startswith(position)
    assert not InfringementCase.objects.exists()


@pytest.mark.django_db
def test_a_decision_without_its_case_is_refused(accounts):
    with pytest.raises(ImportFormatError):
        infringements_import(actor=SystemActor.SYSTEM, paths=[DECISIONS])


@pytest.mark.django_db
def test_the_command(accounts, tmp_path):
    out = StringIO()
    call_command("eu_import", "--format", "euip", str(CASES), stdout=out)
    assert "60 cases created" in out.getvalue()
    broken = _broken(tmp_path, CASES, ",case_history,", ",history,")
    with pytest.raises(CommandError, match="refused .*nothing imported"):
        call_command("eu_import", "--format", "euip", str(broken))
