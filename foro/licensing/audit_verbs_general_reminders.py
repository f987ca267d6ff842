"""The audit verbs of the reminders of general-licence duties (reminders_general.py)."""

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v(
    "general_licence.report_reminder_sent",
    _("{actor} reminded the company of the usage report due on {due}"),
    ("period", "due", "recipients"),
)
v(
    "certified_recipient.audit_reminder_sent",
    _("{actor} reminded the officers of the audit due on {due}"),
    ("due", "recipients"),
)
