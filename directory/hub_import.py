"""A hub's file in the standard, in two steps: a preview (a dry run of the import, nothing
written), then the confirmation (the same import for real, in one transaction, with history).

The file goes into the hub's own dataset (`hub.import_source`): its rows create or update the
places that the hub's earlier files (or its members) created, never another dataset's places.
Rows are rejected, with a reason, when their commune is outside the hub's territory, or when their
id is the id of a place the hub keeps but which belongs to another dataset (the national list,
for instance): such a place is changed in the workspace or through the API, not by a file, so
that a re-import of the national list does not bring back a duplicate. Places of the hub's
dataset that the file no longer lists are kept, and listed.
"""

import csv
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .importing import CommuneIndex, import_lieux
from .models import HubImport, Lieu
from .services import lieu_changes_record_import
from .standard.columns import field_for
from .standard.outcome import RowOutcome, message
from .standard.reading import FileFormatError, inspect_bytes, read_bytes

MAX_FILE_SIZE = 10 * 1024 * 1024
# Addresses geocoded per confirmed import: the import runs inside the web request, so a file of
# thousands of places without coordinates must not wait for thousands of geocoder calls; the
# rest go to their commune centre, and the result page says so.
GEOCODE_LIMIT = 100
# At most this many rows of each list are kept in a preview or a result (the counts are exact).
LISTED_ROWS = 1000
# Columns without which no row can be read (the postcode may be found in the address).
REQUIRED_COLUMNS = ("id", "nom", "commune", "adresse")


# How long an unconfirmed preview (and its file) is kept.
PREVIEW_KEPT = timedelta(days=7)


class HubImportError(ValueError):
    """A file that cannot be imported, or an import that cannot be confirmed (French message)."""


def hub_import_preview(*, hub, user, filename, content):
    """Store the file and a dry run of its import. Raises HubImportError (nothing stored) when
    the file is not a file of the standard. The hub's previews left unconfirmed for
    PREVIEW_KEPT go: their files are not kept longer than needed."""
    HubImport.objects.filter(
        hub=hub, confirmed_at__isnull=True, created_at__lt=timezone.now() - PREVIEW_KEPT
    ).delete()
    if len(content) > MAX_FILE_SIZE:
        raise HubImportError(
            f"Le fichier pèse {len(content) / 1024 / 1024:.1f} Mo : la limite est de "
            f"{MAX_FILE_SIZE // 1024 // 1024} Mo. Découpez-le en plusieurs fichiers."
        )
    outcomes = _read(content, filename, hub)
    report = import_lieux(
        outcomes, import_source=hub.import_source, hub=hub, dry_run=True, use_geocoder=False
    )
    return HubImport.objects.create(
        hub=hub,
        user=user,
        filename=filename[:255],
        content=content,
        preview=_summary(report, hub, outcomes),
    )


def hub_import_confirm(*, hub_import, user, use_geocoder=True):
    """Run a previewed import for real, once. Returns the HubImport with its `result`."""
    with transaction.atomic():
        locked = HubImport.objects.select_for_update().select_related("hub").get(pk=hub_import.pk)
        if locked.confirmed_at is not None:
            when = timezone.localtime(locked.confirmed_at)
            raise HubImportError(
                f"Cet import a déjà été confirmé le {when:%d/%m/%Y à %H:%M} : "
                "il ne peut pas l'être une deuxième fois."
            )
        hub = locked.hub
        outcomes = _read(bytes(locked.content), locked.filename, hub)
        report = import_lieux(
            outcomes,
            import_source=hub.import_source,
            hub=hub,
            use_geocoder=use_geocoder,
            geocode_limit=GEOCODE_LIMIT,
        )
        lieu_changes_record_import(
            lieu_ids=report.written_ids, hub=hub, user=user, filename=locked.filename
        )
        locked.confirmed_at = timezone.now()
        locked.result = _summary(report, hub, outcomes)
        locked.content = b""  # the places and their history hold what the file said
        locked.save(update_fields=["confirmed_at", "result", "content"])
    return locked


