from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "foro.reference"
    label = "reference"
    verbose_name = "Reference data"
