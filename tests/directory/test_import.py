"""``import_directory`` and the import behind it: every row validated, all or nothing, line numbers
and reasons, formulas refused, idempotent."""

import csv

import pytest
from django.core.management import CommandError, call_command

from directory.demo import DATA
from directory.importer import import_csv
from directory.models import Category, DirectoryEntry

from .conftest import GOOD, HEADER, csv_text

pytestmark = pytest.mark.django_db


def rows_in(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_real_files_import_with_every_row():
    for name, category in [
        ("hotlines.csv", Category.HOTLINE),
        ("helplines.csv", Category.HELPLINE),
    ]:
        expected = rows_in(name)
        result = import_csv((DATA / name).read_bytes())
        assert result.ok, result.errors
        assert result.created == len(expected)
        assert DirectoryEntry.objects.filter(category=category).count() == len(expected)
    assert DirectoryEntry.objects.count() == 71 + 54
    assert not DirectoryEntry.objects.filter(is_demo=True).exists()


def test_rows_keep_their_sources_and_date():
    import_csv((DATA / "hotlines.csv").read_bytes())
    row = next(r for r in rows_in("hotlines.csv") if r["iso2"] == "AR")
    entry = DirectoryEntry.objects.get(country="AR", name=row["name"])
    assert entry.source_urls == [url.strip() for url in row["source_url"].split(" ; ")]
    assert entry.source_date == row["source_date"] == "2021-06-22"
    assert entry.report_url == row["report_url"]
    # A published date is not a verification by the secretariat.
    assert entry.last_verified is None


def test_reimporting_the_same_file_changes_nothing():
    data = (DATA / "helplines.csv").read_bytes()
    import_csv(data)
    before = dict(DirectoryEntry.objects.values_list("pk", "updated_at"))
    result = import_csv(data)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 54)
    assert dict(DirectoryEntry.objects.values_list("pk", "updated_at")) == before


def test_a_changed_row_updates_its_entry():
    import_csv(csv_text(GOOD))
    changed = GOOD.replace("https://hotline.example.org", "https://new.example.org")
    result = import_csv(csv_text(changed))
    assert (result.created, result.updated) == (0, 1)
    assert DirectoryEntry.objects.get().website == "https://new.example.org"


def test_one_bad_row_among_good_ones_imports_nothing_and_names_the_line():
    bad = "XX,Nowhere,Bad row,reporting hotline,https://x.example.org,,NGO,https://s.example.org,\n"
    second = GOOD.replace("Test hotline", "Another hotline")
    result = import_csv(csv_text(GOOD, bad, second))
    assert not result.ok
    assert [line for line, _reason in result.errors] == [3]
    assert "XX" in result.errors[0][1]
    assert DirectoryEntry.objects.count() == 0


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_formula_is_refused(start):
    row = GOOD.replace("Test hotline", f'{start}HYPERLINK("http://evil.example")')
    result = import_csv(csv_text(GOOD.replace("Test", "Good"), row))
    assert [line for line, _reason in result.errors] == [3]
    assert "formula" in result.errors[0][1]
    assert DirectoryEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (GOOD.replace("https://hotline.example.org", "javascript:alert(1)"), "http or https"),
        (GOOD.replace("https://hotline.example.org", "ftp://files.example.org"), "http or https"),
        (GOOD.replace("https://src.example.org", ""), "source_url is required"),
        (GOOD.replace("Test hotline", ""), "name is required"),
        (GOOD.replace("reporting hotline", "fan club"), "unknown category"),
        (GOOD.replace("2024-05", "May 2024"), "source_date"),
        (GOOD.replace("2024-05", "2024-13-45"), "source_date"),
        (GOOD.replace("NGO", "cartel"), "organisation_type"),
        (GOOD.replace("FR,", "fra,", 1), "ISO 3166-1"),
        (GOOD + GOOD, "the same entry as line 2"),
        ("FR,France,Too few\n", "fields where the header has"),
    ],
)
def test_each_bad_row_is_refused_with_its_reason(row, reason):
    result = import_csv(csv_text(row))
    assert not result.ok
    assert any(reason in message for _line, message in result.errors), result.errors
    assert DirectoryEntry.objects.count() == 0


def test_a_quoted_field_over_several_lines_keeps_the_next_rows_line_numbers():
    first = 'FR,France,"Multi\nline name",reporting hotline,,,,https://s.example.org,\n'
    bad = "FR,France,Bad,reporting hotline,notaurl,,,https://s.example.org,\n"
    result = import_csv(csv_text(first, bad))
    assert [line for line, _reason in result.errors] == [4]


def test_unknown_columns_and_files_that_are_not_text_are_refused():
    assert import_csv(b"iso2,name,category,colour\n").errors[0][0] == 1
    assert import_csv(b"\xff\xfe\x00bad").errors == [(1, "the file is not UTF-8 text")]
    assert import_csv(b"").errors == [(1, "the file is empty")]


def test_regional_and_international_rows():
    header = "scope,region,name,category,website,source_url\n"
    rows = (
        "regional,150,European portal,reporting hotline,https://eu.example.org,https://s.example.org\n"
        "international,,Global network,child helpline,https://g.example.org,https://s.example.org\n"
    )
    result = import_csv(csv_text(rows, header=header))
    assert result.ok, result.errors
    assert DirectoryEntry.objects.get(scope="regional").region == "150"
    assert DirectoryEntry.objects.get(scope="international").country == ""
    bad = "regional,999,Bad,reporting hotline,,https://s.example.org\n"
    assert "M49" in import_csv(csv_text(bad, header=header)).errors[0][1]


def test_dry_run_changes_nothing():
    result = import_csv(csv_text(GOOD), dry_run=True)
    assert result.ok and result.created == 1
    assert DirectoryEntry.objects.count() == 0


def test_the_command_reports_each_bad_row_and_fails(tmp_path, capsys):
    path = tmp_path / "entries.csv"
    path.write_bytes(csv_text(GOOD, GOOD.replace("https://src.example.org", "nope")))
    with pytest.raises(CommandError):
        call_command("import_directory", str(path))
    assert "line 3" in capsys.readouterr().err
    assert DirectoryEntry.objects.count() == 0


def test_the_command_imports_and_dry_runs(tmp_path, capsys):
    path = tmp_path / "entries.csv"
    path.write_bytes(csv_text(GOOD))
    call_command("import_directory", str(path), "--dry-run")
    assert DirectoryEntry.objects.count() == 0
    call_command("import_directory", str(path))
    call_command("import_directory", str(path))
    assert DirectoryEntry.objects.count() == 1
    assert "1 unchanged" in capsys.readouterr().out


def test_the_header_row_is_what_the_data_uses():
    assert HEADER.strip().split(",") == list(rows_in("hotlines.csv")[0])
