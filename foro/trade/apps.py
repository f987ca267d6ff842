from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    name = "foro.trade"
    label = "trade"
    verbose_name = "Trade policy"

    def ready(self) -> None:
        from foro.core import demo, search, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import Role
        from foro.trade import audit_verbs, panels  # noqa: F401 - registers the verbs
        from foro.trade import rules as _rules  # noqa: F401 - registers the permissions
        from foro.trade import search as trade_search

        register(
            NavItem(
                _("Trade"),
                "trade:barrier-list",
                frozenset({Role.POLICY, Role.MANAGEMENT, Role.POST, Role.APPLICANT}),
                group="policy",
            )
        )
        slots.register("country", panels.country_section, order=50)
        slots.register("home", panels.home_panel, order=50)
        slots.register("objective", panels.objective_section, order=50)
        search.register(
            search.SearchProvider(
                "barriers", _("Market-access barriers"), trade_search.find_barriers, order=60
            )
        )
        search.register(
            search.SearchProvider(
                "agreements", _("Trade agreements"), trade_search.find_agreements, order=61
            )
        )
        if "foro.trade.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.trade.demo.load")
