from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from foro.api import api, api_not_found
from foro.core import oidc, views_security
from foro.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("login/code/", views_security.login_code, name="login-code"),
    path("login/sso/", oidc.start, name="oidc-start"),
    path("login/sso/callback/", oidc.callback, name="oidc-callback"),
    path("reauthenticate/", views_security.reauthenticate, name="reauth"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", core_views.set_language, name="set-language"),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<path>.*)$", api_not_found),
    path("", include("foro.core.urls")),
    path("reference/", include("foro.reference.urls")),
    path("network/", include("foro.network.urls")),
    path("screening/", include("foro.screening.urls")),
    path("licensing/", include("foro.licensing.urls")),
    path("portal/", include("foro.portal.urls")),
    path("verify/", include("foro.portal.verify_urls")),
    path("reports/", include("foro.reporting.urls")),
    path("open-data/", include("foro.reporting.public_urls")),
    path("relations/", include("foro.relations.urls")),
    path("treaties/", include("foro.treaties.urls")),
    path("eu/", include("foro.eulaw.urls")),
    path("trade/", include("foro.trade.urls")),
    path("devcoop/", include("foro.devcoop.urls")),
]
