from django.urls import path

from foro.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.licensing, name="licensing"),
    path("licensing.csv", views.licensing_file, {"fmt": "csv"}, name="licensing-csv"),
    path("licensing.xlsx", views.licensing_file, {"fmt": "xlsx"}, name="licensing-xlsx"),
    path("licensing.pdf", views.licensing_file, {"fmt": "pdf"}, name="licensing-pdf"),
    path("eu-annual-report.csv", views.licensing_file, {"fmt": "coarm"}, name="coarm-csv"),
    path("open-data/", views.publications, name="publications"),
    path("open-data/publish/", views.publish, name="publish"),
    path("open-data/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
