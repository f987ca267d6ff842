from django.urls import path

from foro.portal import views

app_name = "verify"

urlpatterns = [
    path("", views.verify, name="form"),
    path("<str:code>/", views.verify, name="licence"),
]
