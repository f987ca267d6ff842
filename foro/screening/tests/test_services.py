"""Services: importing lists (versions, refusals, diffs), screening subjects, re-screening
after a list change, dispositions with their permissions, one audit event per write."""

import shutil
from itertools import product

import pytest

from foro.core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from foro.core.models import AuditEvent
from foro.core.services import organisation_create
from foro.screening import selectors
from foro.screening.errors import NoListLoaded
from foro.screening.importers import ImportFormatError
from foro.screening.models import ListDiff, ListEntry, ListVersion, ScreeningHit, ScreeningSubject
from foro.screening.rules import HIT_TRANSITIONS
from foro.screening.services import (
    hit_dispose,
    list_import,
    rescreen_all,
    subject_register,
    subject_screen,
)
from foro.screening.tests.helpers import (
    BORISOV,
    KASTEEL,
    NAUTILUS,
    ORLOV,
    SHIPPED,
    import_rows,
    register,
    write_list,
)

OPEN, CONFIRMED, FP = "open", "confirmed", "false_positive"


def events(verb: str) -> int:
    return AuditEvent.objects.filter(verb=verb).count()


# ---------------------------------------------------------------- importing


@pytest.mark.django_db
def test_shipped_lists_import_with_the_counts_in_sources():
    expected = {
        "ofac-sdn": (8976, {"person": 4620, "organisation": 3673, "vessel": 406, "aircraft": 277}),
        "ofac-nonsdn": (443, None),
        "un": (1003, {"person": 730, "organisation": 273}),
    }
    for code, (fmt, paths) in SHIPPED.items():
        version = list_import(actor="system", list_code=code, fmt=fmt, paths=paths)
        total, kinds = expected[code]
        assert version.created and version.number == 1 and version.is_current
        assert version.entry_count == total == ListEntry.objects.filter(version=version).count()
        for kind, n in (kinds or {}).items():
            assert version.counts[kind] == n
            assert ListEntry.objects.filter(version=version, kind=kind).count() == n
        # the first version's diff: everything added
        assert version.diff.previous is None and version.diff.added_count == total
    un = ListVersion.objects.get(sanctions_list__code="un")
    assert str(un.published) == "2026-02-27"
    assert {f["name"] for f in ListVersion.objects.get(sanctions_list__code="ofac-sdn").files} == {
        "sdn.csv",
        "alt.csv",
        "add.csv",
        "sdn_comments.csv",
    }
    # stored entries round-trip into the engine's Entry with their fingerprint
    entry = ListEntry.objects.filter(version__sanctions_list__code="ofac-sdn").first()
    assert selectors.entry_of(entry).fingerprint() == entry.fingerprint


@pytest.mark.django_db
def test_screening_finds_a_listed_name_in_the_shipped_lists():
    fmt, paths = SHIPPED["un"]
    list_import(actor="system", list_code="un", fmt=fmt, paths=paths)
    from foro.screening.engine.model import Query

    run = selectors.screen([Query("Osama bin Laden"), Query("Ann Peeters")], threshold=0.8)
    assert run.versions == {"un": 1}
    assert any(h.list_code == "un" for h in run.results[0])
    assert run.results[1] == []


@pytest.mark.django_db
def test_a_broken_file_is_refused_whole_and_the_current_version_stays(tmp_path):
    v1 = import_rows(tmp_path, [ORLOV, KASTEEL])
    before = (
        ListVersion.objects.count(),
        ListEntry.objects.count(),
        events("screening.list_imported"),
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "id,name,type,birth_dates\nW-1,Someone,person,1966\nW-9,Other,person,19xx\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError) as info:
        list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[bad])
    assert info.value.file == "bad.csv" and "line 3" in info.value.position
    assert info.value.reason
    after = (
        ListVersion.objects.count(),
        ListEntry.objects.count(),
        events("screening.list_imported"),
    )
    assert after == before
    assert ListVersion.objects.get(sanctions_list__code="foro-watch", is_current=True) == v1


@pytest.mark.django_db
def test_a_truncated_xml_file_is_refused_and_leaves_no_rows(tmp_path):
    _fmt, [source] = SHIPPED["un"]
    data = source.read_bytes()
    cut = tmp_path / "un.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFormatError) as info:
        list_import(actor="system", list_code="un", fmt="un-xml", paths=[cut])
    assert info.value.file == "un.xml" and "line" in info.value.position
    assert not ListVersion.objects.exists() and not ListEntry.objects.exists()


