"""UN M49 regions of the world, by ISO 3166-1 alpha-2 country code.

Source: United Nations Statistics Division, "Standard country or area codes for statistical use
(M49)", https://unstats.un.org/unsd/methodology/m49/ (region level: Africa 002, Americas 019,
Asia 142, Europe 150, Oceania 009). Antarctica (AQ) belongs to no region.

Subregions are M49's finest grouping below a region: its sub-regions, and for sub-Saharan Africa
and Latin America and the Caribbean its intermediate regions (Eastern, Middle, Southern and
Western Africa; the Caribbean, Central and South America), which say more to a reader than the
two large groupings. Taiwan (TW), which M49 does not list, is placed in Eastern Asia as ISO 3166
lists it.
"""

from django.utils.translation import gettext_lazy as _

AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "002", "019", "142", "150", "009"

REGION_NAMES = {
    AFRICA: _("Africa"),
    AMERICAS: _("Americas"),
    ASIA: _("Asia"),
    EUROPE: _("Europe"),
    OCEANIA: _("Oceania"),
}

_MEMBERS = {
    AFRICA: (
        "DZ EG LY MA SD TN EH IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW "
        "AO CM CF TD CG CD GQ GA ST BW SZ LS NA ZA BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN "
        "SL TG"
    ),
    AMERICAS: (
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ "
        "CR SV GT HN MX NI PA AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE BM CA GL PM US"
    ),
    ASIA: (
        "KZ KG TJ TM UZ CN HK MO KP JP MN KR TW BN KH ID LA MY MM PH SG TH TL VN AF BD BT IN IR "
        "MV NP PK LK AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE"
    ),
    EUROPE: (
        "BY BG CZ HU PL MD RO RU SK UA AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB AL AD BA "
        "HR GI GR VA IT MT ME MK PT SM RS SI ES AT BE FR DE LI LU MC NL CH"
    ),
    OCEANIA: (
        "AU CX CC HM NZ NF FJ NC PG SB VU GU KI MH FM NR MP PW AS CK PF NU PN WS TK TO TV UM WF"
    ),
}

COUNTRY_REGION = {code: region for region, codes in _MEMBERS.items() for code in codes.split()}

# (M49 code, name, region, countries)
_SUBREGIONS = [
    ("015", _("Northern Africa"), AFRICA, "DZ EG LY MA SD TN EH"),
    (
        "014",
        _("Eastern Africa"),
        AFRICA,
        "IO BI KM DJ ER ET TF KE MG MW MU YT MZ RE RW SC SO SS UG TZ ZM ZW",
    ),
    ("017", _("Middle Africa"), AFRICA, "AO CM CF TD CG CD GQ GA ST"),
    ("018", _("Southern Africa"), AFRICA, "BW SZ LS NA ZA"),
    ("011", _("Western Africa"), AFRICA, "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG"),
    (
        "029",
        _("Caribbean"),
        AMERICAS,
        "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI",
    ),
    ("013", _("Central America"), AMERICAS, "BZ CR SV GT HN MX NI PA"),
    ("005", _("South America"), AMERICAS, "AR BO BV BR CL CO EC FK GF GY PY PE GS SR UY VE"),
    ("021", _("Northern America"), AMERICAS, "BM CA GL PM US"),
    ("143", _("Central Asia"), ASIA, "KZ KG TJ TM UZ"),
    ("030", _("Eastern Asia"), ASIA, "CN HK MO KP JP MN KR TW"),
    ("035", _("South-eastern Asia"), ASIA, "BN KH ID LA MY MM PH SG TH TL VN"),
    ("034", _("Southern Asia"), ASIA, "AF BD BT IN IR MV NP PK LK"),
    (
        "145",
        _("Western Asia"),
        ASIA,
        "AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE",
    ),
    ("151", _("Eastern Europe"), EUROPE, "BY BG CZ HU PL MD RO RU SK UA"),
    ("154", _("Northern Europe"), EUROPE, "AX DK EE FO FI GG IS IE IM JE LV LT NO SJ SE GB"),
    ("039", _("Southern Europe"), EUROPE, "AL AD BA HR GI GR VA IT MT ME MK PT SM RS SI ES"),
    ("155", _("Western Europe"), EUROPE, "AT BE FR DE LI LU MC NL CH"),
    ("053", _("Australia and New Zealand"), OCEANIA, "AU CX CC HM NZ NF"),
    ("054", _("Melanesia"), OCEANIA, "FJ NC PG SB VU"),
    ("057", _("Micronesia"), OCEANIA, "GU KI MH FM NR MP PW UM"),
    ("061", _("Polynesia"), OCEANIA, "AS CK PF NU PN WS TK TO TV WF"),
]

SUBREGION_NAMES = {code: name for code, name, _region, _codes in _SUBREGIONS}
SUBREGION_REGION = {code: region for code, _name, region, _codes in _SUBREGIONS}
COUNTRY_SUBREGION = {
    country: code for code, _name, _region, codes in _SUBREGIONS for country in codes.split()
}
# Regions and subregions by code, for what may concern either (a regional directory entry).
AREA_NAMES = {**REGION_NAMES, **SUBREGION_NAMES}


def region_of(country_code):
    """The M49 region code of a country (``"FR"`` → ``"150"``), or ``""`` when it has none."""
    return COUNTRY_REGION.get(str(country_code).upper(), "")


def region_choices():
    return list(REGION_NAMES.items())


def subregion_of(country_code):
    """The M49 subregion code of a country (``"FR"`` → ``"155"``), or ``""``."""
    return COUNTRY_SUBREGION.get(str(country_code).upper(), "")


def subregions_of(region):
    """The subregion codes of a region, in the table's order."""
    return [code for code, _name, parent, _codes in _SUBREGIONS if parent == region]


def area_choices():
    """Regions, each followed by its subregions (for a field that takes either)."""
    choices = []
    for region, name in REGION_NAMES.items():
        choices.append((region, name))
        choices += [(code, SUBREGION_NAMES[code]) for code in subregions_of(region)]
    return choices


def countries_in(area):
    """The country codes in a region or a subregion."""
    if area in REGION_NAMES:
        return [code for code, region in COUNTRY_REGION.items() if region == area]
    return [code for code, sub in COUNTRY_SUBREGION.items() if sub == area]
