"""Reference loading: good files load once; bad files are refused whole, with file,
line and reason, and the current version stays in force."""

import shutil

import pytest

from foro.core.models import AuditEvent, Country, StrategicObjective
from foro.reference import selectors
from foro.reference.datasets import DATASETS, parse_since
from foro.reference.models import ArmsEmbargo, MilitaryListCategory, ReferenceVersion
from foro.reference.services import ReferenceFileError, dataset_load


@pytest.fixture
def copy_of(tmp_path):
    def _copy(dataset: str):
        target = tmp_path / DATASETS[dataset].filename
        shutil.copy(DATASETS[dataset].path, target)
        return target

    return _copy


def test_shipped_files_are_loaded_with_expected_counts(reference):
    counts = {name: selectors.current_rows(name).count() for name in DATASETS}
    assert counts == {
        "military-list": 22,
        "dual-use": 25,
        "criteria": 8,
        "embargoes": 37,
        "representations": 14,
    }
    assert StrategicObjective.objects.count() == 9
    assert Country.objects.filter(is_eu_member=True).count() == 27
    assert Country.objects.get(code="BE").name_nl == "België"
    assert Country.objects.get(code="XK").is_iso is False


def test_loading_the_same_file_twice_creates_nothing(reference):
    spec = DATASETS["embargoes"]
    before = (
        ReferenceVersion.objects.count(),
        ArmsEmbargo.objects.count(),
        AuditEvent.objects.count(),
    )
    result = dataset_load(actor="system", dataset=spec)
    assert result.changed is False
    assert (
        ReferenceVersion.objects.count(),
        ArmsEmbargo.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_changed_file_becomes_a_new_current_version(reference, copy_of):
    path = copy_of("military-list")
    text = path.read_text(encoding="utf-8").replace(
        "Smooth-bore weapons with a calibre of less than 20 mm", "Smooth-bore weapons < 20 mm", 1
    )
    path.write_text(text, encoding="utf-8")
    old = selectors.current_version("military-list")
    result = dataset_load(actor="system", dataset=DATASETS["military-list"], path=path)
    assert result.changed and result.version == old.number + 1
    current = selectors.current_version("military-list")
    assert current.number == old.number + 1
    assert (
        selectors.current_rows("military-list")
        .get(code="ML1")
        .heading_en.startswith("Smooth-bore weapons < 20 mm")
    )
    # the old version is kept, unchanged, for decisions that relied on it
    assert MilitaryListCategory.objects.get(version=old, code="ML1").heading_en.startswith(
        "Smooth-bore weapons with"
    )
    assert AuditEvent.objects.filter(verb="reference.loaded", target_id=str(current.pk)).exists()


@pytest.mark.parametrize(
    "dataset,mutate,line,reason",
    [
        ("military-list", lambda t: t.replace("ML7,", "ML99,", 1), 8, "ML1–ML22"),
        (
            "embargoes",
            lambda t: t.replace(
                ",EU,full arms embargo + equipment", ",XX,full arms embargo + equipment", 1
            ),
            6,
            "issuer",
        ),
        ("embargoes", lambda t: t.replace("BY,Belarus", "BYE,Belarus", 1), 6, "ISO country code"),
        ("criteria", lambda t: t.replace("\n3,", "\n2,", 1), 4, "repeats the row of line 3"),
        ("criteria", lambda t: t.replace(",deny,", ",maybe,", 1), 2, "deny or consider"),
        (
            "representations",
            lambda t: t.replace("FL-NL,The Hague,NL", "FL-NL,The Hague,Netherlands", 1),
            3,
            "ISO country code",
        ),
    ],
)
def test_bad_row_refuses_the_whole_file(reference, copy_of, dataset, mutate, line, reason):
    path = copy_of(dataset)
    path.write_text(mutate(path.read_text(encoding="utf-8")), encoding="utf-8")
    before_version = selectors.current_version(dataset)
    before_rows = DATASETS[dataset].model.objects.count()
    with pytest.raises(ReferenceFileError) as info:
        dataset_load(actor="system", dataset=DATASETS[dataset], path=path)
    err = info.value
    assert err.file == path.name
    assert err.line == line
    assert reason in err.reason
    assert selectors.current_version(dataset) == before_version
    assert DATASETS[dataset].model.objects.count() == before_rows


def test_missing_column_is_refused_at_the_header(reference, copy_of):
    path = copy_of("embargoes")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("scope_kind", "scope_type")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="line 1: the header lacks the column"):
        dataset_load(actor="system", dataset=DATASETS["embargoes"], path=path)


def test_wrong_encoding_is_refused(reference, copy_of):
    path = copy_of("military-list")
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(ReferenceFileError, match="not UTF-8"):
        dataset_load(actor="system", dataset=DATASETS["military-list"], path=path)


def test_truncated_file_is_refused(reference, copy_of):
    path = copy_of("representations")
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])  # cut inside a quoted field or a row
    with pytest.raises(ReferenceFileError):
        dataset_load(actor="system", dataset=DATASETS["representations"], path=path)


def test_empty_file_is_refused(reference, tmp_path):
    path = tmp_path / "military_list.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="empty"):
        dataset_load(actor="system", dataset=DATASETS["military-list"], path=path)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2011", (2011, 1, 1)),
        ("2003-07", (2003, 7, 1)),
        ("2006 (restored 2025-09-28)", (2006, 1, 1)),
        ("1992-02-28", (1992, 2, 28)),
    ],
)
def test_since_dates_are_read_from_free_text(text, expected):
    d = parse_since(text)
    assert (d.year, d.month, d.day) == expected


def test_unconfirmed_rows_keep_their_status(reference):
    ugea = selectors.current_rows("dual-use").get(code="EU008")
    assert ugea.confidence_level == "unconfirmed"
    syria = selectors.current_rows("embargoes").get(country_code="SY")
    assert syria.confidence_level == "partial"
    madrid = selectors.current_rows("representations").get(code="FL-ES")
    assert madrid.confidence_level == "partial"


def test_embargoes_in_force_on_a_date(reference):
    from datetime import date

    assert {e.issuer for e in selectors.embargoes_in_force("RU", date(2020, 1, 1))} == {"EU"}
    assert not selectors.embargoes_in_force("RU", date(2013, 1, 1)).exists()
    assert not selectors.embargoes_in_force("NL").exists()
