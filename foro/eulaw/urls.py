from django.urls import URLPattern, URLResolver

app_name = "eulaw"

urlpatterns: list[URLPattern | URLResolver] = []
