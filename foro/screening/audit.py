"""The screening app's audit verbs, with the sentence each shows on a timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from foro.core.audit import register_verb

register_verb(
    "screening.list_imported",
    _("{actor} imported version {version} of sanctions list {target}"),
    ("version", "sha256", "entries"),
)
register_verb(
    "screening.list_refused",
    _(
        "{actor} tried to import {file} into sanctions list {target}: refused ({position}: {reason})"
    ),
    ("list", "format", "files", "file", "position", "reason"),
)
register_verb(
    "screening.subject_registered",
    _("{actor} registered {target} for sanctions screening"),
    ("subjectType", "subjectId"),
)
register_verb(
    "screening.subject_screened",
    _("{actor} screened {target} against the sanctions lists: {hits} hit(s), {new} new"),
    ("versions", "hits", "new", "reopened"),
)
register_verb(
    "screening.hit_disposed",
    _("{actor} marked screening hit {target} as {status}"),
    ("status", "previous", "reason"),
)
register_verb(
    "screening.rescreened",
    _("{actor} screened {subjects} subject(s) again: {new} new hit(s), {reopened} reopened"),
    ("subjects", "new", "reopened"),
)
