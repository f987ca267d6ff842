from django.urls import URLPattern, URLResolver

app_name = "treaties"

urlpatterns: list[URLPattern | URLResolver] = []
