from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "foro.screening"
    label = "screening"
    verbose_name = "Sanctions screening"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from foro.core import demo, periodic
        from foro.core.navigation import NavItem, register
        from foro.core.roles import Role
        from foro.screening import audit  # noqa: F401  (registers the audit verbs)

        register(
            NavItem(
                _("Screening"),
                "screening:index",
                frozenset({Role.OFFICER, Role.SENIOR, Role.MANAGEMENT, Role.ADMIN}),
                group="licensing",
            ),
            before="reference:index",
        )
        from foro.core.signals import organisation_saved
        from foro.screening.tasks import on_organisation_saved

        organisation_saved.connect(on_organisation_saved, dispatch_uid="screening.organisation")
        # a no-op unless settings.FORO_LIST_SOURCES names a list (see refresh.py)
        periodic.register_daily("screening.lists_refresh", "foro.screening.tasks.refresh_lists")
        from foro.core.health import register_check
        from foro.screening.health import index_loaded

        register_check("screening_index", index_loaded)
        from foro.core import search
        from foro.screening.search_names import search_name_key

        search.register_name_normaliser(search_name_key)
        if "foro.screening.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.screening.demo.load")
