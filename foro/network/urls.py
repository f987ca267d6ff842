from django.urls import path

from foro.network import views

app_name = "network"

urlpatterns = [
    path("representations/", views.representation_list, name="representation-list"),
    path("representations/<str:code>/", views.representation_detail, name="representation-detail"),
    path("representations/<str:code>/staff/new/", views.staff_create, name="staff-create"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/step/<str:action>/", views.report_step, name="report-step"),
    path("reports/<int:pk>/readers/", views.report_readers, name="report-readers"),
    path("reports/<int:pk>/comments/", views.report_comment, name="report-comment"),
    path("reports/<int:pk>/attachments/", views.report_attach, name="report-attach"),
    path(
        "reports/<int:pk>/attachments/<int:attachment_id>/",
        views.report_attachment,
        name="report-attachment",
    ),
    path("missions/", views.mission_list, name="mission-list"),
    path("missions/new/", views.mission_create, name="mission-create"),
    path("missions/<int:pk>/", views.mission_detail, name="mission-detail"),
    path("missions/<int:pk>/actions/new/", views.mission_action, name="mission-action"),
    path("missions/<int:pk>/outcomes/", views.mission_outcomes, name="mission-outcomes"),
]