def _read(content, filename, hub):
    """The file's row outcomes, with the hub's own rejections. Raises HubImportError."""
    if b"\x00" in content:  # UTF-16 ("texte Unicode" from a spreadsheet), or not text at all
        raise HubImportError(
            "Ce fichier ne peut pas être lu : ce n'est pas un texte en UTF-8. Depuis un "
            "tableur, enregistrez-le au format « CSV UTF-8 »."
        )
    try:
        info = inspect_bytes(content)
        outcomes = list(read_bytes(content, name=filename))
    except FileFormatError as error:
        raise HubImportError(f"Ce fichier ne peut pas être lu : {error}") from error
    except (ValueError, csv.Error, RecursionError) as error:
        raise HubImportError(
            "Ce fichier ne peut pas être lu : il n'est ni un CSV ni un JSON du standard."
        ) from error
    fields = {field_for(column) for column in info.columns}
    missing = [name for name in REQUIRED_COLUMNS if name not in fields]
    if not info.france_services and missing:
        raise HubImportError(
            "Ce fichier ne suit pas le standard des lieux de médiation numérique : il lui "
            f"manque {'la colonne' if len(missing) == 1 else 'les colonnes'} {', '.join(missing)}."
        )
    if not outcomes:
        raise HubImportError("Ce fichier ne contient aucun lieu.")
    return _hub_rules(outcomes, hub)


def _hub_rules(outcomes, hub):
    """Reject the rows outside the hub's territory, and the rows naming a place the hub keeps
    in another dataset."""
    own_ids = set(
        Lieu.objects.filter(import_source=hub.import_source).values_list("source_id", flat=True)
    )
    other_datasets = dict(
        Lieu.objects.filter(hub=hub)
        .exclude(import_source=hub.import_source)
        .values_list("source_id", "import_source")
    )
    communes = CommuneIndex() if hub.departements or hub.communes else None
    checked = []
    for outcome in outcomes:
        record = outcome.record
        reason = None
        if record is not None and record.id in other_datasets and record.id not in own_ids:
            reason = message(
                "id",
                "lieu du hub tenu dans un autre jeu de données, à modifier dans l'espace "
                "ou par l'API",
                other_datasets[record.id],
            )
        elif record is not None and communes is not None:
            code = communes.match(record)
            if code is None:
                reason = message(
                    "commune",
                    "introuvable, impossible de vérifier qu'elle est dans le territoire du hub",
                    f"{record.commune}, {record.code_postal}",
                )
            elif not hub.covers(code):
                reason = message(
                    "commune", "hors du territoire du hub", f"{record.commune}, {code}"
                )
        if reason is None:
            checked.append(outcome)
        else:
            checked.append(
                RowOutcome(
                    line=outcome.line,
                    source_id=outcome.source_id,
                    record=None,
                    errors=[reason],
                    unknown_values=outcome.unknown_values,
                )
            )
    return checked


def _summary(report, hub, outcomes):
    """What a preview or a result page shows, as JSON."""
    missing_names = dict(
        Lieu.objects.filter(
            import_source=hub.import_source, source_id__in=report.missing[:LISTED_ROWS]
        ).values_list("source_id", "nom")
    )
    return {
        "rows": len(outcomes),
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected_count": len(report.rejected),
        "rejected": [
            [line, source_id, list(reasons)]
            for line, source_id, reasons in report.rejected[:LISTED_ROWS]
        ],
        "unknown_count": len(report.unknown_values),
        "unknown_values": [list(item) for item in report.unknown_values[:LISTED_ROWS]],
        "repaired_rows": report.repaired_rows,
        "repairs": dict(report.repairs.most_common()),
        "missing_count": len(report.missing),
        "missing": [
            [source_id, missing_names.get(source_id, "")]
            for source_id in report.missing[:LISTED_ROWS]
        ],
        # Dry runs do not call the geocoder: places without coordinates are located on confirm.
        "to_locate": report.located.get("commune", 0) + report.located.get("aucun", 0),
        "located": dict(report.located),
        "not_located": [list(item) for item in report.not_located[:LISTED_ROWS]],
        "geocoder_unreachable": report.geocoder_unreachable,
        "geocode_limit": GEOCODE_LIMIT if report.geocode_limit_reached else None,
        "written": len(report.written_ids),
    }
