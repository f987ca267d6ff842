from django.urls import path

from foro.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.index, name="index"),
    path("screen/", views.screen, name="screen"),
    path("lists/", views.list_overview, name="lists"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/entries/<path:entry_id>/", views.entry_detail, name="entry"),
    path("hits/", views.hit_queue, name="hit-list"),
    path("hits/<int:pk>/", views.hit_detail, name="hit"),
]
