"""Importing directory entries from a CSV file: the one import, used by ``import_directory`` and
by the admin's upload.

- Every row is validated: ISO 3166-1 code (or a regional or international scope), category,
  required fields, http(s) addresses only, dates, and no spreadsheet formulas (a field starting
  with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is refused).
- All or nothing: a file with any bad row imports nothing, and the result lists each bad row with
  its line number (as a spreadsheet numbers it: the header is line 1) and the reason.
- Idempotent: an entry is identified by its scope, country (or region), category and name; a row
  equal to its entry changes nothing (not even ``updated_at``), a different one updates it.
- Rows keep their sources and source date. ``last_verified`` is set only from a column of that
  name: a published date is not a verification by the secretariat.

Columns (header names, any order; unknown ones are refused): iso2 (or scope and region), name,
category, description, website, report_url, organisation_type, phone, email, languages, hours,
time_zone, anonymous, source_url, source_date, last_verified; ``country`` (a name, for people
reading the file) is ignored.
"""

import csv
import io
import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries

from portal.regions import AREA_NAMES

from .models import Category, DirectoryEntry, http_url, split_sources

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
KNOWN_COLUMNS = {
    "iso2", "country", "scope", "region", "name", "category", "description", "website",
    "report_url", "organisation_type", "phone", "email", "languages", "hours", "time_zone",
    "anonymous", "source_url", "source_date", "last_verified",
}  # fmt: skip
IMPORTED_FIELDS = [
    "description", "organisation_type", "website", "report_url", "phone", "email", "languages",
    "open_24_7", "hours", "time_zone", "accepts_anonymous", "sources", "source_date",
]  # fmt: skip
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
TRUE_WORDS, FALSE_WORDS = {"yes", "true", "1", "y"}, {"no", "false", "0", "n"}
ORGANISATION_TYPES = {
    "ngo": DirectoryEntry.OrganisationType.NGO,
    "government": DirectoryEntry.OrganisationType.GOVERNMENT,
    "industry body": DirectoryEntry.OrganisationType.INDUSTRY,
    "industry": DirectoryEntry.OrganisationType.INDUSTRY,
    "other": DirectoryEntry.OrganisationType.OTHER,
}
MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line, reason)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    @property
    def rows(self):
        return self.created + self.updated + self.unchanged


class RowError(Exception):
    pass


def category_of(value):
    """A category from its value (``reporting_hotline``) or its English name, any case."""
    wanted = value.strip().lower()
    for choice in Category:
        if wanted in (choice.value, choice.label.lower(), str(choice.label).lower()):
            return choice.value
    # English names as written in the data ("reporting hotline"), whatever language is active.
    english = {
        "reporting hotline": Category.HOTLINE,
        "child helpline": Category.HELPLINE,
        "specialised law-enforcement unit": Category.LAW_ENFORCEMENT,
        "legislation": Category.LEGISLATION,
        "national policy or strategy": Category.POLICY,
        "coordination body": Category.COORDINATION,
        "civil-society organisation": Category.CIVIL_SOCIETY,
        "education or awareness programme": Category.EDUCATION,
        "industry initiative": Category.INDUSTRY,
        "research": Category.RESEARCH,
    }
    if wanted in english:
        return english[wanted].value
    raise RowError(_("unknown category “%(value)s”") % {"value": value})


def parse_date(value, column):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowError(
            _("%(column)s: “%(value)s” is not a date (YYYY-MM-DD)")
            % {"column": column, "value": value}
        ) from None


def check_url(value, column):
    try:
        http_url(value)
    except ValidationError:
        raise RowError(
            _("%(column)s: “%(value)s” is not an http or https address")
            % {"column": column, "value": value}
        ) from None
    return value


