from django.urls import URLPattern, URLResolver, path

from foro.trade import views

app_name = "trade"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.barrier_list, name="barrier-list"),
    path("barriers/report/", views.barrier_report, name="barrier-report"),
    path("barriers/<int:pk>/", views.barrier_detail, name="barrier-detail"),
    path("barriers/<int:pk>/act/<slug:action>/", views.barrier_act, name="barrier-act"),
    path("barriers/<int:pk>/summary/<slug:what>/", views.barrier_summary, name="barrier-summary"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("figures/", views.figures, name="figures"),
    path("public/barriers/", views.public_barriers, name="public-barriers"),
    path("public/barriers/<str:reference>/", views.public_barrier, name="public-barrier"),
]
