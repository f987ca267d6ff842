from django.urls import path

from foro.licensing import (
    views,
    views_amendments,
    views_appeals,
    views_denials,
    views_euc,
    views_general,
    views_reminders_general,
    views_rulings,
)

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
    path("licences/<int:pk>/amend/", views_amendments.propose, name="licence-amend"),
    path("denials/", views_denials.denial_list, name="denials"),
    path("denials/import/", views_denials.denial_import, name="denials-import"),
    path("denials/export/", views_denials.denial_export, name="denials-export"),
    path("denials/<int:pk>/revoke/", views_denials.denial_revoke, name="denial-revoke"),
    path("denials/own/<int:pk>/revoke/", views_denials.own_denial_revoke, name="own-denial-revoke"),
    path(
        "applications/<int:pk>/denial-consultation/",
        views_denials.consultation_record,
        name="denial-consultation",
    ),
    path(
        "licences/<int:pk>/versions/<int:version_id>/confirm/",
        views_amendments.confirm,
        name="version-confirm",
    ),
    path(
        "licences/<int:pk>/versions/<int:version_id>/act/<slug:action>/",
        views_amendments.act,
        name="version-act",
    ),
    path("appeals/", views_appeals.appeal_list, name="appeals"),
    path("appeals/<int:pk>/", views_appeals.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/act/<slug:action>/", views_appeals.appeal_action, name="appeal-action"),
    path("rulings/", views_rulings.ruling_list, name="rulings"),
    path("rulings/<int:pk>/", views_rulings.ruling_detail, name="ruling"),
    path("rulings/<int:pk>/answer/", views_rulings.ruling_answer, name="ruling-answer"),
    # general licences, prior authorisations, registrations (views_general.py)
    path("general/", views_general.general_list, name="general"),
    path("general/overdue/", views_reminders_general.general_overdue, name="general-overdue"),
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
    # end-user certificates, their verification abroad, import certificates (views_euc.py)
    *views_euc.urlpatterns,
]
