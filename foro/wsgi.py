import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foro.settings")
application = get_wsgi_application()

from foro.core.checks import refuse_insecure_start  # noqa: E402 - needs the settings loaded

refuse_insecure_start()
