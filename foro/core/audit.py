"""The audit trail: a hash-chained list of events, one per change of state.

``record()`` must be called inside the service's ``transaction.atomic()`` block, so the
event and the change commit or roll back together. It locks the single chain-head row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite takes its write lock at BEGIN because the
connection uses IMMEDIATE transactions), so concurrent writers chain one after another.

Verbs form a fixed list: each app registers its verbs with a sentence template used on
timelines (``{actor}`` and ``{target}`` are filled in; other names come from the payload).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from foro.core import faults
from foro.core.context import current_request_id

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class Verb:
    code: str
    sentence: Any  # lazy translation with {actor}, {target} and payload names
    required: tuple[str, ...] = ()
    #: turns stored codes and flags of the payload into words for the sentence
    #: ({"risk": "low"} -> {"risk": "Low risk"}), in the active language
    words: Callable[[dict[str, Any]], dict[str, Any]] | None = None


VERBS: dict[str, Verb] = {}


def register_verb(
    code: str,
    sentence: Any,
    required: tuple[str, ...] = (),
    *,
    words: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> None:
    VERBS[code] = Verb(code, sentence, required, words)


def _register_core_verbs() -> None:
    v = register_verb
    v("organisation.created", gettext_lazy("{actor} registered organisation {target}"))
    v("organisation.updated", gettext_lazy("{actor} changed organisation {target}"), ("changes",))
    v("person.created", gettext_lazy("{actor} added contact {target}"))
    v("document.uploaded", gettext_lazy("{actor} uploaded document {target}"), ("sha256",))
    v("user.created", gettext_lazy("{actor} created account {target}"), ("roles",))
    v("user.roles_changed", gettext_lazy("{actor} changed the roles of {target}"), ("roles",))
    v(
        "user.language_changed",
        gettext_lazy("{actor} switched the language to {language}"),
        ("language",),
    )
    v("apitoken.created", gettext_lazy("{actor} created API token {target}"))
    v("apitoken.revoked", gettext_lazy("{actor} revoked API token {target}"))
    v(
        "reference.loaded",
        gettext_lazy("{actor} loaded version {version} of {target}"),
        ("version", "sha256"),
    )
    v("demo.loaded", gettext_lazy("{actor} loaded the demo data"))
    v(
        "signin.unlocked",
        gettext_lazy("{actor} lifted the sign-in lock of {target}"),
        ("failures",),
    )
    v(
        "signin.token_unthrottled",
        gettext_lazy("{actor} lifted the API token throttle of address {target}"),
    )
    v(
        "task.recovered",
        gettext_lazy("{actor} queued again task {target}, whose worker stopped answering"),
        ("task", "worker"),
    )


_register_core_verbs()


def _canonical(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    )


#: The event's fields that its hash covers: model field -> key in the hashed document.
#: Changing this list changes every hash; verify() would then report the whole chain.
HASHED_FIELDS: dict[str, str] = {
    "seq": "seq",
    "occurred_at": "at",
    "actor_id": "actor",
    "actor_label": "actorLabel",
    "verb": "verb",
    "target_type": "targetType",
    "target_id": "targetId",
    "target_label": "targetLabel",
    "payload": "payload",
    "request_id": "requestId",
    "prev_hash": "prev",
}


def hashed_fields(event: Any) -> dict[str, Any]:
    """The hashed fields of a stored event (or any object with those attributes)."""
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def compute_hash(fields: dict[str, Any]) -> str:
    """sha256 over the canonical JSON of ``fields`` (every name of ``HASHED_FIELDS``)."""
    document = {key: fields[name] for name, key in HASHED_FIELDS.items()}
    document["at"] = fields["occurred_at"].isoformat(timespec="microseconds")
    document["targetId"] = str(fields["target_id"])
    return hashlib.sha256(_canonical(document).encode("utf-8")).hexdigest()


def target_of(obj) -> tuple[str, str, str]:
    """(type, id, label) for a model instance: ``app.model``, primary key, str()."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}", str(obj.pk), str(obj)[:255]


