from django.urls import path

from foro.licensing import views, views_amendments, views_appeals, views_denials, views_rulings

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
]
