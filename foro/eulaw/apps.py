from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EulawConfig(AppConfig):
    name = "foro.eulaw"
    label = "eulaw"
    verbose_name = "EU law"

    def ready(self) -> None:
        from foro.core import demo, periodic, search, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import INTERNAL_ROLES
        from foro.eulaw import audit_verbs, panels  # noqa: F401 - registers the verbs
        from foro.eulaw import rules as _rules  # noqa: F401 - registers the permissions

        register(
            NavItem(_("EU law"), "eulaw:dashboard", frozenset(INTERNAL_ROLES), group="policy"),
            before="core:country-list",
        )
        slots.register("home", panels.home_panel, order=41)
        slots.register("objective", panels.objective_section, order=41)
        search.register(
            search.SearchProvider(
                "directives", _("EU directives"), panels.find_directives, order=41
            )
        )
        search.register(
            search.SearchProvider(
                "infringements", _("Infringement cases"), panels.find_infringements, order=42
            )
        )
        periodic.register_daily("eulaw.reminders", "foro.eulaw.tasks.send_reminders")
        if "foro.eulaw.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.eulaw.demo.load")
