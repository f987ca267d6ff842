from django.urls import path

from foro.licensing import views, views_general

app_name = "licensing"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("applications/<int:pk>/", views.case, name="case"),
    path("applications/<int:pk>/act/<slug:action>/", views.case_action, name="case-action"),
    path("applications/<int:pk>/confirm/<slug:action>/", views.confirm, name="confirm"),
    path("applications/<int:pk>/refusal-letter.pdf", views.refusal_letter, name="refusal-letter"),
    path(
        "applications/<int:pk>/documents/<uuid:document_id>/",
        views.document_download,
        name="document",
    ),
    path("licences/", views.licence_list, name="licences"),
    path("licences/<int:pk>/", views.licence_detail, name="licence"),
    path("licences/<int:pk>/licence.pdf", views.licence_pdf, name="licence-pdf"),
    # general licences, prior authorisations, registrations (views_general.py)
    path("general/", views_general.general_list, name="general"),
    path("general/licences/<slug:code>/", views_general.general_detail, name="general-licence"),
    path(
        "general/prior-authorisations/",
        views_general.prior_authorisation_list,
        name="general-pas",
    ),
    path(
        "general/prior-authorisations/<int:pk>/",
        views_general.prior_authorisation_detail,
        name="general-pa",
    ),
    path(
        "general/prior-authorisations/<int:pk>/act/<slug:action>/",
        views_general.prior_authorisation_act,
        name="general-pa-act",
    ),
    path("general/registrations/", views_general.registration_list, name="general-registrations"),
    path(
        "general/registrations/<int:pk>/",
        views_general.registration_detail,
        name="general-registration",
    ),
    path(
        "general/certified-recipients/",
        views_general.certified_recipients,
        name="general-certified-list",
    ),
    path(
        "general/certified-recipients/<int:pk>/",
        views_general.certified_recipient,
        name="general-certified",
    ),
]
