"""The directory for ``seed_demo``: the real, sourced rows of ``directory/data/`` (imported as
real entries, keeping their sources and dates), then demo entries for what the real data lacks
(police units, laws, policies, a regional entry), each marked as demo and named "(demo)".
Safe to run any number of times."""

from pathlib import Path

from django.utils import timezone

from .importer import import_csv
from .models import Category, DirectoryEntry

DATA = Path(__file__).resolve().parent / "data"
DATA_FILES = ["hotlines.csv", "helplines.csv", "international.csv"]

DEMO_SOURCE = "https://demo.example.org/directory"
# (country or "", region or "", category, name, description)
DEMO_ENTRIES = [
    (
        "GH",
        "",
        Category.LAW_ENFORCEMENT,
        "Cybercrime Unit (demo)",
        "A police unit for online crime against children.",
    ),
    (
        "GH",
        "",
        Category.LEGISLATION,
        "Child Online Protection Act (demo)",
        "The law that makes the material a crime.",
    ),
    (
        "PH",
        "",
        Category.LAW_ENFORCEMENT,
        "Women and Children Protection Center (demo)",
        "Investigates online abuse of children.",
    ),
    (
        "PH",
        "",
        Category.POLICY,
        "National Plan on Online Child Protection (demo)",
        "The national strategy, 2024–2028.",
    ),
    (
        "AL",
        "",
        Category.COORDINATION,
        "Child Online Safety Council (demo)",
        "Coordinates ministries, police and NGOs.",
    ),
    (
        "BR",
        "",
        Category.EDUCATION,
        "Safe Internet Week (demo)",
        "A yearly awareness programme in schools.",
    ),
    (
        "AU",
        "",
        Category.RESEARCH,
        "Online Harms Research Centre (demo)",
        "Research on prevalence and prevention.",
    ),
    (
        "AU",
        "",
        Category.INDUSTRY,
        "Tech Safety Coalition (demo)",
        "Companies sharing hashes and signals.",
    ),
    (
        "",
        "002",
        Category.CIVIL_SOCIETY,
        "African Child Online Network (demo)",
        "A regional network of NGOs.",
    ),
]


def import_real_data(command=None):
    for name in DATA_FILES:
        result = import_csv((DATA / name).read_bytes())
        if command is not None:
            if result.ok:
                command.stdout.write(
                    f"Directory: {name}: {result.rows} real rows ({result.created} new)."
                )
            else:
                command.stderr.write(f"Directory: {name} not imported: {result.errors[:3]}")


def seed(command, home):
    import_real_data(command)
    for country, region, category, name, description in DEMO_ENTRIES:
        scope = DirectoryEntry.Scope.REGIONAL if region else DirectoryEntry.Scope.NATIONAL
        DirectoryEntry.objects.get_or_create(
            scope=scope,
            country=country,
            region=region,
            category=category,
            name=name,
            defaults={
                "description": description,
                "website": DEMO_SOURCE,
                "sources": DEMO_SOURCE,
                "is_demo": True,
                "last_verified": timezone.localdate(),
            },
        )
    command.stdout.write(f"Directory: {DirectoryEntry.objects.count()} entries.")
    return [
        {"url": "/directory/", "label": "Directory"},
        {"url": "/report/", "label": "Report abuse"},
    ]
