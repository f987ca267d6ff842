from django.urls import path

from foro.core import health, views

app_name = "core"

urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("account/", views.account, name="account"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("operations/", views.operations, name="operations"),
    path("operations/unlock/", views.operations_unlock, name="operations-unlock"),
    path("search/", views.search_page, name="search"),
]
