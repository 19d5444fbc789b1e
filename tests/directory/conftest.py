import pytest

from directory.importer import import_csv

HEADER = "iso2,country,name,category,website,report_url,organisation_type,source_url,source_date\n"
GOOD = "FR,France,Test hotline,reporting hotline,https://hotline.example.org,,NGO,https://src.example.org,2024-05\n"


def csv_text(*rows, header=HEADER):
    return (header + "".join(rows)).encode()


@pytest.fixture
def imported(db):
    """The real data, imported."""
    from directory.demo import DATA, DATA_FILES

    for name in DATA_FILES:
        result = import_csv((DATA / name).read_bytes())
        assert result.ok, result.errors
    return DATA
