"""The audit verbs of the network."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb as v


def register() -> None:
    v("staff.assigned", _("{actor} posted {target}"), ("representation",))
    v("report.created", _("{actor} drafted post report {target}"), ("classification",))
    v("report.transitioned", _("{actor}: {action} on post report {target}"), ("action", "to"))
    v("report.readers_named", _("{actor} named the readers of post report {target}"), ("readers",))
    v("report.commented", _("{actor} commented on post report {target}"))
    v("report.attached", _("{actor} attached a file to post report {target}"), ("sha256",))
    v("mission.created", _("{actor} registered mission {target}"))
    v("mission.outcomes_recorded", _("{actor} recorded the outcomes of mission {target}"))
