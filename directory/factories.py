"""Factories shared by the tests, the benchmark and ``directory.demo``."""

import factory
from django.utils import timezone

from .models import Category, DirectoryEntry, EntrySuggestion


class DirectoryEntryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Directory entry {n}")
    category = Category.HOTLINE
    scope = DirectoryEntry.Scope.NATIONAL
    country = "FR"
    website = factory.Sequence(lambda n: f"https://entry{n}.example.org")
    sources = factory.LazyAttribute(lambda entry: entry.website or "https://source.example.org")
    source_date = "2025-01"
    last_verified = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = DirectoryEntry

    class Params:
        regional = factory.Trait(scope=DirectoryEntry.Scope.REGIONAL, country="", region="150")
        international = factory.Trait(
            scope=DirectoryEntry.Scope.INTERNATIONAL, country="", region=""
        )
        helpline = factory.Trait(category=Category.HELPLINE, phone="116 111", open_24_7=True)


class EntrySuggestionFactory(factory.django.DjangoModelFactory):
    country = "FR"
    name = factory.Sequence(lambda n: f"Suggested service {n}")
    category = Category.LAW_ENFORCEMENT
    website = "https://suggested.example.org"
    source = "https://source.example.org/suggested"
    email = "suggester@example.org"

    class Meta:
        model = EntrySuggestion
