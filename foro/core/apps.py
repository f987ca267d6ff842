from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_role_groups(sender, **kwargs) -> None:
    """Every role exists as a group after migrate (looked up by name, never by id)."""
    from django.contrib.auth.models import Group

    from foro.core.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)


class CoreConfig(AppConfig):
    name = "foro.core"
    label = "core"
    verbose_name = "foro core"

    def ready(self) -> None:
        post_migrate.connect(ensure_role_groups, sender=self)
        from foro.core import search_providers, sections, slots

        slots.register("country", sections.country_organisations, order=30)
        search_providers.register()
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        user_login_failed.connect(_count_login_failure, dispatch_uid="foro.lockout.failed")
        user_logged_in.connect(_clear_login_failures, dispatch_uid="foro.lockout.succeeded")
        user_logged_in.connect(_mark_authenticated, dispatch_uid="foro.reauth.signed_in")
        from foro.core import totp

        totp.register_verbs()
        from django_tasks.signals import task_enqueued, task_finished, task_started

        from foro.core import logs

        task_enqueued.connect(logs.remember_origin, dispatch_uid="foro.logs.enqueued")
        task_started.connect(logs.adopt_origin, dispatch_uid="foro.logs.started")
        task_finished.connect(logs.forget_origin, dispatch_uid="foro.logs.finished")
        from foro.core import metrics

        task_finished.connect(metrics.count_task_failure, dispatch_uid="foro.metrics.failed")
        # User and role management for administrators (services_users.py, views_users.py)
        from django.utils.translation import gettext_lazy

        from foro.core import navigation, services_users
        from foro.core.roles import Role

        services_users.register_verbs()
        navigation.register(
            navigation.NavItem(
                gettext_lazy("Users"), "core:user-list", frozenset({Role.ADMIN}), group="admin"
            )
        )


def _count_login_failure(sender, credentials, request=None, **kwargs) -> None:
    from foro.core import lockout

    lockout.login_failed(str(credentials.get("username", "")), lockout.client_ip(request))


def _clear_login_failures(sender, request, user, **kwargs) -> None:
    from foro.core import lockout

    lockout.login_succeeded(user.get_username(), lockout.client_ip(request))


def _mark_authenticated(sender, request, user, **kwargs) -> None:
    """Every sign-in is a fresh proof of identity (foro.core.reauth)."""
    from foro.core import reauth

    if request is not None:
        reauth.mark(request)
