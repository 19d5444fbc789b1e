from django_countries.data import COUNTRIES

from portal.regions import AFRICA, AMERICAS, ASIA, COUNTRY_REGION, EUROPE, OCEANIA, region_of


def test_every_iso_country_but_antarctica_has_exactly_one_m49_region():
    assert set(COUNTRIES) - set(COUNTRY_REGION) == {"AQ"}
    assert set(COUNTRY_REGION) <= set(COUNTRIES)


def test_regions_of_well_known_countries():
    assert [region_of(c) for c in ("ke", "BR", "JP", "FR", "NZ", "AQ")] == [
        AFRICA,
        AMERICAS,
        ASIA,
        EUROPE,
        OCEANIA,
        "",
    ]
