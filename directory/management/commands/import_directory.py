from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importer import import_csv


class Command(BaseCommand):
    help = (
        "Import directory entries from a CSV file: every row is validated, and a file with any "
        "bad row imports nothing (each bad row is reported with its line number). Re-importing "
        "the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, change nothing."
        )

    def handle(self, *args, files, dry_run=False, **options):
        failed = False
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file")
            result = import_csv(path.read_bytes(), dry_run=dry_run)
            if not result.ok:
                failed = True
                for line, reason in result.errors:
                    self.stderr.write(f"{name}, line {line}: {reason}")
                self.stderr.write(f"{name}: nothing imported ({len(result.errors)} bad row(s)).")
                continue
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                f"{name}: {verb} {result.rows} row(s): {result.created} new, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )
        if failed:
            raise CommandError("Some files were not imported.")
