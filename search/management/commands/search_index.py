"""``search_index rebuild``: rewrite every search document from the registered types
(``search.registry``), then, with Elasticsearch configured, fill a new index in bulk and move
the alias to it atomically. ``search_index status``: documents per type in the database index
(and in Elasticsearch's) against what the database holds."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from search import indexing
from search.backends import backend_name, get_backend
from search.models import SearchDocument

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index, or compare its counts with the database."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status"])
        parser.add_argument(
            "--database-only",
            action="store_true",
            help="Rebuild the database's documents only, not the Elasticsearch index.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Rebuild only when there is no index yet (the container's entrypoint).",
        )

    def handle(self, action, database_only=False, if_missing=False, **options):
        if action == "rebuild" and if_missing and self.has_index():
            self.stdout.write("The search index exists: nothing to do.")
            return
        if action == "rebuild":
            self.rebuild(database_only)
        else:
            self.status()

    @staticmethod
    def has_index():
        return SearchDocument.objects.exists() and get_backend().has_index()

    def progress(self, label):
        shown = {"filled": -1}

        def show(done, total):
            if not total:
                return
            filled = BAR_WIDTH * done // total
            if filled == shown["filled"] and done != total:
                return
            shown["filled"] = filled
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stdout.write(f"\r{label} [{bar}] {done}/{total}", ending="")
            if done == total:
                self.stdout.write("")
            if hasattr(sys.stdout, "flush"):
                self.stdout.flush()

        return show

    def rebuild(self, database_only):
        written = indexing.rebuild_database(progress=self.progress("documents"))
        self.stdout.write(f"{written} documents written to the database index.")
        backend = get_backend()
        if backend.has_own_index and not database_only:
            try:
                name = backend.rebuild(progress=self.progress(backend.name))
            except Exception as exc:
                raise CommandError(f"{backend.name} rebuild failed: {exc}") from exc
            self.stdout.write(f"{backend.name}: alias now points at {name}.")
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))

    def status(self):
        expected = indexing.expected_counts()
        indexed = dict(
            SearchDocument.objects.values_list("source").annotate(n=Count("pk")).order_by()
        )
        backend = get_backend()
        own = backend.status() if backend.has_own_index else None
        self.stdout.write(f"Backend serving queries: {backend_name()}")
        if own is not None:
            self.stdout.write(f"Index: {own['index'] or '(none: run search_index rebuild)'}")
        header = f"{'type':<32}{'database':>10}{'indexed':>10}"
        if own is not None:
            header += f"{backend.name:>15}"
        self.stdout.write(header)
        in_line = True
        for label, count in sorted(expected.items()):
            row = f"{label:<32}{count:>10}{indexed.get(label, 0):>10}"
            in_line &= indexed.get(label, 0) == count
            if own is not None:
                row += f"{own['by_source'].get(label, 0):>15}"
                in_line &= own["by_source"].get(label, 0) == count
            self.stdout.write(row)
        if in_line:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
        else:
            self.stdout.write(
                self.style.WARNING("The index differs from the database: run search_index rebuild.")
            )
