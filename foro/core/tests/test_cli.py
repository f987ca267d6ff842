import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foro.cli import translate_argv
from foro.core.models import User


def test_grouped_commands_map_to_management_commands():
    assert translate_argv(["foro", "reference", "load", "--only", "criteria"]) == [
        "foro",
        "reference_load",
        "--only",
        "criteria",
    ]
    assert translate_argv(["foro", "audit", "verify"]) == ["foro", "audit_verify"]
    assert translate_argv(["foro", "migrate"]) == ["foro", "migrate"]


def test_demo_load_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    settings.DEBUG = False
    with pytest.raises(CommandError, match="production"):
        call_command("demo_load")


def test_demo_load_is_idempotent(accounts, settings, capsys):
    settings.DEMO_MODE = True
    before = User.objects.count()
    call_command("demo_load")
    call_command("demo_load")
    assert User.objects.count() == before
    assert "applicant2" in capsys.readouterr().out


def test_reference_load_command_reports_unchanged(reference, capsys):
    call_command("reference_load")
    out = capsys.readouterr().out
    assert "unchanged" in out and "representations" in out


def test_configuration_doc_is_current():
    call_command("config_docs", "--check")