@pytest.mark.django_db
def test_the_same_files_twice_create_nothing(tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV, KASTEEL])
    first = list_import(actor="system", list_code="foro-watch", fmt="foro-csv", paths=[path])
    counts = (ListVersion.objects.count(), ListEntry.objects.count(), AuditEvent.objects.count())
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(path, copy / "watch.csv")
    again = list_import(
        actor="system", list_code="foro-watch", fmt="foro-csv", paths=[copy / "watch.csv"]
    )
    assert again.pk == first.pk and first.created and not again.created
    assert (
        ListVersion.objects.count(),
        ListEntry.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_reimporting_an_older_version_creates_nothing(tmp_path):
    v1 = import_rows(tmp_path, [ORLOV])
    v2 = import_rows(tmp_path, [ORLOV, KASTEEL])
    again = import_rows(tmp_path, [ORLOV])
    assert not again.created and again.pk == v1.pk
    assert ListVersion.objects.get(is_current=True) == v2


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_the_old_one_is_kept(tmp_path):
    v1 = import_rows(tmp_path, [ORLOV])
    v2 = import_rows(tmp_path, [ORLOV, KASTEEL])
    v1.refresh_from_db()
    assert (v1.number, v1.is_current, v2.number, v2.is_current) == (1, False, 2, True)
    assert ListEntry.objects.filter(version=v1).count() == 1
    assert (
        ListVersion.objects.filter(sanctions_list__code="foro-watch", is_current=True).count() == 1
    )


@pytest.mark.django_db
def test_the_diff_lists_added_removed_and_changed_entries(tmp_path):
    import_rows(tmp_path, [ORLOV, KASTEEL, NAUTILUS])
    changed_kasteel = {**KASTEEL, "aliases": "Kasteel Avionics FZE"}
    v2 = import_rows(tmp_path, [ORLOV, changed_kasteel, BORISOV])
    diff = ListDiff.objects.get(version=v2)
    assert diff.previous.number == 1
    assert (diff.added, diff.removed, diff.changed) == (["W-4"], ["W-3"], ["W-2"])
    assert (diff.added_count, diff.removed_count, diff.changed_count, diff.unchanged_count) == (
        1,
        1,
        1,
        1,
    )
    removed = selectors.diff_rows(diff, "removed")
    assert [(r.entry_id, r.name, r.kind) for r in removed] == [("W-3", "NAUTILUS PRIDE", "vessel")]
    assert [r.name for r in selectors.diff_rows(diff, "added")] == ["BORISOVA, Yelena"]


@pytest.mark.django_db
def test_unknown_list_or_format_is_a_validation_error(tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV])
    with pytest.raises(ValidationFailed) as info:
        list_import(actor="system", list_code="nope", fmt="xls", paths=[path])
    assert {e["field"] for e in info.value.errors} == {"list", "format"}


@pytest.mark.parametrize("role", ["officer", "senior", "policy", "management", "applicant"])
def test_only_administrators_import_lists_as_a_user(accounts, tmp_path, role):
    path = write_list(tmp_path, "watch.csv", [ORLOV])
    with pytest.raises(PermissionDenied):
        list_import(actor=accounts[role], list_code="foro-watch", fmt="foro-csv", paths=[path])
    version = list_import(
        actor=accounts["admin"], list_code="foro-watch", fmt="foro-csv", paths=[path]
    )
    assert version.imported_by == "admin"


# ---------------------------------------------------------------- screening


@pytest.mark.django_db
def test_screening_without_any_list_is_refused_not_answered_with_no_hit():
    subject = register("Dmitry Orlovsky", kind="person")
    with pytest.raises(NoListLoaded):
        subject_screen(subject=subject)
    assert not ScreeningHit.objects.exists()


@pytest.mark.django_db
def test_screening_twice_does_not_duplicate_hits(tmp_path):
    import_rows(tmp_path, [ORLOV, KASTEEL])
    subject = register("Dmitry Orlovsky", kind="person")
    first = subject_screen(subject=subject)
    assert [(h.entry_id, h.status) for h in first] == [("W-1", OPEN)]
    assert first[0].explanation.startswith("name ")
    assert subject_screen(subject=subject) == []
    assert ScreeningHit.objects.filter(subject=subject).count() == 1
    subject.refresh_from_db()
    assert subject.last_screened_versions == {"foro-watch": 1} and subject.last_screened_at


