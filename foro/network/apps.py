from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "foro.network"
    label = "network"
    verbose_name = "Diplomatic network"
