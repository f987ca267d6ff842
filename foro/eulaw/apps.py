from django.apps import AppConfig


class EulawConfig(AppConfig):
    name = "foro.eulaw"
    label = "eulaw"
    verbose_name = "EU law"

    def ready(self) -> None:
        # Navigation, slots ("country", "home", "objective"), search providers, demo
        # loaders and audit verbs are registered here as the module grows.
        pass
