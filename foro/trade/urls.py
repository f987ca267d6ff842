from django.urls import URLPattern, URLResolver

app_name = "trade"

urlpatterns: list[URLPattern | URLResolver] = []
