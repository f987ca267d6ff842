from django.apps import AppConfig


class TradeConfig(AppConfig):
    name = "foro.trade"
    label = "trade"
    verbose_name = "Trade policy"

    def ready(self) -> None:
        # Navigation, slots ("country", "home", "objective"), search providers, demo
        # loaders and audit verbs are registered here as the module grows.
        pass
