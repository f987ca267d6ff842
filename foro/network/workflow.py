"""The life of a post report as one transition table: draft → submitted → read → archived
(and back from submitted to draft while nobody has read it).

``parties`` says who may take a step, relative to the report: ``author``; ``post_staff``
(representation staff of the report's post, the author included); ``named_reader`` (a reader
the post named at headquarters); ``management``. Services, pages (which buttons), the API and
the tests read this table; no other code decides whether a step is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from foro.core.roles import Role, roles_of
from foro.network.models import PostReport

S = PostReport.State


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    parties: frozenset[str]
    label: Any
    guards: tuple[str, ...] = ()


REPORT_TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "submit",
        (S.DRAFT,),
        S.SUBMITTED,
        frozenset({"post_staff"}),
        _("Submit to headquarters"),
        ("has_readers",),
    ),
    Transition("recall", (S.SUBMITTED,), S.DRAFT, frozenset({"author"}), _("Recall"), ("unread",)),
    Transition(
        "mark_read",
        (S.SUBMITTED, S.READ),
        S.READ,
        frozenset({"named_reader"}),
        _("Mark as read"),
        ("not_read_by_you",),
    ),
    Transition(
        "archive", (S.READ,), S.ARCHIVED, frozenset({"post_staff", "management"}), _("Archive")
    ),
)

#: states in which a named reader (or the post) may comment
COMMENT_STATES = (S.SUBMITTED, S.READ)

ACTIONS = {t.action: t for t in REPORT_TRANSITIONS}


def parties_of(user: Any, report: PostReport) -> set[str]:
    """What ``user`` is to ``report`` (the ``parties`` of the table)."""
    if user is None or not user.is_authenticated:
        return set()
    roles = roles_of(user)
    parties = set()
    if report.author_id == user.pk:
        parties |= {"author", "post_staff"}
    if Role.POST in roles and user.representation_code == report.representation_code:
        parties.add("post_staff")
    if report.readers.filter(pk=user.pk).exists():
        parties.add("named_reader")
    if Role.MANAGEMENT in roles:
        parties.add("management")
    return parties


def guard_refusal(name: str, user: Any, report: PostReport) -> str | None:
    """Why guard ``name`` refuses the step, or None when it holds."""
    from django.utils.translation import gettext

    if name == "has_readers" and not report.readers.exists():
        return gettext("Name at least one reader at headquarters before submitting.")
    if name == "unread" and report.readings.exists():
        return gettext("A reader has read the report: it can no longer be recalled.")
    if name == "not_read_by_you" and report.readings.filter(reader=user).exists():
        return gettext("You have already marked this report as read.")
    return None


#: guards about what already happened: a step they refuse is not offered at all
HISTORY_GUARDS = ("unread", "not_read_by_you")


def allowed_transitions(user: Any, report: PostReport) -> list[Transition]:
    """The steps ``user`` may take on ``report`` now: by state, party and the guards about
    history (a guard the user can still satisfy, such as naming a reader, is left to the
    service, which says what is missing)."""
    parties = parties_of(user, report)
    return [
        t
        for t in REPORT_TRANSITIONS
        if report.state in t.sources
        and t.parties & parties
        and not any(g in HISTORY_GUARDS and guard_refusal(g, user, report) for g in t.guards)
    ]
