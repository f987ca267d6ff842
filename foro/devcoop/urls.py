from django.urls import URLPattern, URLResolver

app_name = "devcoop"

urlpatterns: list[URLPattern | URLResolver] = []
