from django.urls import path

from foro.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.dataset, name="dataset"),
]
