from django.apps import AppConfig


class DevcoopConfig(AppConfig):
    name = "foro.devcoop"
    label = "devcoop"
    verbose_name = "Development cooperation"

    def ready(self) -> None:
        # Navigation, slots ("country", "home", "objective"), search providers, demo
        # loaders and audit verbs are registered here as the module grows.
        pass
