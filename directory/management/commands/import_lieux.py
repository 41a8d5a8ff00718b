import csv
import tempfile
import time
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importing import import_lieux
from directory.standard.reading import read_file
from geodata.progress import Progress


class Command(BaseCommand):
    help = (
        "Importe des lieux au format du standard national (CSV ou JSON, v1 ou v0.1, liste "
        "France Services). Idempotent : la même source importée deux fois ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin ou URL du fichier")
        parser.add_argument("--source", help="Nom du jeu de données (par défaut : nom du fichier)")
        parser.add_argument("--dry-run", action="store_true", help="Tout vérifier, ne rien écrire")
        parser.add_argument(
            "--report", help="Écrire les lignes rejetées et valeurs inconnues en CSV"
        )
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help="Supprimer les lieux de cette source absents du fichier (sinon : signalés)",
        )
        parser.add_argument(
            "--no-geocode",
            action="store_true",
            help="Sans API Adresse : centre de la commune pour les lieux sans coordonnées",
        )

    def handle(self, *args, path, source, dry_run, report, remove_missing, no_geocode, **options):
        started = time.monotonic()
        local_path = self._fetch(path)
        source = source or Path(path.split("?")[0]).stem
        with Progress(self.stderr, label=f"Lieux ({source})") as progress:
            try:
                outcomes = read_file(local_path)
                result = import_lieux(
                    outcomes,
                    import_source=source,
                    dry_run=dry_run,
                    remove_missing=remove_missing,
                    use_geocoder=not no_geocode,
                    progress=progress.advance,
                )
            except (OSError, ValueError) as error:
                raise CommandError(f"Lecture impossible de {path} : {error}") from error
        self._print(result)
        if report:
            self._write_report(result, report)
            self.stdout.write(f"Rapport écrit dans {report}")
        elapsed = time.monotonic() - started
        if dry_run:
            self.stdout.write("Essai à blanc : rien n'a été écrit.")
        self.stdout.write(f"({elapsed:.1f} s)")
        self.stdout.write(result.summary_line)

    def _fetch(self, path):
        if not path.startswith(("http://", "https://")):
            if not Path(path).is_file():
                raise CommandError(f"Fichier introuvable : {path}")
            return path
        suffix = Path(path.split("?")[0]).suffix or ".dat"
        target = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
        try:
            with urllib.request.urlopen(path, timeout=60) as response:
                target.write(response.read())
        except OSError as error:
            raise CommandError(f"Téléchargement impossible de {path} : {error}") from error
        target.close()
        return target.name

    def _print(self, result):
        write = self.stdout.write
        for line, source_id, reasons in result.rejected[:50]:
            write(f"  rejetée ligne {line} (id {source_id or '?'}) : {' ; '.join(reasons)}")
        if len(result.rejected) > 50:
            write(f"  … et {len(result.rejected) - 50} autres lignes rejetées (voir --report)")
        for line, _source_id, field_name, value in result.unknown_values[:20]:
            write(f"  valeur inconnue ligne {line}, {field_name} : « {value} » (mise de côté)")
        if len(result.unknown_values) > 20:
            write(f"  … et {len(result.unknown_values) - 20} autres valeurs inconnues")
        if result.repaired_rows:
            kinds = ", ".join(f"{kind}={count}" for kind, count in result.repairs.most_common())
            write(f"Lignes réparées : {result.repaired_rows} ({kinds})")
        if result.located:
            located = ", ".join(f"{kind}={count}" for kind, count in sorted(result.located.items()))
            write(f"Localisation des lieux écrits : {located}")
        if result.geocoder_unreachable:
            write(
                "API Adresse injoignable : les lieux sans coordonnées sont placés au centre "
                "de leur commune."
            )
        for line, source_id, reason in result.not_located[:20]:
            write(f"  non localisé ligne {line} (id {source_id}) : {reason}")
        if result.missing:
            action = (
                "supprimés" if result.removed else "conservés (--remove-missing pour supprimer)"
            )
            write(f"Absents du fichier : {len(result.missing)} lieux de cette source, {action}")

    def _write_report(self, result, report_path):
        with open(report_path, "w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(["ligne", "id", "type", "champ", "detail"])
            for line, source_id, reasons in result.rejected:
                for reason in reasons:
                    writer.writerow([line, source_id or "", "rejet", "", reason])
            for line, source_id, field_name, value in result.unknown_values:
                writer.writerow([line, source_id or "", "valeur_inconnue", field_name, value])
            for line, source_id, reason in result.not_located:
                writer.writerow([line, source_id or "", "non_localise", "", reason])
            for source_id in result.missing:
                writer.writerow(["", source_id, "absent_du_fichier", "", ""])
