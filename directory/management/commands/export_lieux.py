import sys

from django.core.management.base import BaseCommand

from directory.exporting import EXPORT_FORMATS, export_lieux
from directory.models import Lieu


class Command(BaseCommand):
    help = "Exporte les lieux au format du standard national v1.0.2 (CSV, JSON) ou en GeoJSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="csv")
        parser.add_argument("--output", help="Fichier de sortie (par défaut : sortie standard)")
        parser.add_argument("--source", help="Seulement les lieux de ce jeu de données")

    def handle(self, *args, format, output, source, **options):
        lieux = Lieu.objects.public().order_by("import_source", "source_id")
        if source:
            lieux = lieux.filter(import_source=source)
        _, body = export_lieux(lieux, format)
        if output:
            with open(output, "w", encoding="utf-8", newline="") as stream:
                stream.write(body)
            self.stderr.write(f"{lieux.count()} lieux exportés dans {output}")
        else:
            sys.stdout.write(body)
