"""Command line: foro lists import / lists show / screen (one name and CSV batches)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from foro.cli import translate_argv
from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.models import ListVersion
from foro.screening.tests.helpers import (
    BORISOV,
    KASTEEL,
    ORLOV,
    import_rows,
    write_list,
)

OUT_HEADER = "id,name,list,entry_id,matched_name,score,explanation"


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_foro_command_maps_the_list_commands():
    assert translate_argv(["foro", "lists", "import", "--format", "un-xml", "x.xml"]) == [
        "foro",
        "lists_import",
        "--format",
        "un-xml",
        "x.xml",
    ]
    assert translate_argv(["foro", "lists", "show"]) == ["foro", "lists_show"]
    assert translate_argv(["foro", "screen", "X"]) == ["foro", "screen", "X"]


@pytest.mark.django_db
def test_lists_import_then_the_same_file_again(tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV, KASTEEL])
    out, _err = run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(path))
    assert (
        "foro-watch: version 1 is now current — 2 entries (+2 added, -0 removed, 0 changed)" in out
    )
    out, _err = run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(path))
    assert "unchanged" in out and ListVersion.objects.count() == 1


@pytest.mark.django_db
def test_lists_import_refuses_a_bad_file_in_one_line(tmp_path):
    good = write_list(tmp_path, "watch.csv", [ORLOV])
    run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(good))
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name,type\nW-1,Someone,person\nW-2,Other,spaceship\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(bad))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("refused bad.csv: line 3")
    assert "the current version of foro-watch stays in force" in message
    assert ListVersion.objects.get(is_current=True).number == 1


@pytest.mark.django_db
def test_lists_import_needs_the_list_for_department_files(tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV])
    with pytest.raises(CommandError, match="--list"):
        run("lists_import", "--format", "foro-csv", str(path))
    assert not ListVersion.objects.exists()


@pytest.mark.django_db
def test_lists_import_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="refused"):
        run("lists_import", "--format", "un-xml", str(tmp_path / "none.xml"))


@pytest.mark.django_db
def test_lists_import_shows_progress(tmp_path):
    path = write_list(tmp_path, "watch.csv", [ORLOV, KASTEEL, BORISOV])
    _out, err = run("lists_import", "--format", "foro-csv", "--list", "foro-watch", str(path))
    # tqdm writes to the process's stderr, not the command's; only check it did not fail
    assert err == ""


@pytest.mark.django_db
def test_lists_show(tmp_path):
    import_rows(tmp_path, [ORLOV])
    import_rows(tmp_path, [ORLOV, KASTEEL])
    out, _err = run("lists_show")
    lines = {line.split()[0]: line for line in out.splitlines()[1:]}
    assert lines["foro-watch"].split()[1:3] == ["2", "2"]
    assert (
        "1 person, 1 organisation" in lines["foro-watch"] and "(2 versions)" in lines["foro-watch"]
    )
    assert "not imported" in lines["ofac-sdn"]


@pytest.mark.django_db
def test_screen_one_name(tmp_path):
    import_rows(tmp_path, [ORLOV, KASTEEL])
    out, _err = run(
        "screen", "Dmitri Orlovsky", "--type", "person", "--dob", "1966", "--country", "Russia"
    )
    assert (
        "1 hit(s)" in out and "W-1" in out and "born 1966 = 1966" in out and "foro-watch v1" in out
    )
    out, _err = run("screen", "Ann Peeters")
    assert out.startswith(f'no hit for "Ann Peeters" at threshold {DEFAULT_THRESHOLD} (')
    with pytest.raises(CommandError, match="date of birth|Date of birth"):
        run("screen", "X", "--dob", "12/03/1966")
    with pytest.raises(CommandError, match="nope"):
        run("screen", "X", "--lists", "foro-watch,nope")


@pytest.mark.django_db
def test_screen_without_lists_is_refused():
    with pytest.raises(CommandError, match="no sanctions list is loaded"):
        run("screen", "Anyone")


@pytest.mark.django_db
def test_batch_round_trip(tmp_path):
    import_rows(tmp_path, [ORLOV, KASTEEL, BORISOV])
    source = tmp_path / "in.csv"
    source.write_text(
        "id,name,type,country,dob\n"
        "1,Dmitri Orlovsky,person,RU,1966\n"
        "2,Ann Peeters,person,Belgium,1980-02-29\n"
        '3,"Kasteel Avionics Trading BV",organisation,be,\n'
        "4,Jelena Borisova,,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    out, _err = run("screen", "--batch", str(source), "--out", str(target))
    assert "4 name(s) screened, 3 with a hit; 4 row(s) written" in out
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == OUT_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["id"], r["name"], r["list"], r["entry_id"], r["matched_name"]) for r in rows] == [
        ("1", "Dmitri Orlovsky", "foro-watch", "W-1", "ORLOVSKY, Dmitri Ivanovich"),
        ("2", "Ann Peeters", "", "", ""),
        ("3", "Kasteel Avionics Trading BV", "foro-watch", "W-2", "Kasteel Avionics Trading LLC"),
        ("4", "Jelena Borisova", "foro-watch", "W-4", "BORISOVA, Yelena"),
    ]
    assert rows[1]["score"] == rows[1]["explanation"] == ""
    for row in (rows[0], rows[2], rows[3]):
        assert DEFAULT_THRESHOLD <= float(row["score"]) <= 1 and len(row["score"]) == 6
        assert row["explanation"].startswith("name ")
    assert "born 1966 = 1966" in rows[0]["explanation"]
    assert "BE" in rows[2]["explanation"]


@pytest.mark.django_db
def test_batch_threshold_and_lists(tmp_path):
    import_rows(tmp_path, [ORLOV, BORISOV])
    source = tmp_path / "in.csv"
    source.write_text("name,id\nJelena Borisova,b\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    run("screen", "--batch", str(source), "--out", str(target), "--threshold", "0.99")
    assert target.read_text(encoding="utf-8") == f"{OUT_HEADER}\nb,Jelena Borisova,,,,,\n"
    run(
        "screen",
        "--batch",
        str(source),
        "--out",
        str(target),
        "--threshold",
        "0.5",
        "--lists",
        "foro-watch",
    )
    assert (
        target.read_text(encoding="utf-8")
        .splitlines()[1]
        .startswith("b,Jelena Borisova,foro-watch,W-4,")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,expected",
    [
        ("id,name,dob\n1,Ann,1980\n2,Bob,12/03/1966\n", "in.csv: line 3: Date of birth 12/03/1966"),
        ("id,name,country\n1,Ann,Atlantis\n", "in.csv: line 2: Unknown country Atlantis"),
        ("id,name,type\n1,Ann,person\n2,Bob,ship\n", "in.csv: line 3: Unknown type ship"),
        ("id,name\n1,Ann\n2,\n", "in.csv: line 3: A name is required"),
        ("id,name\n1,Ann,extra\n", "in.csv: line 2: 3 values, the header has 2 columns"),
        ("id,nmae\n1,Ann\n", "in.csv: line 1: missing column(s) name; unknown column(s) nmae"),
        ("id,name\n,Ann\n", "in.csv: line 2: the id is empty"),
    ],
)
def test_batch_refuses_a_bad_row_naming_the_line(tmp_path, content, expected):
    import_rows(tmp_path, [ORLOV])
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError) as info:
        run("screen", "--batch", str(source), "--out", str(target))
    assert str(info.value).startswith(expected), str(info.value)
    assert "nothing written" in str(info.value)
    assert not target.exists()


@pytest.mark.django_db
def test_batch_refuses_text_that_is_not_utf8(tmp_path):
    import_rows(tmp_path, [ORLOV])
    source = tmp_path / "in.csv"
    source.write_bytes("id,name\n1,Müller\n".encode("utf-16"))
    with pytest.raises(CommandError, match="in.csv: line 1: not UTF-8"):
        run("screen", "--batch", str(source), "--out", str(tmp_path / "out.csv"))


@pytest.mark.django_db
def test_screen_needs_exactly_one_mode(tmp_path):
    with pytest.raises(CommandError, match="give one of"):
        run("screen")
    with pytest.raises(CommandError, match="--out"):
        import_rows(tmp_path, [ORLOV])
        source = tmp_path / "in.csv"
        source.write_text("id,name\n1,Ann\n", encoding="utf-8")
        run("screen", "--batch", str(source))


def test_screen_organisations_registers_and_screens_them(accounts, tmp_path):
    import_rows(
        tmp_path, [{"id": "W-9", "name": "Scheldt Optronics Trading", "type": "organisation"}]
    )
    out, _err = run("screen", "--organisations")
    assert "2 organisation(s) screened" in out
