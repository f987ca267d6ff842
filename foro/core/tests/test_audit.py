import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation

from foro.core import audit
from foro.core.models import AuditChainHead, AuditEvent, Organisation
from foro.core.services import organisation_create


@pytest.fixture
def three_events(accounts):
    officer = accounts["officer"]
    start = AuditChainHead.objects.get(pk=1).last_seq
    for i in range(3):
        organisation_create(actor=officer, data={"name": f"Audit Org {i}", "country": "BE"})
    return start


def test_each_write_service_records_one_chained_event(accounts):
    last = AuditEvent.objects.order_by("-seq").first().seq
    org = organisation_create(actor=accounts["officer"], data={"name": "Chain NV", "country": "BE"})
    new = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq"))
    # the service's own event first; what other modules do in reaction (screening registers
    # the organisation as a subject) is recorded by the system, in separate events
    mine = [e for e in new if e.actor == accounts["officer"]]
    assert len(mine) == 1 and new[0] == mine[0]
    newest = mine[0]
    assert newest.verb == "organisation.created"
    assert newest.target_id == str(org.pk)
    assert newest.prev_hash == AuditEvent.objects.get(seq=last).hash
    assert all(e.actor is None and e.actor_label == "system" for e in new[1:])
    assert audit.verify()[1] is None


def test_verify_passes_on_an_intact_chain(three_events):
    checked, broken = audit.verify()
    assert broken is None
    assert checked == AuditEvent.objects.count()


def test_altered_payload_is_detected_at_that_event(three_events):
    victim = AuditEvent.objects.get(seq=three_events + 2)
    AuditEvent.objects.filter(pk=victim.pk).update(target_label="Somebody Else NV")
    _checked, broken = audit.verify()
    assert broken is not None
    assert broken.seq == victim.seq
    assert "altered" in broken.reason


def test_deleted_event_is_detected(three_events):
    AuditEvent.objects.filter(seq=three_events + 2).delete()
    _checked, broken = audit.verify()
    assert broken is not None and broken.seq == three_events + 2
    assert "missing" in broken.reason


def test_deleted_last_event_is_detected_through_the_head(three_events):
    last = AuditEvent.objects.order_by("-seq").first()
    last.delete()
    _checked, broken = audit.verify()
    assert broken is not None and "head" in broken.reason


def test_rehashed_row_still_breaks_the_link_to_the_next(three_events):
    victim = AuditEvent.objects.get(seq=three_events + 1)
    victim.payload = {"forged": True}
    victim.hash = audit.compute_hash(audit.hashed_fields(victim))
    victim.save()
    _checked, broken = audit.verify()
    assert broken is not None and broken.seq == victim.seq + 1


def test_verify_command_exits_nonzero_naming_the_event(three_events, capsys):
    call_command("audit_verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(seq=three_events + 3).update(verb="organisation.updated")
    with pytest.raises(CommandError, match=f"#{three_events + 3}"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused(accounts):
    org = Organisation.objects.first()
    with pytest.raises(RuntimeError, match="transaction"):
        audit.record(actor=accounts["officer"], verb="organisation.created", target=org)


def test_unknown_verb_and_missing_payload_are_refused(accounts):
    org = Organisation.objects.first()
    with transaction.atomic():
        with pytest.raises(ValueError, match="unknown audit verb"):
            audit.record(actor=accounts["officer"], verb="organisation.exploded", target=org)
        with pytest.raises(ValueError, match="misses changes"):
            audit.record(
                actor=accounts["officer"], verb="organisation.updated", target=org, payload={}
            )


def test_failed_service_leaves_neither_change_nor_event(accounts):
    before = (AuditEvent.objects.count(), Organisation.objects.count())
    from foro.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        organisation_create(
            actor=accounts["officer"], data={"name": "X", "country": "BE", "kbo_number": "123"}
        )
    assert (AuditEvent.objects.count(), Organisation.objects.count()) == before


def test_timeline_sentence_reads_like_a_sentence(accounts):
    org = organisation_create(
        actor=accounts["officer"], data={"name": "Sentence NV", "country": "BE"}
    )
    event = AuditEvent.objects.get(verb="organisation.created", target_id=str(org.pk))
    with translation.override("en"):
        assert audit.sentence(event) == (
            f"{accounts['officer'].get_full_name()} registered organisation Sentence NV"
        )
    with translation.override("nl"):
        assert audit.sentence(event) == (
            f"{accounts['officer'].get_full_name()} registreerde organisatie Sentence NV"
        )


def test_timelines_name_people_not_login_names(accounts, django_assert_num_queries):
    from foro.core.selectors import audit_events_for

    officer = accounts["officer"]
    assert officer.get_full_name(), "demo accounts carry a person's name"
    org = organisation_create(actor=officer, data={"name": "Timeline BV", "country": "BE"})
    events = list(audit_events_for("core.organisation", org.pk))
    with translation.override("en"), django_assert_num_queries(0):
        sentences = [audit.sentence(e) for e in events]
    assert any(officer.get_full_name() in s for s in sentences)
    assert not any(
        s.startswith(f"{officer.username}:") or f" {officer.username} " in s for s in sentences
    )
    system = [e for e in events if e.actor_id is None]
    with translation.override("en"):
        assert all(
            "foro (automatic)" in audit.sentence(e) for e in system if e.actor_label == "system"
        )