@pytest.mark.django_db
def test_rescreen_after_a_list_change_raises_exactly_the_new_hits_and_keeps_dispositions(
    tmp_path, accounts
):
    orlovsky = register("Dmitry Orlovsky", kind="person")
    borisova = register("Jelena Borisova", kind="person")
    peeters = register("Ann Peeters", kind="person")
    import_rows(tmp_path, [ORLOV, KASTEEL])  # the task screens every subject
    hit = ScreeningHit.objects.get()
    assert (hit.subject, hit.entry_id, hit.version.number) == (orlovsky, "W-1", 1)
    hit_dispose(actor=accounts["officer"], hit=hit, status=FP, reason="born 1990, not 1966")
    existing = set(ScreeningHit.objects.values_list("pk", flat=True))

    import_rows(tmp_path, [ORLOV, KASTEEL, BORISOV])  # adds Borisova, Orlovsky unchanged

    new = ScreeningHit.objects.exclude(pk__in=existing)
    assert [(h.subject, h.entry_id, h.status, h.version.number) for h in new] == [
        (borisova, "W-4", OPEN, 2)
    ]
    hit.refresh_from_db()
    assert hit.status == FP and hit.disposition_reason == "born 1990, not 1966"
    assert hit.reopened_at is None
    assert not ScreeningHit.objects.filter(subject=peeters).exists()
    assert set(selectors.hit_queue(accounts["officer"])) == set(new)


@pytest.mark.django_db
def test_a_false_positive_reopens_when_its_entry_changes(tmp_path, accounts):
    subject = register("Dmitry Orlovsky", kind="person")
    import_rows(tmp_path, [ORLOV])
    hit = ScreeningHit.objects.get(subject=subject)
    hit_dispose(actor=accounts["officer"], hit=hit, status=FP, reason="other person")
    old_fingerprint = hit.entry_fingerprint

    import_rows(tmp_path, [{**ORLOV, "aliases": "Dmitry ORLOVSKI"}])

    hit.refresh_from_db()
    assert hit.status == OPEN and hit.reopened_at is not None
    assert hit.entry_fingerprint != old_fingerprint and hit.version.number == 2
    assert hit.previous_disposition["status"] == FP
    assert hit.previous_disposition["reason"] == "other person"
    assert hit.previous_disposition["by"] == "officer" and hit.previous_disposition["version"] == 1
    assert (hit.disposition_reason, hit.disposed_by) == ("", None)
    assert ScreeningHit.objects.filter(subject=subject).count() == 1
    assert hit in selectors.hit_queue(accounts["officer"])


@pytest.mark.django_db
def test_a_confirmed_match_also_reopens_when_its_entry_changes_but_not_otherwise(
    tmp_path, accounts
):
    subject = register("Kasteel Avionics Trading", countries=["AE"])
    import_rows(tmp_path, [KASTEEL, ORLOV])
    hit = ScreeningHit.objects.get(subject=subject)
    hit_dispose(actor=accounts["senior"], hit=hit, status=CONFIRMED, reason="same company")
    import_rows(tmp_path, [KASTEEL])  # Orlovsky removed, Kasteel unchanged
    hit.refresh_from_db()
    assert hit.status == CONFIRMED
    import_rows(tmp_path, [{**KASTEEL, "countries": "AE;IR"}])
    hit.refresh_from_db()
    assert hit.status == OPEN and hit.previous_disposition["status"] == CONFIRMED


@pytest.mark.django_db
def test_a_hit_whose_entry_leaves_the_list_is_superseded_and_leaves_the_queue(tmp_path, accounts):
    subject = register("Dmitry Orlovsky", kind="person")
    import_rows(tmp_path, [ORLOV, KASTEEL])
    hit = ScreeningHit.objects.get(subject=subject)
    import_rows(tmp_path, [KASTEEL])
    hit.refresh_from_db()
    assert hit.superseded and hit.status == OPEN
    assert hit not in selectors.hit_queue(accounts["officer"])
    import_rows(tmp_path, [KASTEEL, ORLOV])  # back on the list, unchanged
    hit.refresh_from_db()
    assert not hit.superseded
    assert ScreeningHit.objects.filter(subject=subject).count() == 1


