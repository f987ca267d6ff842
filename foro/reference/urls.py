from django.urls import path

from foro.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.index, name="index"),
    path("review/", views.review, name="review"),
    path("<slug:name>/", views.dataset, name="dataset"),
]
