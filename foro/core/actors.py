"""Who acts: a signed-in user, or one of a closed list of system actors (the command line,
background tasks, the demo loader, the benchmark generator). Nothing else: an arbitrary
string is not an actor, so a typo or a forged value can never pass a permission check."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from foro.core.errors import PermissionDenied

if TYPE_CHECKING:
    from foro.core.models import User


class SystemActor(StrEnum):
    """Trusted non-human actors. Their value is what the audit trail records."""

    SYSTEM = "system"  # command line and background tasks
    DEMO = "demo"  # `foro demo load` (refused outside demo/debug mode)
    GENERATOR = "generator"  # `foro demo generate` for benchmarks


#: What every service's ``actor`` argument accepts.
Actor: TypeAlias = Union["User", SystemActor]  # noqa: UP007 (a forward reference to User)


def system_actor(actor: Any) -> SystemActor | None:
    """The system actor ``actor`` names, None when it is a user; PermissionDenied for
    anything that is neither (an unknown string, an anonymous user, None)."""
    if isinstance(actor, SystemActor):
        return actor
    if isinstance(actor, str):
        try:
            return SystemActor(actor)
        except ValueError:
            raise PermissionDenied() from None
    if actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active:
        return None
    raise PermissionDenied()


def actor_label(actor: Any) -> str:
    """What the audit trail and stored records show for ``actor``."""
    system = system_actor(actor)
    return system.value if system is not None else actor.get_username()
