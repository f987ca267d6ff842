from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationsConfig(AppConfig):
    name = "foro.relations"
    label = "relations"
    verbose_name = "Partner relations"

    def ready(self) -> None:
        from foro.core import demo, periodic, search, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import INTERNAL_ROLES
        from foro.relations import audit_verbs, objectives, panels

        audit_verbs.register()
        register(
            NavItem(_("Partners"), "relations:partner-list", frozenset(INTERNAL_ROLES)),
            before="core:organisation-list",
        )
        slots.register("country", panels.country_section, order=12)
        slots.register("home", panels.home_panel, order=12)
        slots.register("objective", objectives.relations_section, order=10)
        search.register(
            search.SearchProvider("partners", _("Partners"), panels.find_partners, order=30)
        )
        search.register(
            search.SearchProvider("contacts", _("Contact people"), panels.find_contacts, order=31)
        )
        search.register(
            search.SearchProvider(
                "interactions", _("Interactions"), panels.find_interactions, order=32
            )
        )
        periodic.register_daily("relations.remind", "foro.relations.tasks.remind_overdue_actions")
        if "foro.relations.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.relations.demo.load")
