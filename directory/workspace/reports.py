"""Workspace: the error reports (signalements) on a hub's places, for every member."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.views.decorators.http import require_GET, require_POST

from ..hub_services import HubServiceError, signalement_set_status
from ..models import Signalement
from ..permissions import hub_for_member

Statut = Signalement.Statut
OPEN = (Statut.NOUVEAU, Statut.EN_COURS)
# The list's filters: (value of ?statut=, label, statuses shown). The first one is the default.
FILTERS = [
    ("ouverts", "À traiter (nouveaux et en cours)", OPEN),
    (Statut.NOUVEAU.value, "Nouveaux", (Statut.NOUVEAU,)),
    (Statut.EN_COURS.value, "En cours", (Statut.EN_COURS,)),
    (Statut.TRAITE.value, "Traités", (Statut.TRAITE,)),
    (Statut.REJETE.value, "Rejetés", (Statut.REJETE,)),
    ("tous", "Tous", tuple(Statut)),
]
PER_PAGE = 30


def workspace_place_url(lieu_id):
    """The place's page in the workspace (owned by directory.workspace.places)."""
    try:
        return reverse("espace-lieu", args=[lieu_id])
    except NoReverseMatch:
        return f"/espace/lieux/{lieu_id}/"


def _filter_of(value):
    return next((f for f in FILTERS if f[0] == value), FILTERS[0])


@require_GET
@login_required
def reports(request, slug):
    hub, membership = hub_for_member(request.user, slug)
    current = _filter_of(request.GET.get("statut", ""))
    counts = dict(
        Signalement.objects.filter(hub=hub).order_by().values_list("status").annotate(Count("pk"))
    )
    filters = [
        {
            "value": value,
            "label": label,
            "count": sum(counts.get(status, 0) for status in statuses),
            "current": value == current[0],
        }
        for value, label, statuses in FILTERS
    ]
    queryset = (
        Signalement.objects.filter(hub=hub, status__in=current[2])
        .select_related("lieu", "processed_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "signalement": signalement,
            # A place since moved to another hub is no longer editable here: its public sheet.
            "lieu_url": workspace_place_url(signalement.lieu_id)
            if signalement.lieu.hub_id == hub.pk
            else reverse("lieu-detail", args=[signalement.lieu_id]),
        }
        for signalement in page.object_list
    ]
    context = {
        "hub": hub,
        "membership": membership,
        "filters": filters,
        "current": current[0],
        "current_label": current[1],
        "page": page,
        "items": items,
        "statuses": Statut.choices,
    }
    return render(request, "directory/espace/signalements.html", context)


@require_POST
@login_required
def report_status(request, slug, pk):
    hub, _membership = hub_for_member(request.user, slug)
    signalement = get_object_or_404(Signalement.objects.select_related("lieu"), pk=pk, hub=hub)
    back = _filter_of(request.POST.get("statut_liste", ""))[0]
    try:
        signalement_set_status(
            signalement=signalement, status=request.POST.get("status", ""), user=request.user
        )
    except HubServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Le signalement sur « {signalement.lieu.nom} » est maintenant "
            f"« {signalement.get_status_display()} ».",
        )
    return redirect(reverse("espace-signalements", args=[hub.slug]) + f"?statut={back}")


urlpatterns = [
    path("hub/<slug:slug>/signalements/", reports, name="espace-signalements"),
    path(
        "hub/<slug:slug>/signalements/<int:pk>/statut/",
        report_status,
        name="espace-signalement-statut",
    ),
]