def parse_row(row):
    """The entry's fields from one row (a dict of stripped strings), or ``RowError``."""
    for column, value in row.items():
        if value.startswith(FORMULA_STARTS) or value.strip().startswith(FORMULA_STARTS):
            raise RowError(
                _("%(column)s starts with “%(start)s”: spreadsheet formulas are refused")
                % {"column": column, "start": value[:1]}
            )
    row = {column: value.strip() for column, value in row.items()}
    name = row.get("name", "")
    if not name:
        raise RowError(_("name is required"))
    if not row.get("category"):
        raise RowError(_("category is required"))
    fields = {"name": name, "category": category_of(row["category"])}

    iso2, scope, region = row.get("iso2", "").upper(), row.get("scope", "").lower(), ""
    scope = scope or (DirectoryEntry.Scope.NATIONAL if iso2 else "")
    if scope == DirectoryEntry.Scope.NATIONAL:
        if not iso2:
            raise RowError(_("iso2 is required for a national entry"))
        if iso2 not in countries:
            raise RowError(_("“%(value)s” is not an ISO 3166-1 country code") % {"value": iso2})
    elif scope == DirectoryEntry.Scope.REGIONAL:
        region = row.get("region", "")
        if region not in AREA_NAMES:
            raise RowError(_("region: “%(value)s” is not a UN M49 region code") % {"value": region})
        iso2 = ""
    elif scope == DirectoryEntry.Scope.INTERNATIONAL:
        iso2 = ""
    else:
        raise RowError(_("give iso2, or a scope: national, regional or international"))
    fields.update(scope=scope, country=iso2, region=region)

    sources = split_sources(row.get("source_url", ""))
    if not sources:
        raise RowError(_("source_url is required"))
    for url in sources:
        check_url(url, "source_url")
    fields["sources"] = "\n".join(sources)
    for column in ("website", "report_url"):
        fields[column] = check_url(row[column], column) if row.get(column) else ""
    if email := row.get("email", ""):
        try:
            validate_email(email)
        except ValidationError:
            raise RowError(
                _("email: “%(value)s” is not an e-mail address") % {"value": email}
            ) from None
    fields["email"] = email

    source_date = row.get("source_date", "")
    if source_date:
        if not PARTIAL_DATE.match(source_date):
            raise RowError(
                _("source_date: “%(value)s” is not YYYY, YYYY-MM or YYYY-MM-DD")
                % {"value": source_date}
            )
        padded = source_date + "-01" * (2 - source_date.count("-"))
        if parse_date(padded, "source_date") > date.today():
            raise RowError(_("source_date is in the future"))
    fields["source_date"] = source_date
    if last_verified := row.get("last_verified", ""):
        fields["last_verified"] = parse_date(last_verified, "last_verified")

    kind = row.get("organisation_type", "").lower()
    if kind and kind not in ORGANISATION_TYPES:
        raise RowError(_("unknown organisation_type “%(value)s”") % {"value": kind})
    fields["organisation_type"] = ORGANISATION_TYPES.get(kind, "")

    hours = row.get("hours", "")
    fields["open_24_7"] = hours.lower().startswith(("24/7", "24-hour", "24 hours"))
    fields["hours"] = "" if hours.lower() in ("24/7", "24-hour") else hours
    time_zone = row.get("time_zone", "")
    if time_zone and time_zone not in zoneinfo.available_timezones():
        raise RowError(_("time_zone: “%(value)s” is not a time zone") % {"value": time_zone})
    fields["time_zone"] = time_zone
    anonymous = row.get("anonymous", "").lower()
    if anonymous and anonymous not in TRUE_WORDS | FALSE_WORDS:
        raise RowError(_("anonymous: say yes or no, or leave it empty"))
    fields["accepts_anonymous"] = (anonymous in TRUE_WORDS) if anonymous else None
    fields["phone"] = row.get("phone", "")
    fields["languages"] = row.get("languages", "")
    fields["description"] = row.get("description", "")

    entry = DirectoryEntry(**fields)
    try:
        entry.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        reasons = [f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()]
        raise RowError("; ".join(reasons)) from None
    return fields


def identity(fields):
    return (
        fields["scope"],
        fields["country"],
        fields["region"],
        fields["category"],
        fields["name"],
    )


def read_rows(data):
    """(line, row) for each row of the CSV ``data`` (bytes or text); ``RowError`` for the file."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise RowError(_("the file is larger than 5 MB"))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise RowError(_("the file is not UTF-8 text")) from None
    reader = csv.reader(io.StringIO(data, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise RowError(_("the file is empty")) from None
    unknown = [name for name in header if name not in KNOWN_COLUMNS]
    if unknown:
        raise RowError(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
    if "name" not in header or "category" not in header:
        raise RowError(_("the header must name at least the columns name and category"))
    line = reader.line_num + 1
    try:
        for values in reader:
            if any(value.strip() for value in values):
                if len(values) != len(header):
                    yield (
                        line,
                        RowError(
                            _("%(found)d fields where the header has %(expected)d")
                            % {"found": len(values), "expected": len(header)}
                        ),
                    )
                else:
                    yield line, dict(zip(header, values, strict=True))
            line = reader.line_num + 1
    except csv.Error as exc:
        yield line, RowError(str(exc))


def import_csv(data, *, dry_run=False):
    """Validate every row of ``data``; import them all if every one is good (unless
    ``dry_run``), or none. Returns an ``ImportResult``."""
    result = ImportResult(dry_run=dry_run)
    parsed, seen = [], {}
    try:
        rows = list(read_rows(data))
    except RowError as exc:
        result.errors.append((1, str(exc)))
        return result
    for line, row in rows:
        try:
            if isinstance(row, RowError):
                raise row
            fields = parse_row(row)
            key = identity(fields)
            if key in seen:
                raise RowError(_("the same entry as line %(line)d") % {"line": seen[key]})
            seen[key] = line
            parsed.append(fields)
        except RowError as exc:
            result.errors.append((line, str(exc)))
    if result.errors:
        return result
    with transaction.atomic():
        apply(parsed, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def apply(parsed, result):
    existing = {}
    names = {fields["name"] for fields in parsed}
    for entry in DirectoryEntry.objects.filter(name__in=names):
        existing[
            (entry.scope, entry.country.code or "", entry.region, entry.category, entry.name)
        ] = entry
    for fields in parsed:
        entry = existing.get(identity(fields))
        if entry is None:
            DirectoryEntry.objects.create(**fields)
            result.created += 1
            continue
        changed = [
            name
            for name in (*IMPORTED_FIELDS, "last_verified")
            if name in fields and getattr(entry, name) != fields[name]
        ]
        if not changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(entry, name, fields[name])
        entry.is_demo = False
        entry.save(update_fields=[*changed, "is_demo", "updated_at"])
        result.updated += 1
