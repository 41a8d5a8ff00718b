"""Pages of the directory: the search (/annuaire/), a place's sheet (/lieux/<id>/) and the
error report form. Server-rendered, they work without JavaScript; the map only enhances."""

import json
from urllib.parse import quote, urlencode, urlparse

from django.conf import settings
from django.contrib.gis.db.models import MultiPolygonField
from django.contrib.gis.db.models.functions import AsGeoJSON, GeoFunc
from django.contrib.gis.geos import Polygon
from django.core.paginator import Paginator
from django.db.models import Count, FloatField, Value, Window
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods

from geodata.models import Commune

from . import enums
from .filters import MULTI_PARAMS, LieuFilter
from .forms import (
    FILTER_GROUPS,
    FILTER_HELP,
    PAGE_SIZE,
    RADIUS_CHOICES,
    SERVICE_WORDS,
    WHEN_CHOICES,
    SearchPageForm,
    SignalementForm,
    commune_label,
)
from .models import Lieu, PointSource
from .pages import (
    age_text,
    day_ranges_text,
    distance_text,
    filter_open_on_day,
    long_date_text,
    status_text,
    week_hours,
)
from .search import DEFAULT_RADIUS_KM, opening_of
from .services import signalement_create

PAGE_ONLY_PARAMS = ("commune", "adresse", "quand", "jour", "heure", "page")
LOCATION_PARAMS = ("lat", "lon", "code_insee", "code_postal", "adresse")
WHEN_PARAMS = ("ouvert_maintenant", "ouvert_le")
# Labels of every enumeration of the standard, for the sheet and the summaries.
LABELS = {
    "services": dict(enums.Service.choices),
    "publics_specifiquement_adresses": dict(enums.Public.choices),
    "prise_en_charge_specifique": dict(enums.PriseEnCharge.choices),
    "frais_a_charge": dict(enums.Frais.choices),
    "dispositif_programmes_nationaux": dict(enums.Dispositif.choices),
    "formations_labels": dict(enums.FormationLabel.choices),
    "modalites_acces": dict(enums.ModaliteAcces.choices),
    "modalites_accompagnement": dict(enums.ModaliteAccompagnement.choices),
    "itinerance": dict(enums.Itinerance.choices),
    "typologie": dict(enums.Typologie.choices),
}
SHORT_SERVICE = {value: words[0] for value, words in SERVICE_WORDS.items()}
# Largest area the commune outlines are drawn for (degrees), and the most communes sent.
MAX_OUTLINE_SPAN = 3.0
MAX_OUTLINES = 800


def labels(field_name, values):
    known = LABELS.get(field_name, {})
    return [known.get(value, value) for value in values]


# --- Search page -------------------------------------------------------------------------


@gzip_page  # no secret in this page (GET form, no CSRF token): compression is safe
@require_GET
def annuaire(request):
    params = request.GET
    page_form = SearchPageForm(params)
    page_form.is_valid()
    page_data = getattr(page_form, "cleaned_data", {})
    where = page_data.get("where")
    filterset = LieuFilter(_filter_data(params, page_data), queryset=Lieu.objects.public())
    filter_ok = filterset.is_valid()

    errors = _errors(page_form, filterset)
    location = where
    if location is None and filter_ok:
        location = _location_from_api_params(filterset.form.cleaned_data.get("location"), params)
    searching = not errors and (location is not None or params.get("q", "").strip())
    radius = _radius(filterset, params)

    field_errors = {}
    for field_id, message in errors:
        field_errors.setdefault(field_id, []).append(message)
    context = {
        "form": _form_context(params, page_data, filterset, where, location, errors, radius),
        "errors": errors,
        "field_errors": field_errors,
        "alternatives": [commune_label(c) for c in where.alternatives] if where else [],
        "searching": searching,
        "where": where,
        "location": location,
        "radius_km": radius,
        "map_tile_url": getattr(settings, "MAP_TILE_URL", ""),
    }
    if searching:
        context.update(_results(request, filterset, page_data, location, radius, errors))
    status = 400 if context["errors"] else 200
    return render(request, "directory/annuaire.html", context, status=status)


