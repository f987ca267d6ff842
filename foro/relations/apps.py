from django.apps import AppConfig


class RelationsConfig(AppConfig):
    name = "foro.relations"
    label = "relations"
    verbose_name = "Partner relations"

    def ready(self) -> None:
        # Navigation, slots ("country", "home", "objective"), search providers, demo
        # loaders and audit verbs are registered here as the module grows.
        pass
