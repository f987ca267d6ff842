from django.urls import path

from foro.reporting import views

app_name = "open-data"

urlpatterns = [
    path("", views.open_data, name="index"),
    path("<int:pk>/", views.open_data_period, name="period"),
    path("<int:pk>/figures.csv", views.open_data_csv, name="period-csv"),
]
