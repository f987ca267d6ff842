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