@pytest.mark.django_db
def test_subject_register_is_idempotent_and_validates():
    first = register("Dmitry Orlovsky", subject_id="7", kind="person", countries=["ru"])
    assert first.countries == ["RU"]
    n = events("screening.subject_registered")
    again = register("Dmitry Orlovsky", subject_id="7", kind="person", countries=["RU"])
    assert again.pk == first.pk and events("screening.subject_registered") == n
    with pytest.raises(ValidationFailed) as info:
        subject_register(
            actor="system",
            subject_type="Not A Type",
            subject_id="",
            name=" ",
            kind="ship",
            countries=["QQ"],
            birth_date="66",
        )
    assert {e["field"] for e in info.value.errors} == {
        "subjectType",
        "subjectId",
        "name",
        "kind",
        "countries",
        "birthDate",
    }


@pytest.mark.django_db
def test_changing_a_subject_makes_the_next_rescreen_screen_it(tmp_path):
    import_rows(tmp_path, [ORLOV, BORISOV])
    subject = register("Ann Peeters", subject_id="p1", kind="person")
    rescreen_all(actor="system")
    assert not ScreeningHit.objects.filter(subject=subject).exists()
    register("Jelena Borisova", subject_id="p1", kind="person")
    result = rescreen_all(actor="system", only_stale=True)
    assert result.subjects == 1 and result.new == 1
    assert ScreeningHit.objects.get(subject=subject).entry_id == "W-4"


@pytest.mark.django_db
def test_organisations_become_subjects_when_lists_change(tmp_path, accounts):
    org = organisation_create(
        actor=accounts["officer"],
        data={"name": "Kasteel Avionics Trading BV", "country": "BE", "kbo_number": "0428.315.871"},
    )
    import_rows(tmp_path, [KASTEEL])
    subject = ScreeningSubject.objects.get(subject_type="core.organisation", subject_id=str(org.pk))
    assert subject.kind == "organisation" and subject.countries == ["BE"]
    assert {"kind": "registration", "value": "0428315871", "country": "BE"} in subject.identifiers
    hit = ScreeningHit.objects.get(subject=subject)
    assert hit.entry_id == "W-2" and "BE" in hit.explanation and "AE" in hit.explanation
    # the demo organisations are subjects too, without hits on this list
    names = set(ScreeningSubject.objects.values_list("name", flat=True))
    assert {"Flandrix Defence Systems NV", "Scheldt Optronics BV"} <= names


@pytest.mark.django_db
def test_an_organisation_is_screened_when_it_is_created_or_renamed(tmp_path, accounts):
    """Not only at the next list change: a new (or renamed) organisation is screened at
    once against the lists in force."""
    from foro.core.services import organisation_update

    import_rows(tmp_path, [KASTEEL])
    clean = organisation_create(
        actor=accounts["officer"], data={"name": "Ann Peeters NV", "country": "BE"}
    )
    subject = ScreeningSubject.objects.get(
        subject_type="core.organisation", subject_id=str(clean.pk)
    )
    assert (
        subject.last_screened_at is not None
        and not ScreeningHit.objects.filter(subject=subject).exists()
    )
    listed = organisation_create(
        actor=accounts["officer"], data={"name": "Kasteel Avionics Trading BV", "country": "BE"}
    )
    hit = ScreeningHit.objects.get(subject__subject_id=str(listed.pk))
    assert hit.entry_id == "W-2" and hit.status == ScreeningHit.Status.OPEN
    organisation_update(
        actor=accounts["officer"], organisation=clean, data={"name": "Kasteel Avionics Trading"}
    )
    assert ScreeningHit.objects.filter(subject=subject, entry_id="W-2").exists()


# ---------------------------------------------------------------- dispositions


@pytest.fixture
def open_hit(tmp_path, db):
    import_rows(tmp_path, [ORLOV])
    subject = register("Dmitry Orlovsky", kind="person")
    return subject_screen(subject=subject)[0]


@pytest.mark.parametrize("role", ["officer", "senior"])
def test_officers_dispose_of_hits_with_a_reason(accounts, open_hit, role):
    hit = hit_dispose(actor=accounts[role], hit=open_hit, status=FP, reason="  other person  ")
    assert (hit.status, hit.disposition_reason, hit.disposed_by) == (
        FP,
        "other person",
        accounts[role],
    )
    assert hit.disposed_at is not None


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_disposition_needs_a_reason(accounts, open_hit, reason):
    with pytest.raises(ValidationFailed) as info:
        hit_dispose(actor=accounts["officer"], hit=open_hit, status=FP, reason=reason)
    assert [e["field"] for e in info.value.errors] == ["reason"]
    open_hit.refresh_from_db()
    assert open_hit.status == OPEN