def _filter_data(params, page_data):
    """The API's parameters for LieuFilter: the page's own fields become lat/lon (a place
    people typed) and ouvert_maintenant / ouvert_le (the "when" choice)."""
    data = params.copy()
    for name in PAGE_ONLY_PARAMS:
        data.pop(name, None)
    where = page_data.get("where")
    if where is not None:
        for name in LOCATION_PARAMS:
            data.pop(name, None)
        data["lat"], data["lon"] = repr(where.point.y), repr(where.point.x)
    elif params.get("commune", "").strip():
        for name in LOCATION_PARAMS:  # the commune was not found: the form says so
            data.pop(name, None)
    if "quand" in params:
        for name in WHEN_PARAMS:
            data.pop(name, None)
        quand = page_data.get("quand")
        if quand == "maintenant":
            data["ouvert_maintenant"] = "true"
        elif quand == "jour" and page_data.get("jour") and page_data.get("heure"):
            moment = f"{page_data['jour'].isoformat()}T{page_data['heure']:%H:%M}"
            data["ouvert_le"] = moment
    return data


def _location_from_api_params(location, params):
    """The place of an API-style link (lat/lon, code_insee, code_postal, adresse), labelled
    for people: "votre position (Lyon)" rather than coordinates."""
    if location is None:
        return None
    if location.precision == "coordonnees":
        commune = Commune.objects.containing(location.point).only("nom", "departement").first()
        label = f"votre position ({commune_label(commune)})" if commune else "votre position"
        return _Located(location.point, label)
    return _Located(location.point, location.label)


class _Located:
    def __init__(self, point, label):
        self.point, self.label, self.note, self.alternatives = point, label, "", []


def _errors(page_form, filterset):
    """[(field id to link to, message)] for the error summary, page fields first."""
    errors = []
    for name, messages in page_form.errors.items():
        errors.extend((_field_id(name), message) for message in messages)
    if not filterset.is_valid():
        for name, messages in filterset.errors.items():
            errors.extend((_field_id(name), _named(name, message)) for message in messages)
    return errors


def _field_id(name):
    if name in ("lat", "lon", "code_insee", "code_postal", "__all__"):
        return "id_commune"
    if name in WHEN_PARAMS:
        return "id_quand_maintenant"
    if name in MULTI_PARAMS:
        return f"id_{name}_0"
    return f"id_{name}"


PARAM_NAMES = {
    "lat": "Latitude",
    "lon": "Longitude",
    "code_insee": "Code INSEE",
    "code_postal": "Code postal",
    "rayon_km": "Distance",
    "ouvert_le": "Jour et heure",
    "ouvert_maintenant": "Ouvert maintenant",
    "q": "Nom du lieu",
    "services": "Services",
}


def _named(name, message):
    """A message of the filter names its parameter, as the API does."""
    label = PARAM_NAMES.get(name)
    if label is None and name in MULTI_PARAMS:
        label = name.replace("_", " ").capitalize()
    return f"{label} : {message}" if label else message


def _radius(filterset, params):
    if filterset.is_valid() and filterset.form.cleaned_data.get("rayon_km"):
        value = float(filterset.form.cleaned_data["rayon_km"])
        return int(value) if value.is_integer() else value
    return DEFAULT_RADIUS_KM


def _form_context(params, page_data, filterset, where, location, errors, radius):
    """What the template needs to show the form as it was sent."""
    error_ids = {field_id for field_id, _ in errors}
    commune_text = params.get("commune", "").strip()
    if not commune_text and where is None and location is not None:
        if params.get("code_insee") or params.get("code_postal"):
            commune_text = params.get("code_postal") or location.label
    around_me = (
        not commune_text
        and not params.get("adresse")
        and params.get("lat") is not None
        and params.get("lon") is not None
    )
    quand = params.get("quand")
    if quand is None:
        quand = (
            "maintenant"
            if params.get("ouvert_maintenant") in ("true", "True", "1", "on")
            else ("jour" if params.get("ouvert_le") else "")
        )
    jour, heure = params.get("jour", ""), params.get("heure", "")
    if not jour and params.get("ouvert_le"):
        jour, _, rest = params["ouvert_le"].partition("T")
        heure = heure or rest[:5]
    radius_choices = sorted({*RADIUS_CHOICES, radius}) if radius else RADIUS_CHOICES
    return {
        "commune": commune_text,
        "adresse": params.get("adresse", ""),
        "lat": params.get("lat", "") if around_me else "",
        "lon": params.get("lon", "") if around_me else "",
        "around_me": around_me,
        "q": params.get("q", ""),
        "quand": quand,
        "when_choices": WHEN_CHOICES,
        "jour": jour,
        "heure": heure,
        "radius_choices": radius_choices,
        "services": _services_group(params),
        "groups": [_group(params, *group) for group in FILTER_GROUPS],
        "hidden": [(value) for value in params.getlist("itinerance")],
        "error_ids": error_ids,
        "filters_open": _filters_open(params, error_ids),
    }


