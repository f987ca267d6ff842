from django.urls import URLPattern, URLResolver, path

from foro.devcoop import views

app_name = "devcoop"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.portfolio, name="portfolio"),
    path("activities/new/", views.activity_new, name="activity-new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:pk>/add/<str:what>/", views.activity_add, name="activity-add"),
    path("activities/<int:pk>/<str:action>/", views.activity_action, name="activity-action"),
    path("publication/", views.publication, name="publication"),
    path("strategies/", views.strategies, name="strategies"),
    path("dashboard/sectors/", views.dashboard_sector, name="dashboard-sector"),
    path("dashboard/<str:code>/", views.dashboard_country, name="dashboard-country"),
]
