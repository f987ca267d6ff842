from django.urls import path

from foro.core import views

app_name = "core"

urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("account/", views.account, name="account"),
    path("search/", views.search_page, name="search"),
]
