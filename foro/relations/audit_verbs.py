"""The audit verbs of relations, with the sentence each shows on a timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v


def register() -> None:
    v("partner.created", _("{actor} registered partner {target}"))
    v("partner.updated", _("{actor} changed partner {target}"), ("changes",))
    v("contact.created", _("{actor} added contact {target}"), ("source",))
    v("interaction.created", _("{actor} recorded interaction {target}"))
    v("action.created", _("{actor} added follow-up action {target}"), ("owner", "due"))
    v("action.completed", _("{actor} completed follow-up action {target}"))
    v("action.reminded", _("{actor} reminded {owner} of overdue action {target}"), ("owner",))
    v("instrument.created", _("{actor} registered cooperation instrument {target}"))
    v("instrument.meeting_added", _("{actor} recorded a follow-up meeting of {target}"), ("date",))
    v("membership.created", _("{actor} recorded membership {target}"))
    v("contribution.created", _("{actor} recorded contribution {target}"), ("amount",))
    v(
        "relations.imported",
        _("{actor} imported {rows} rows of {kind} from {target}"),
        ("rows", "kind"),
    )
