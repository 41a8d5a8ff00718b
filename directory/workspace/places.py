"""Workspace: the hub's places. The list with freshness and filters, the edit and create form
(hours editor, address and point), temporary closures, "still up to date", archive and
restore, and the history of changes.

Every object comes through directory.permissions (another hub's place is a 404); every change
goes through the lieu_* services, which set date_maj and write the history."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from geodata.text import normalize_name

from .. import freshness
from ..enums import ChangeAction
from ..hours_editor import week_from_osm
from ..models import LieuChange, PointSource
from ..pages import long_date_text
from ..permissions import hub_for_member, lieu_for_member
from ..services import (
    LieuUpdateError,
    lieu_archive,
    lieu_close,
    lieu_confirm,
    lieu_create,
    lieu_reopen,
    lieu_restore,
    lieu_update,
)
from .place_forms import (
    ENUM_FIELDS,
    ENUM_LABELS,
    FIELD_LABELS,
    HOURS_ADVANCED,
    HOURS_SIMPLE,
    LINE_FIELDS,
    SECTIONS,
    FermetureForm,
    HubLieuxFilterForm,
    LieuForm,
)

HUB_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50
LIST_FIELDS = (
    "pk",
    "nom",
    "commune",
    "code_postal",
    "date_maj",
    "fermeture_debut",
    "fermeture_fin",
    "archive_le",
    "hub_id",
)


# --- Words shared by the pages ---------------------------------------------------------------


def closure_text(lieu, today):
    """The current or coming temporary closure in one phrase, or ""."""
    if lieu.fermeture_debut is None or lieu.fermeture_fin is None or lieu.fermeture_fin < today:
        return ""
    if lieu.fermeture_debut <= today:
        return f"Fermé temporairement jusqu'au {long_date_text(lieu.fermeture_fin)} inclus"
    if lieu.fermeture_debut == lieu.fermeture_fin:
        return f"Fermeture prévue le {long_date_text(lieu.fermeture_debut)}"
    return (
        f"Fermeture prévue du {long_date_text(lieu.fermeture_debut)} "
        f"au {long_date_text(lieu.fermeture_fin)} inclus"
    )


def point_text(lieu):
    """How the place's point was obtained, in plain French."""
    if lieu.point is None:
        reason = f" ({lieu.geocodage_erreur})" if lieu.geocodage_erreur else ""
        return (
            "Le lieu n'a pas de position : il n'apparaît pas sur les cartes ni dans les "
            f"recherches autour d'une adresse{reason}."
        )
    texts = {
        PointSource.SOURCE: "Position fournie par la source des données.",
        PointSource.GEOCODAGE: "Position trouvée d'après l'adresse (Base adresse nationale).",
        PointSource.COMMUNE: (
            "L'adresse n'a pas été trouvée : le lieu est placé au centre de la commune. "
            "Corrigez l'adresse, ou indiquez la latitude et la longitude."
        ),
        PointSource.MANUEL: "Position placée à la main.",
    }
    text = texts.get(lieu.point_source, "Position d'origine inconnue.")
    if lieu.point_source == PointSource.COMMUNE and lieu.geocodage_erreur:
        text += f" ({lieu.geocodage_erreur})"
    return text


