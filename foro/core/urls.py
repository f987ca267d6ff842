from django.urls import path

from foro.core import health, metrics, views, views_security, views_users

app_name = "core"

urlpatterns = [
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("account/", views.account, name="account"),
    path("account/sign-in-codes/", views_security.totp_enrol, name="totp-enrol"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("metrics", metrics.metrics, name="metrics"),
    path("operations/", views.operations, name="operations"),
    path("operations/unlock/", views.operations_unlock, name="operations-unlock"),
    path("search/", views.search_page, name="search"),
    # User and role management for administrators (views_users.py)
    path("users/", views_users.user_list, name="user-list"),
    path("users/invite/", views_users.user_invite, name="user-invite"),
    path(
        "users/activate/<str:uidb64>/<str:token>/",
        views_users.user_activate,
        name="user-activate",
    ),
    path("users/<int:pk>/", views_users.user_detail, name="user-detail"),
    path("users/<int:pk>/roles/", views_users.user_roles, name="user-roles"),
    path("users/<int:pk>/sign-in-codes/", views_security.totp_reset, name="user-totp-reset"),
    path("users/<int:pk>/deactivate/", views_users.user_deactivate, name="user-deactivate"),
    path("users/<int:pk>/reactivate/", views_users.user_reactivate, name="user-reactivate"),
]
