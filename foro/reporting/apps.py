from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "foro.reporting"
    label = "reporting"
    verbose_name = "Licensing reports and open data"

    def ready(self) -> None:
        from foro.core import demo, periodic
        from foro.core.navigation import NavItem, register
        from foro.core.roles import Role
        from foro.reporting import audit_verbs  # noqa: F401 - registers the verbs

        register(
            NavItem(
                _("Reports"),
                "reporting:licensing",
                frozenset({Role.OFFICER, Role.SENIOR, Role.MANAGEMENT}),
                group="data",
            ),
            before="core:country-list",
        )
        # the figures of the current and recent periods are computed ahead, once a night
        periodic.register_daily("reports.warm", "foro.reporting.tasks.warm_figures")
        # the demo publishes one closed half-year, from the licensing demo's cases
        if "foro.reporting.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.reporting.demo.load")