def record(
    *,
    actor,
    verb: str,
    target=None,
    target_type: str | None = None,
    target_id: str | None = None,
    target_label: str = "",
    payload: dict | None = None,
):
    """Append one event to the chain. Call inside the service's transaction."""
    from foro.core.models import AuditChainHead, AuditEvent

    if verb not in VERBS:
        raise ValueError(f"unknown audit verb {verb!r}: register it with register_verb()")
    payload = payload or {}
    missing = [key for key in VERBS[verb].required if key not in payload]
    if missing:
        raise ValueError(f"audit payload for {verb} misses {', '.join(missing)}")
    # Round-trip through JSON so what is hashed is exactly what the database stores.
    payload = json.loads(_canonical(payload))
    if target is not None:
        target_type, target_id, target_label = target_of(target)
    if not target_type or target_id is None:
        raise ValueError("an audit event needs a target")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the service's transaction")

    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    faults.pause_point(verb)  # fault-injection tests only (FORO_TEST_PAUSE_DIR)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    actor_id = actor.pk if is_user else None
    actor_label = (
        actor.get_username() if is_user else (actor if isinstance(actor, str) else "system")
    )
    seq = head.last_seq + 1
    occurred_at = timezone.now()
    request_id = current_request_id()
    fields = {
        "seq": seq,
        "occurred_at": occurred_at,
        "actor_id": actor_id,
        "actor_label": actor_label,
        "verb": verb,
        "target_type": target_type,
        "target_id": str(target_id),
        "target_label": target_label,
        "payload": payload,
        "request_id": request_id,
        "prev_hash": head.last_hash,
    }
    digest = compute_hash(fields)
    event = AuditEvent.objects.create(**fields, hash=digest)
    head.last_seq = seq
    head.last_hash = digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int | None
    reason: str

    def __str__(self) -> str:
        return f"audit event #{self.seq} (id {self.event_id}): {self.reason}"


def verify(batch_size: int = 2000) -> tuple[int, Break | None]:
    """Walk the chain in order. Return (events checked, first break or None)."""
    from foro.core.models import AuditChainHead, AuditEvent

    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in _iterate(AuditEvent, batch_size):
        if event.seq != expected_seq:
            return checked, Break(
                expected_seq,
                None,
                f"missing: the chain jumps from #{expected_seq - 1} to #{event.seq}",
            )
        if event.prev_hash != expected_prev:
            return checked, Break(
                event.seq, event.pk, "its link to the previous event does not match"
            )
        digest = compute_hash(hashed_fields(event))
        if digest != event.hash:
            return checked, Break(
                event.seq, event.pk, "its content was altered after it was written"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return checked, Break(
            checked + 1,
            None,
            f"missing: the chain head records {head.last_seq} events but {checked} were found",
        )
    return checked, None


def _iterate(model, batch_size: int) -> Iterator:
    last = 0
    while True:
        rows = list(model.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not rows:
            return
        yield from rows
        last = rows[-1].seq


def actor_name(event) -> str:
    """Who acted, as a person reads it: the user's full name (the login name only when the
    account has none), or what a system actor is. Load events with ``select_related("actor")``
    so that a timeline costs one query."""
    if event.actor_id is not None:
        return event.actor.display_name()
    system = {
        "system": _("foro (automatic)"),
        "demo": _("demo data"),
        "generator": _("benchmark generator"),
    }
    return str(system.get(event.actor_label, event.actor_label))


def sentence(event) -> str:
    """The event as a sentence for a timeline, in the active language."""
    verb = VERBS.get(event.verb)
    who = actor_name(event)
    if verb is None:
        return f"{who}: {event.verb} {event.target_label}"
    payload = event.payload or {}
    values = {k: v for k, v in payload.items() if isinstance(v, str | int | float)}
    if verb.words is not None:
        values.update(verb.words(payload))
    values.update(actor=who, target=event.target_label or event.target_id)
    try:
        return str(verb.sentence).format(**values)
    except (KeyError, IndexError, ValueError):
        return f"{who}: {_(str(verb.sentence))}"
