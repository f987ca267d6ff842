from django.urls import path

from foro.portal import euc, rulings, views, views_general

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/new/", views.new_application, name="new"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/act/<slug:action>/", views.act, name="act"),
    path("licences/<int:pk>/", views.licence, name="licence"),
    path("applications/<int:pk>/end-user-certificate/", euc.certificate, name="euc"),
    path("rulings/", rulings.ruling_page, name="rulings"),
    path("rulings/ask/", rulings.ruling_ask, name="ruling-ask"),
    path("rulings/<int:pk>/withdraw/", rulings.ruling_withdraw, name="ruling-withdraw"),
    # general licences and prior authorisation (views_general.py)
    path("general/", views_general.home, name="general"),
    path("general/request/", views_general.request_authorisation, name="general-request"),
    path(
        "general/prior-authorisations/<int:pk>/withdraw/",
        views_general.withdraw_authorisation,
        name="general-withdraw",
    ),
    path("general/register/", views_general.register, name="general-register"),
    path(
        "general/registrations/<int:pk>/",
        views_general.registration,
        name="general-registration",
    ),
]
