from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "foro.treaties"
    label = "treaties"
    verbose_name = "Treaty register"

    def ready(self) -> None:
        # Navigation, slots ("country", "home", "objective"), search providers, demo
        # loaders and audit verbs are registered here as the module grows.
        pass
