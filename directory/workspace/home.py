"""Workspace entry: the member's hubs (straight to the hub when there is one)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from ..permissions import hubs_of


@require_GET
@login_required
def espace(request):
    hubs = list(hubs_of(request.user))
    if len(hubs) == 1:
        return redirect("espace-hub", slug=hubs[0].slug)
    return render(request, "directory/espace/accueil.html", {"hubs": hubs})


urlpatterns = [path("", espace, name="espace")]