def test_a_disposition_needs_a_known_status(accounts, open_hit):
    with pytest.raises(ValidationFailed) as info:
        hit_dispose(actor=accounts["officer"], hit=open_hit, status="open", reason="x")
    assert [e["field"] for e in info.value.errors] == ["status"]


@pytest.mark.parametrize(
    "role", ["applicant", "applicant2", "policy", "devcoop", "post", "management", "admin"]
)
def test_other_roles_cannot_dispose_of_hits(accounts, open_hit, role):
    before = events("screening.hit_disposed")
    with pytest.raises(PermissionDenied):
        hit_dispose(actor=accounts[role], hit=open_hit, status=FP, reason="not them")
    open_hit.refresh_from_db()
    assert open_hit.status == OPEN and events("screening.hit_disposed") == before


def test_only_a_senior_officer_clears_a_confirmed_match(accounts, open_hit):
    hit_dispose(actor=accounts["officer"], hit=open_hit, status=CONFIRMED, reason="same dob")
    with pytest.raises(PermissionDenied):
        hit_dispose(actor=accounts["officer2"], hit=open_hit, status=FP, reason="changed my mind")
    hit = hit_dispose(actor=accounts["senior"], hit=open_hit, status=FP, reason="passport differs")
    assert hit.status == FP


@pytest.mark.parametrize(
    "source,target",
    [
        (s, t)
        for s, t in product([OPEN, CONFIRMED, FP], [CONFIRMED, FP])
        if not any(tr.source == s and tr.target == t and tr.roles for tr in HIT_TRANSITIONS)
    ],
)
def test_every_move_outside_the_transition_table_is_refused(accounts, open_hit, source, target):
    ScreeningHit.objects.filter(pk=open_hit.pk).update(status=source)
    with pytest.raises(TransitionNotAllowed):
        hit_dispose(actor=accounts["senior"], hit=open_hit, status=target, reason="again")


# ---------------------------------------------------------------- audit: one event per write


@pytest.mark.django_db
def test_each_write_service_records_one_event(tmp_path, accounts):
    import_rows(tmp_path, [ORLOV])
    assert events("screening.list_imported") == 1
    event = AuditEvent.objects.get(verb="screening.list_imported")
    assert event.payload["entries"] == 1 and event.payload["version"] == 1
    assert event.payload["sha256"] == ListVersion.objects.get().sha256

    before = AuditEvent.objects.count()
    subject = register("Dmitry Orlovsky", kind="person")
    assert AuditEvent.objects.count() == before + 1

    before = AuditEvent.objects.count()
    hit = subject_screen(subject=subject)[0]
    assert AuditEvent.objects.count() == before + 1
    screened = AuditEvent.objects.latest("seq")
    assert screened.verb == "screening.subject_screened"
    assert screened.payload["versions"] == {"foro-watch": 1} and screened.payload["new"] == 1

    before = AuditEvent.objects.count()
    hit_dispose(actor=accounts["officer"], hit=hit, status=FP, reason="other person")
    assert AuditEvent.objects.count() == before + 1
    disposed = AuditEvent.objects.latest("seq")
    assert disposed.verb == "screening.hit_disposed" and disposed.actor_id == accounts["officer"].pk
    assert disposed.payload["reason"] == "other person" and disposed.payload["previous"] == OPEN

    subjects = ScreeningSubject.objects.count()
    before = AuditEvent.objects.count()
    rescreen_all(actor="system")
    # one per subject screened, one summary
    assert AuditEvent.objects.count() == before + subjects + 1
    assert AuditEvent.objects.latest("seq").verb == "screening.rescreened"

    from foro.core.audit import verify

    assert verify()[1] is None


def test_the_index_is_warmed_in_the_background(db, watchlist):
    from foro.screening import index_cache

    index_cache.clear()
    thread = index_cache.warm_in_background()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert index_cache._state is not None  # built by the thread, before any screening


def test_serve_warms_the_index_in_each_worker(settings, monkeypatch):
    from foro import gunicorn_conf
    from foro.screening import index_cache

    calls = []
    monkeypatch.setattr(index_cache, "warm_in_background", lambda: calls.append(1))
    settings.SCREENING_WARM_AT_START = False
    gunicorn_conf.post_worker_init(None)
    assert calls == []
    settings.SCREENING_WARM_AT_START = True
    gunicorn_conf.post_worker_init(None)
    assert calls == [1]
