from django.urls import path

from foro.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/new/", views.new_application, name="new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("licences/<int:pk>/", views.licence, name="licence"),
]