def _services_group(params):
    selected = set(params.getlist("services"))
    return [
        {
            "value": value,
            "title": words[0],
            "explanation": words[1],
            "checked": value in selected,
            "index": index,
        }
        for index, (value, words) in enumerate(SERVICE_WORDS.items())
    ]


def _group(params, name, legend, enumeration):
    selected = set(params.getlist(name))
    return {
        "name": name,
        "legend": legend,
        "help": FILTER_HELP.get(name, ""),
        "options": [
            {"value": value, "label": label, "checked": value in selected, "index": index}
            for index, (value, label) in enumerate(enumeration.choices)
        ],
    }


def _filters_open(params, error_ids):
    names = [name for name, _, _ in FILTER_GROUPS]
    if any(params.getlist(name) for name in names) or params.get("q"):
        return True
    return any(field_id.startswith(tuple(f"id_{name}" for name in names)) for field_id in error_ids)


def _results(request, filterset, page_data, location, radius, errors):
    lieux = filterset.qs
    day = page_data.get("jour") if page_data.get("quand") == "jour" else None
    if day and not page_data.get("heure"):
        lieux = filter_open_on_day(lieux, day)
    number = page_data.get("page") or 1
    rows, total = _page_of(lieux, number)
    if total is None:  # an empty page: no results at all, or a page past the last one
        total = lieux.count() if number > 1 else 0
        if total:
            pages = -(-total // PAGE_SIZE)
            errors.append(("resultats", f"La page {number} n'existe pas : il y a {pages} page(s)."))
            rows, total = _page_of(lieux, 1)
        number = 1
    paginator = Paginator(range(total), PAGE_SIZE)
    page = paginator.page(number)
    now = timezone.now()
    at = filterset.at or now
    is_now = filterset.at is None or request.GET.get("quand") == "maintenant"
    results = []
    for index, lieu in enumerate(rows, start=page.start_index()):
        results.append(
            {
                "lieu": lieu,
                "number": index,
                "distance": distance_text(getattr(lieu, "distance", None)),
                "status": status_text(opening_of(lieu, at), at, now=is_now),
                "day_hours": day_ranges_text(lieu.horaires, lieu.fuseau_horaire, day)
                if day
                else "",
                "services": [SHORT_SERVICE.get(value, value) for value in lieu.services],
                "access": labels("modalites_acces", lieu.modalites_acces),
                "phone": _phone_display(lieu.telephone),
                "at_commune_centre": lieu.point_source == PointSource.COMMUNE,
            }
        )
    return {
        "page": page,
        "paginator": paginator,
        "results": results,
        "count": paginator.count,
        "summary": _summary(request.GET, page_data),
        "wider_radius": next((r for r in RADIUS_CHOICES if r > radius), None)
        if location is not None
        else None,
        "has_filters": any(
            request.GET.getlist(name) for name in (*MULTI_PARAMS, "q", "quand", *WHEN_PARAMS)
        ),
        "without_filters": _without_filters_query(request.GET),
        "day_text": long_date_text(day) if day else "",
        "map_data": _map_data(results, location, radius) if location is not None else None,
    }


def _page_of(lieux, number):
    """(places of one page, total count) in one query: COUNT(*) OVER () brings the total with
    the rows (one scan instead of a COUNT then a SELECT). The total is None for an empty page."""
    offset = (number - 1) * PAGE_SIZE
    rows = list(lieux.annotate(total_count=Window(Count("*")))[offset : offset + PAGE_SIZE])
    return rows, (rows[0].total_count if rows else None)


def _summary(params, page_data):
    """The criteria in words, under the result count."""
    parts = []
    services = params.getlist("services")
    if services:
        parts.append("pour : " + ", ".join(SHORT_SERVICE.get(s, s).lower() for s in services))
    for name, legend, _ in FILTER_GROUPS:
        values = params.getlist(name)
        if values:
            parts.append(f"{legend.rstrip(' ?').lower()} : " + ", ".join(labels(name, values)))
    quand = page_data.get("quand")
    if quand == "maintenant" or (not quand and params.get("ouvert_maintenant")):
        parts.append("ouverts maintenant")
    elif quand == "jour" and page_data.get("jour"):
        moment = long_date_text(page_data["jour"])
        if page_data.get("heure"):
            moment += f" à {page_data['heure']:%H:%M}".replace(":", " h ")
        parts.append(f"ouverts le {moment}")
    if params.get("q"):
        parts.append(f"dont le nom contient « {params['q']} »")
    return parts


def _without_filters_query(params):
    kept = {
        name: params.getlist(name)
        for name in (*LOCATION_PARAMS, "commune", "rayon_km")
        if params.getlist(name)
    }
    return urlencode(kept, doseq=True)


def _map_data(results, location, radius):
    return {
        "centre": [location.point.y, location.point.x],
        "rayon_km": radius,
        "tuiles": getattr(settings, "MAP_TILE_URL", ""),
        "attribution": getattr(settings, "MAP_TILE_ATTRIBUTION", ""),
        "contours": reverse("annuaire-contours"),
        "lieux": [
            {
                "n": result["number"],
                "id": result["lieu"].pk,
                "nom": result["lieu"].nom,
                "lat": round(result["lieu"].point.y, 6),
                "lon": round(result["lieu"].point.x, 6),
                "url": reverse("lieu-detail", args=[result["lieu"].pk]),
                "etat": result["status"].state,
            }
            for result in results
            if result["lieu"].point is not None
        ],
    }


class SimplifyPreserveTopology(GeoFunc):
    function = "ST_SimplifyPreserveTopology"
    geom_param_pos = (0,)
    output_field = MultiPolygonField(srid=4326)


@gzip_page
@require_GET
def communes_contours(request):
    """Simplified outlines of the communes in a box, as GeoJSON: what the map draws when no
    tile server is set. `bbox=min_lon,min_lat,max_lon,max_lat` (WGS84)."""
    try:
        west, south, east, north = (round(float(v), 2) for v in request.GET["bbox"].split(","))
    except (KeyError, ValueError):
        return HttpResponseBadRequest(
            "bbox : quatre nombres attendus (ouest,sud,est,nord).", content_type="text/plain"
        )
    if not (west < east and south < north):
        return HttpResponseBadRequest(
            "bbox : ouest < est et sud < nord.", content_type="text/plain"
        )
    span = max(east - west, north - south)
    features = []
    if span <= MAX_OUTLINE_SPAN:
        tolerance = round(span / 400, 5)
        box = Polygon.from_bbox((west, south, east, north))
        box.srid = 4326
        outlines = (
            Commune.objects.filter(contour__bboverlaps=box)
            .annotate(
                outline=AsGeoJSON(
                    SimplifyPreserveTopology(
                        "contour", Value(tolerance, output_field=FloatField())
                    ),
                    precision=4,
                )
            )
            .values_list("code_insee", "nom", "outline")[:MAX_OUTLINES]
        )
        features = [
            '{"type":"Feature","properties":'
            + json.dumps({"code": code, "nom": nom}, ensure_ascii=False)
            + ',"geometry":'
            + outline
            + "}"
            for code, nom, outline in outlines
            if outline
        ]
    body = '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- Place sheet ---------------------------------------------------------------------------


@require_GET
def lieu_detail(request, pk):
    lieu = get_object_or_404(Lieu.objects.public().select_related("hub", "commune_ref"), pk=pk)
    now = timezone.now()
    status = opening_of(lieu, now)
    context = {
        "lieu": lieu,
        "status": status_text(status, now),
        "week": week_hours(lieu.horaires, lieu.fuseau_horaire, now, lieu.closed_on),
        "closure": _closure(lieu, timezone.localdate()),
        "services": [
            {"title": SERVICE_WORDS[v][0], "explanation": SERVICE_WORDS[v][1]}
            if v in SERVICE_WORDS
            else {"title": v, "explanation": ""}
            for v in lieu.services
        ],
        "publics": labels("publics_specifiquement_adresses", lieu.publics_specifiquement_adresses),
        "prise_en_charge": labels("prise_en_charge_specifique", lieu.prise_en_charge_specifique),
        "frais": labels("frais_a_charge", lieu.frais_a_charge),
        "acces": labels("modalites_acces", lieu.modalites_acces),
        "accompagnement": labels("modalites_accompagnement", lieu.modalites_accompagnement),
        "dispositifs": labels(
            "dispositif_programmes_nationaux", lieu.dispositif_programmes_nationaux
        ),
        "formations": labels("formations_labels", lieu.formations_labels)
        + list(lieu.autres_formations_labels),
        "typologie": labels("typologie", lieu.typologie),
        "itinerance": labels("itinerance", lieu.itinerance),
        "maps": _map_links(lieu),
        "updated": long_date_text(lieu.date_maj),
        "updated_age": age_text(lieu.date_maj, timezone.localdate()),
        "back_url": _back_to_search(request),
        "phone_display": _phone_display(lieu.telephone),
        "at_commune_centre": lieu.point_source == PointSource.COMMUNE,
    }
    return render(request, "directory/lieu_detail.html", context)


def _closure(lieu, today):
    """The current or coming temporary closure, as one sentence, or None."""
    if lieu.fermeture_fin is None or lieu.fermeture_fin < today:
        return None
    if lieu.fermeture_debut == lieu.fermeture_fin:
        dates = f"le {long_date_text(lieu.fermeture_debut)}"
    else:
        dates = f"du {long_date_text(lieu.fermeture_debut)} au {long_date_text(lieu.fermeture_fin)}"
    return {"dates": dates, "message": lieu.fermeture_message}


def _map_links(lieu):
    address = ", ".join(
        part
        for part in (lieu.adresse, lieu.complement_adresse, f"{lieu.code_postal} {lieu.commune}")
        if part.strip()
    )
    if lieu.point is None:
        return {
            "geo": "",
            "osm": "https://www.openstreetmap.org/search?" + urlencode({"query": address}),
        }
    lat, lon = round(lieu.point.y, 6), round(lieu.point.x, 6)
    return {
        "geo": f"geo:{lat},{lon}?q={quote(address)}",
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=18/{lat}/{lon}",
    }


def _phone_display(number):
    """+33512345678 → 05 12 34 56 78 (metropolitan numbers); others as given."""
    if number.startswith("+33") and len(number) == 12 and number[3:].isdigit():
        digits = "0" + number[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return number


def _back_to_search(request):
    """The search the person came from, when they came from one on this site."""
    referer = urlparse(request.META.get("HTTP_REFERER", ""))
    if referer.netloc == request.get_host() and referer.path == reverse("annuaire"):
        return referer.path + ("?" + referer.query if referer.query else "")
    return ""


# --- Error report --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def lieu_signaler(request, pk):
    lieu = get_object_or_404(Lieu.objects.public().select_related("hub"), pk=pk)
    if request.method == "POST":
        form = SignalementForm(request.POST)
        if form.is_spam:  # looks accepted, so that robots learn nothing
            return redirect("lieu-signaler-merci", pk=lieu.pk)
        if form.is_valid():
            signalement_create(
                lieu=lieu,
                categories=form.cleaned_data["categories"],
                message=form.cleaned_data["message"],
                contact_email=form.cleaned_data["contact_email"],
                base_url=request.build_absolute_uri("/").rstrip("/"),
            )
            return redirect("lieu-signaler-merci", pk=lieu.pk)
        status = 400
    else:
        form = SignalementForm()
        status = 200
    return render(request, "directory/signaler.html", {"lieu": lieu, "form": form}, status=status)


@require_GET
def lieu_signaler_merci(request, pk):
    lieu = get_object_or_404(Lieu, pk=pk)
    return render(request, "directory/signaler_merci.html", {"lieu": lieu})
