from django.urls import URLPattern, URLResolver, path

from foro.treaties import views

app_name = "treaties"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.register, name="register"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/steps/<slug:action>/", views.step, name="step"),
    path("<int:pk>/parties/", views.party, name="party"),
]
