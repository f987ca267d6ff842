from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevcoopConfig(AppConfig):
    name = "foro.devcoop"
    label = "devcoop"
    verbose_name = "Development cooperation"

    def ready(self) -> None:
        from foro.core import demo
        from foro.core.navigation import NavItem, register
        from foro.core.roles import INTERNAL_ROLES
        from foro.devcoop import audit_verbs, rules  # noqa: F401 - registers verbs and rules

        register(
            NavItem(
                _("Development cooperation"),
                "devcoop:portfolio",
                frozenset(INTERNAL_ROLES),
                group="policy",
            ),
            before="core:country-list",
        )
        from foro.devcoop import panels

        panels.register()
        if "foro.devcoop.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.devcoop.demo.load")
