from django.urls import path

from foro.network import views

app_name = "network"

urlpatterns = [
    path("representations/", views.representation_list, name="representation-list"),
    path("representations/<str:code>/", views.representation_detail, name="representation-detail"),
]
