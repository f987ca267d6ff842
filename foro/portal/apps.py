from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "foro.portal"
    label = "portal"
    verbose_name = "Applicant portal and public pages"