def value_text(field_name, value):
    """A value of the history as people read it."""
    if value in (None, "", []):
        return "(vide)"
    if isinstance(value, list):
        labels = ENUM_LABELS.get(field_name, {})
        return ", ".join(labels.get(item, item) for item in value)
    if field_name in ("date_maj", "fermeture_debut", "fermeture_fin"):
        try:
            return long_date_text(datetime.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


def change_lines(changes):
    return [
        ChangeLine(
            FIELD_LABELS.get(name, name),
            value_text(name, pair[0] if pair else None),
            value_text(name, pair[1] if len(pair) > 1 else None),
        )
        for name, pair in changes.items()
    ]


# --- The hub's places ------------------------------------------------------------------------


@dataclass(frozen=True)
class HubRow:
    lieu: object
    state: str
    state_label: str
    closure: str


@require_GET
@login_required
def hub_page(request, slug):
    hub, membership = hub_for_member(request.user, slug)
    today = timezone.localdate()
    limits = freshness.bounds(today)
    fresh = Q(date_maj__gt=limits.to_check_on_or_before)
    old = Q(date_maj__lte=limits.old_on_or_before)
    to_check = ~fresh & ~old
    states = {freshness.FRESH: fresh, freshness.TO_CHECK: to_check, freshness.OLD: old}

    places = hub.lieux.all()
    shown = Q(archive_le__isnull=True)
    counts = places.aggregate(
        **{state: Count("pk", filter=shown & condition) for state, condition in states.items()},
        archives=Count("pk", filter=~shown),
    )

    form = HubLieuxFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    archived = filters.get("archives") == "1"
    lieux = places.filter(archive_le__isnull=not archived)
    if filters.get("etat"):
        lieux = lieux.filter(states[filters["etat"]])
    if filters.get("q"):
        words = normalize_name(filters["q"])
        lieux = lieux.filter(
            Q(nom_recherche__contains=words)
            | Q(commune__icontains=filters["q"])
            | Q(code_postal__startswith=filters["q"])
        )
    if filters.get("services"):
        lieux = lieux.offering(*filters["services"])
    order = ("date_maj", "nom", "pk") if filters.get("tri") == "date" else ("nom", "pk")
    lieux = lieux.only(*LIST_FIELDS).order_by(*order)

    page = Paginator(lieux, HUB_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for lieu in page.object_list:
        state = freshness.freshness(lieu.date_maj, today)
        rows.append(HubRow(lieu, state, freshness.label(state), closure_text(lieu, today)))
    summary = [
        {
            "state": state,
            "label": freshness.label(state),
            "explanation": freshness.EXPLANATIONS[state],
            "count": counts[state],
        }
        for state in freshness.ORDER
    ]
    filtered = any(filters.get(name) for name in ("etat", "q", "services"))
    return render(
        request,
        "directory/espace/hub.html",
        {
            "hub": hub,
            "membership": membership,
            "form": form,
            "filters": filters,
            "archived": archived,
            "filtered": filtered,
            "summary": summary,
            "archived_count": counts["archives"],
            "total": sum(counts[state] for state in freshness.ORDER),
            "page": page,
            "rows": rows,
        },
    )


# --- Edit and create -------------------------------------------------------------------------


def _sections(form):
    sections = []
    for section_id, legend, names in SECTIONS:
        fields = []
        for name in names:
            kind = "cases" if name in ENUM_FIELDS else "lignes" if name in LINE_FIELDS else "texte"
            fields.append({"field": form[name], "kind": kind})
        sections.append({"id": section_id, "legend": legend, "fields": fields})
    return sections


def _map_data(form):
    return {
        "tuiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "contours": reverse("annuaire-contours"),
    }


def _form_context(request, form, *, hub, membership, lieu=None, preview=False, notes=()):
    return {
        "form": form,
        "hub": hub,
        "membership": membership,
        "lieu": lieu,
        "sections": _sections(form),
        "errors": form.error_summary() if form.is_bound else [],
        "hours_mode": form.hours_mode,
        "hours_rows": form.hours_rows(),
        "hours_text": form.hours_text(),
        "hours_preview": form.hours_preview() if preview else None,
        "preview_asked": preview,
        "preview_osm": form.hours_osm if preview else None,
        "notes": notes,
        "map_data": _map_data(form),
        "HOURS_SIMPLE": HOURS_SIMPLE,
        "HOURS_ADVANCED": HOURS_ADVANCED,
    }


def _bound_form(request, *, lieu=None, hub=None):
    """The posted form, in the hours mode asked for; (form, action, notes)."""
    action = request.POST.get("action", "enregistrer")
    notes = []
    mode = {"horaires_avance": HOURS_ADVANCED, "horaires_simple": HOURS_SIMPLE}.get(action)
    if mode == HOURS_SIMPLE and "horaires" in request.POST:
        if week_from_osm(request.POST.get("horaires", "")) is None:
            mode = HOURS_ADVANCED
            notes.append(
                "Ces horaires ne peuvent pas être saisis jour par jour (jours fériés, plus de "
                "deux plages par jour, périodes de l'année…) : ils restent dans la saisie "
                "avancée. Pour repartir de zéro jour par jour, videz le champ puis recommencez."
            )
    form = LieuForm(request.POST, lieu=lieu, hub=hub, hours_mode=mode)
    form.is_valid()
    return form, action, notes


def _changes_message(lieu, changes):
    if not changes:
        return (
            "Aucune modification : la fiche est confirmée à jour "
            f"(mise à jour du {long_date_text(lieu.date_maj)})."
        )
    labels = ", ".join(FIELD_LABELS.get(name, name) for name in changes)
    text = f"Modifications enregistrées : {labels}."
    if "point" in changes:
        text += " " + point_text(lieu)
    return text


@require_http_methods(["GET", "POST"])
@login_required
def lieu_edit(request, pk):
    lieu, membership = lieu_for_member(request.user, pk)
    preview, notes = False, []
    if request.method == "POST":
        form, action, notes = _bound_form(request, lieu=lieu)
        if action == "enregistrer" and not form.has_errors:
            try:
                changes = lieu_update(lieu=lieu, user=request.user, data=form.data_for_service())
            except LieuUpdateError as error:
                form.add_error("code_postal", str(error))
            else:
                messages.success(request, _changes_message(lieu, changes))
                return redirect("espace-lieu", pk=lieu.pk)
        preview = action == "verifier"
    else:
        form = LieuForm(lieu=lieu)
    context = _form_context(
        request, form, hub=lieu.hub, membership=membership, lieu=lieu, preview=preview, notes=notes
    )
    today = timezone.localdate()
    state = freshness.freshness(lieu.date_maj, today)
    context.update(
        {
            "state": state,
            "state_label": freshness.label(state),
            "updated": long_date_text(lieu.date_maj),
            "closure": closure_text(lieu, today),
            "point_text": point_text(lieu),
        }
    )
    return render(request, "directory/espace/lieu_modifier.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def lieu_new(request, slug):
    hub, membership = hub_for_member(request.user, slug)
    preview, notes = False, []
    if request.method == "POST":
        form, action, notes = _bound_form(request, hub=hub)
        if action == "enregistrer" and not form.has_errors:
            try:
                lieu = lieu_create(hub=hub, user=request.user, data=form.data_for_service())
            except LieuUpdateError as error:
                form.add_error("code_postal", str(error))
            else:
                messages.success(request, f"Le lieu « {lieu.nom} » est créé. {point_text(lieu)}")
                return redirect("espace-lieu", pk=lieu.pk)
        preview = action == "verifier"
    else:
        form = LieuForm(hub=hub)
    context = _form_context(
        request, form, hub=hub, membership=membership, preview=preview, notes=notes
    )
    return render(request, "directory/espace/lieu_nouveau.html", context)


# --- Closure, confirmation, archive ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def lieu_closure(request, pk):
    lieu, membership = lieu_for_member(request.user, pk)
    today = timezone.localdate()
    if request.method == "POST" and request.POST.get("action") == "rouvrir":
        lieu_reopen(lieu=lieu, user=request.user)
        messages.success(request, f"La fermeture temporaire de « {lieu.nom} » est terminée.")
        return redirect("espace-lieu", pk=lieu.pk)
    if request.method == "POST":
        form = FermetureForm(request.POST, today=today)
        if form.is_valid():
            data = form.cleaned_data
            try:
                lieu_close(
                    lieu=lieu,
                    user=request.user,
                    start=data["debut"],
                    end=data["fin"],
                    message=data["message"],
                )
            except LieuUpdateError as error:
                form.add_error("fin", str(error))
            else:
                messages.success(
                    request, f"« {lieu.nom} » : {closure_text(lieu, today)}. La fiche le dit."
                )
                return redirect("espace-lieu", pk=lieu.pk)
    else:
        initial = {}
        if lieu.fermeture_fin is not None and lieu.fermeture_fin >= today:
            initial = {
                "debut": lieu.fermeture_debut,
                "fin": lieu.fermeture_fin,
                "message": lieu.fermeture_message,
            }
        form = FermetureForm(initial=initial, today=today)
    errors = [(f"id_{name}", message) for name in form.errors for message in form.errors[name]]
    return render(
        request,
        "directory/espace/lieu_fermeture.html",
        {
            "lieu": lieu,
            "hub": lieu.hub,
            "membership": membership,
            "form": form,
            "errors": errors,
            "closure": closure_text(lieu, today),
        },
    )


def _back(request, lieu):
    """Where to go after a button of the list or of the place's page."""
    target = request.POST.get("retour", "")
    if target.startswith("/espace/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("espace-lieu", pk=lieu.pk)


@require_POST
@login_required
def lieu_confirm_view(request, pk):
    lieu, _ = lieu_for_member(request.user, pk)
    lieu_confirm(lieu=lieu, user=request.user)
    messages.success(
        request,
        f"« {lieu.nom} » est confirmé à jour (mise à jour du {long_date_text(lieu.date_maj)}).",
    )
    return _back(request, lieu)


def _archive_step(request, pk, *, restore):
    lieu, membership = lieu_for_member(request.user, pk)
    if request.POST.get("confirme") != "oui":
        return render(
            request,
            "directory/espace/lieu_archivage.html",
            {"lieu": lieu, "hub": lieu.hub, "membership": membership, "restore": restore},
        )
    if restore:
        done = lieu_restore(lieu=lieu, user=request.user)
        text = "est de nouveau dans l'annuaire" if done else "n'était pas archivé"
    else:
        done = lieu_archive(lieu=lieu, user=request.user)
        text = (
            "est archivé : il n'apparaît plus dans l'annuaire, mais reste ici"
            if done
            else "était déjà archivé"
        )
    messages.success(request, f"« {lieu.nom} » {text}.")
    return redirect("espace-lieu", pk=lieu.pk)


@require_POST
@login_required
def lieu_archive_view(request, pk):
    """A first POST shows what archiving means and asks to confirm (works without JS)."""
    return _archive_step(request, pk, restore=False)


@require_POST
@login_required
def lieu_restore_view(request, pk):
    return _archive_step(request, pk, restore=True)


# --- History ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    change: object
    who: str
    lines: list


def _history_entries(changes):
    entries = []
    for change in changes:
        who = change.user_email or ("import" if change.action == ChangeAction.IMPORT else "")
        entries.append(HistoryEntry(change, who or "inconnu", change_lines(change.changes)))
    return entries


@require_GET
@login_required
def lieu_history(request, pk):
    lieu, membership = lieu_for_member(request.user, pk)
    page = Paginator(LieuChange.objects.filter(lieu=lieu), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "directory/espace/lieu_historique.html",
        {
            "lieu": lieu,
            "hub": lieu.hub,
            "membership": membership,
            "page": page,
            "entries": _history_entries(page.object_list),
        },
    )


@require_GET
@login_required
def hub_history(request, slug):
    hub, membership = hub_for_member(request.user, slug)
    changes = (
        LieuChange.objects.filter(hub=hub)
        .select_related("lieu")
        .defer(
            *[f"lieu__{name}" for name in ("presentation_detail", "presentation_resume", "point")]
        )
    )
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/espace/historique.html",
        {
            "hub": hub,
            "membership": membership,
            "page": page,
            "entries": _history_entries(page.object_list),
        },
    )


urlpatterns = [
    path("hub/<slug:slug>/", hub_page, name="espace-hub"),
    path("hub/<slug:slug>/lieux/nouveau/", lieu_new, name="espace-lieu-nouveau"),
    path("hub/<slug:slug>/historique/", hub_history, name="espace-historique"),
    path("lieux/<int:pk>/", lieu_edit, name="espace-lieu"),
    path("lieux/<int:pk>/fermeture/", lieu_closure, name="espace-lieu-fermeture"),
    path("lieux/<int:pk>/confirmer/", lieu_confirm_view, name="espace-lieu-confirmer"),
    path("lieux/<int:pk>/archiver/", lieu_archive_view, name="espace-lieu-archiver"),
    path("lieux/<int:pk>/restaurer/", lieu_restore_view, name="espace-lieu-restaurer"),
    path("lieux/<int:pk>/historique/", lieu_history, name="espace-lieu-historique"),
]
