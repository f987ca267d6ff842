"""The audit verbs of global licences (usage recorded per consignee)."""

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v

v(
    "licence.usage_recorded",
    _("{actor} recorded a shipment of {quantity} to {consignee} ({country}) under {target}"),
    ("consignee", "country", "line", "quantity", "valueEur"),
)
