"""An actor is a user or one of the closed list of system actors; nothing else passes."""

import pytest

from foro.core.actors import SystemActor, actor_label, system_actor
from foro.core.errors import PermissionDenied


@pytest.mark.parametrize("value", ["", "root", "System", "admin ", None, 0])
def test_unknown_strings_and_non_users_are_not_actors(value):
    with pytest.raises(PermissionDenied):
        system_actor(value)


def test_system_actors_are_a_closed_list():
    assert system_actor("system") is SystemActor.SYSTEM
    assert system_actor(SystemActor.DEMO) is SystemActor.DEMO
    assert actor_label(SystemActor.GENERATOR) == "generator"


@pytest.mark.django_db
def test_users_are_actors_and_labelled_by_user_name(accounts):
    assert system_actor(accounts["officer"]) is None
    assert actor_label(accounts["officer"]) == "officer"


@pytest.mark.django_db
def test_anonymous_and_inactive_users_are_not_actors(accounts):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        system_actor(AnonymousUser())
    user = accounts["policy"]
    user.is_active = False
    with pytest.raises(PermissionDenied):
        system_actor(user)
