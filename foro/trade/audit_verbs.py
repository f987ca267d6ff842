"""The trade module's audit verbs, with the sentence each shows on a timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v("barrier.reported", _("{actor} reported market-access barrier {target}"), ("country", "by"))
v("barrier.assess", _("{actor} assessed barrier {target}: {note}"), ("from", "to", "note"))
v("barrier.escalate", _("{actor} escalated barrier {target}: {note}"), ("from", "to", "note"))
v("barrier.resolve", _("{actor} marked barrier {target} resolved: {note}"), ("from", "to", "note"))
v(
    "barrier.partly_resolve",
    _("{actor} marked barrier {target} partly resolved: {note}"),
    ("from", "to", "note"),
)
v("barrier.close", _("{actor} closed barrier {target}: {note}"), ("from", "to", "note"))
v("barrier.reopen", _("{actor} reopened barrier {target}: {note}"), ("from", "to", "note"))
v("barrier.summary_proposed", _("{actor} proposed a public summary of barrier {target}"))
v("barrier.summary_approved", _("{actor} approved and published the summary of barrier {target}"))
v("barrier.summary_withdrawn", _("{actor} withdrew the public summary of barrier {target}"))
v("agreement.created", _("{actor} registered trade agreement {target}"), ("status",))
v("agreement.updated", _("{actor} changed trade agreement {target}"), ("changes", "status"))
v(
    "trade_figures.imported",
    _("{actor} imported {rows} trade figures ({target})"),
    ("rows", "sha256", "dataset"),
)
