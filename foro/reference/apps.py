from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "foro.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from foro.core import slots
        from foro.core.navigation import NavItem, register
        from foro.reference import panels

        register(NavItem(_("Reference data"), "reference:index", frozenset(), group="data"))
        slots.register("country", panels.country_section, order=20)
