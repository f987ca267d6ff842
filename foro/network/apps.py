from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "foro.network"
    label = "network"
    verbose_name = "Diplomatic network"

    def ready(self) -> None:
        from foro.core import demo, search, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import INTERNAL_ROLES
        from foro.network import audit_verbs, panels
        from foro.network.datasets import REPRESENTATIONS
        from foro.reference.datasets import register as register_dataset

        audit_verbs.register()
        register_dataset(REPRESENTATIONS)
        register(
            NavItem(_("Network"), "network:representation-list", frozenset(INTERNAL_ROLES)),
            before="core:organisation-list",
        )
        slots.register("country", panels.country_section, order=10)
        slots.register("home", panels.home_panel, order=10)
        slots.register("objective", panels.objective_section, order=11)
        search.register(
            search.SearchProvider("post-reports", _("Post reports"), panels.find_reports, order=33)
        )
        search.register(
            search.SearchProvider(
                "missions", _("Missions and visits"), panels.find_missions, order=34
            )
        )
        if "foro.network.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.network.demo.load")
