from django.urls import URLPattern, URLResolver, path

from foro.relations import views

app_name = "relations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.partner_list, name="partner-list"),
    path("partners/new/", views.partner_create, name="partner-create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/contacts/new/", views.contact_create, name="contact-create"),
    path("partners/<int:pk>/memberships/new/", views.membership_create, name="membership-create"),
    path(
        "partners/<int:pk>/contributions/new/",
        views.contribution_create,
        name="contribution-create",
    ),
    path("multilateral/", views.multilateral, name="multilateral"),
    path("interactions/", views.interaction_list, name="interaction-list"),
    path("interactions/new/", views.interaction_create, name="interaction-create"),
    path("interactions/<int:pk>/", views.interaction_detail, name="interaction-detail"),
    path("interactions/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action-complete"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/new/", views.instrument_create, name="instrument-create"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument-detail"),
    path("instruments/<int:pk>/meetings/new/", views.instrument_meeting, name="instrument-meeting"),
    path("import/", views.import_upload, name="import"),
    path("objectives/", views.objective_list, name="objective-list"),
    path("objectives/<int:number>/", views.objective_detail, name="objective"),
    path(
        "objectives/<int:number>/report.<str:fmt>",
        views.objective_report,
        name="objective-report",
    ),
]
