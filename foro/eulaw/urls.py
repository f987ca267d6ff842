from django.urls import URLPattern, URLResolver, path, re_path

from foro.eulaw import views

app_name = "eulaw"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("directives/", views.directive_list, name="directives"),
    path("directives/new/", views.directive_create, name="directive-create"),
    path("directives/<int:pk>/", views.directive_detail, name="directive"),
    path("directives/<int:pk>/steps/<slug:action>/", views.directive_step, name="directive-step"),
    path("directives/<int:pk>/measures/", views.measure_create, name="measure-create"),
    path("measures/<int:pk>/correlations/", views.correlation_add, name="correlation-add"),
    path("infringements/", views.case_list, name="cases"),
    path("infringements/<int:pk>/", views.case_detail, name="case"),
    path("infringements/<int:pk>/stages/<slug:action>/", views.case_stage, name="case-stage"),
    re_path(r"^report/(?P<month>\d{4}-\d{2})/$", views.monthly_report, name="report"),
    re_path(r"^report/(?P<month>\d{4}-\d{2})\.pdf$", views.monthly_report_pdf, name="report-pdf"),
    re_path(
        r"^report/(?P<month>\d{4}-\d{2})\.xlsx$", views.monthly_report_xlsx, name="report-xlsx"
    ),
    path("calendars/", views.calendar_links, name="calendars"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
