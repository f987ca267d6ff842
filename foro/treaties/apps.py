from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatiesConfig(AppConfig):
    name = "foro.treaties"
    label = "treaties"
    verbose_name = "Treaty register"

    def ready(self) -> None:
        from foro.core import demo, search, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import INTERNAL_ROLES
        from foro.treaties import audit_verbs, panels  # noqa: F401 - registers the verbs
        from foro.treaties import rules as _rules  # noqa: F401 - registers the permissions

        register(
            NavItem(_("Treaties"), "treaties:register", frozenset(INTERNAL_ROLES), group="policy"),
            before="core:country-list",
        )
        slots.register("country", panels.country_section, order=40)
        slots.register("home", panels.home_panel, order=40)
        slots.register("objective", panels.objective_section, order=40)
        search.register(
            search.SearchProvider("treaties", _("Treaties"), panels.find_treaties, order=40)
        )
        if "foro.treaties.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.treaties.demo.load")
