"""The audit verbs of development cooperation and their timeline sentences."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb

register_verb("devcoop.strategy_created", _("{actor} added country strategy paper {target}"))
register_verb("devcoop.activity_created", _("{actor} created activity {target}"))
register_verb("devcoop.activity_updated", _("{actor} changed activity {target}"), ("changes",))
register_verb("devcoop.budget_added", _("{actor} added a budget to {target}"), ("value",))
register_verb(
    "devcoop.transaction_added",
    _("{actor} recorded a transaction on {target}"),
    ("type", "value", "currency"),
)
register_verb("devcoop.result_added", _("{actor} added a result to {target}"), ("title",))
register_verb("devcoop.document_added", _("{actor} linked a document to {target}"), ("url",))
register_verb(
    "devcoop.activity_linked", _("{actor} linked {target} to activity {ref}"), ("ref", "type")
)
register_verb("devcoop.activity_submit", _("{actor} asked to publish {target}"))
register_verb("devcoop.activity_approve", _("{actor} approved the publication of {target}"))
register_verb("devcoop.activity_return", _("{actor} returned {target}: {reason}"), ("reason",))
register_verb("devcoop.activity_reopen", _("{actor} reopened {target} for editing"))
register_verb("devcoop.organisation_published", _("{actor} published the IATI organisation file"))
register_verb(
    "devcoop.iati_imported",
    _("{actor} imported IATI file {target}"),
    ("activities", "sha256"),
)
