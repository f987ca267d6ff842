from django.urls import path

from foro.portal import rulings, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/new/", views.new_application, name="new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("licences/<int:pk>/", views.licence, name="licence"),
    path("rulings/", rulings.ruling_page, name="rulings"),
    path("rulings/ask/", rulings.ruling_ask, name="ruling-ask"),
    path("rulings/<int:pk>/withdraw/", rulings.ruling_withdraw, name="ruling-withdraw"),
]
