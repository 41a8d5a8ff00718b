"""Search parameters of the API and pages, validated by django-filter: a bad value is a 400
whose message names the parameter."""

import copy
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.utils import timezone

from geodata.geo import point_from_lat_lon
from geodata.locate import (
    Location,
    LocationError,
    locate_address,
    locate_commune,
    locate_postcode,
)

from . import enums
from .search import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, LieuCriteria, search_lieux

PARIS = ZoneInfo("Europe/Paris")
# Parameter → enumeration of the standard whose exact strings it accepts.
MULTI_PARAMS = {
    "services": enums.Service,
    "publics_specifiquement_adresses": enums.Public,
    "prise_en_charge_specifique": enums.PriseEnCharge,
    "frais_a_charge": enums.Frais,
    "dispositif_programmes_nationaux": enums.Dispositif,
    "modalites_accompagnement": enums.ModaliteAccompagnement,
    "modalites_acces": enums.ModaliteAcces,
    "itinerance": enums.Itinerance,
}
WHERE_PARAMS = ("lat", "code_insee", "code_postal", "adresse")


class LieuSearchForm(forms.Form):
    def clean(self):
        data = super().clean()
        lat, lon = data.get("lat"), data.get("lon")
        if (
            (lat is None) != (lon is None)
            and not self.errors.get("lat")
            and not self.errors.get("lon")
        ):
            missing = "lon" if lon is None else "lat"
            self.add_error(missing, "lat et lon vont ensemble : indiquez les deux.")
        given = [name for name in WHERE_PARAMS if data.get(name) not in (None, "")]
        if len(given) > 1:
            self.add_error(
                given[1], f"Un seul lieu de recherche à la fois ({', '.join(given)} donnés)."
            )
        if data.get("ouvert_le") and data.get("ouvert_maintenant"):
            self.add_error("ouvert_le", "ouvert_le et ouvert_maintenant ne vont pas ensemble.")
        if not self.errors:
            try:
                data["location"] = locate(data)
            except LocationError as error:
                self.add_error(error.param, str(error))
        return data


def locate(data):
    """The point to search around, from whichever location parameter was given (or None)."""
    if data.get("lat") is not None:
        point = point_from_lat_lon(data["lat"], data["lon"])
        return Location(point, f"{data['lat']}, {data['lon']}", "coordonnees")
    if data.get("code_insee"):
        return locate_commune(data["code_insee"])
    if data.get("code_postal"):
        return locate_postcode(data["code_postal"])
    if data.get("adresse"):
        return locate_address(data["adresse"])
    return None


class ShallowCopies(dict):
    """Filters or form fields that no search changes (LieuFilter.filter_queryset reads the
    form; the form is never altered per request). django-filter deep-copies every filter, then
    Django every form field and its choices, for each search: about 1 ms of the 3 ms a search
    spends in Python. A shallow copy of each gives every search its own objects all the same."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(item) for name, item in self.items()}


def any_of(name):
    """A repeatable parameter accepting the exact values of one enumeration of the standard."""
    return django_filters.MultipleChoiceFilter(
        method="skip",
        choices=MULTI_PARAMS[name].choices,
        help_text="Valeur exacte du standard ; répétez le paramètre pour « l'une ou l'autre »",
    )


_form_classes = {}


def _form_class(filterset_class, build):
    if filterset_class not in _form_classes:
        form_class = build()
        form_class.base_fields = ShallowCopies(form_class.base_fields)
        _form_classes[filterset_class] = form_class
    return _form_classes[filterset_class]


class LieuFilter(django_filters.FilterSet):
    lat = django_filters.NumberFilter(
        method="skip", min_value=-90, max_value=90, help_text="Latitude (WGS84), avec lon"
    )
    lon = django_filters.NumberFilter(
        method="skip", min_value=-180, max_value=180, help_text="Longitude (WGS84), avec lat"
    )
    code_insee = django_filters.CharFilter(method="skip", max_length=5, help_text="Code INSEE")
    code_postal = django_filters.CharFilter(method="skip", max_length=5, help_text="Code postal")
    adresse = django_filters.CharFilter(
        method="skip", max_length=200, help_text="Adresse (géocodée)"
    )
    rayon_km = django_filters.NumberFilter(
        method="skip",
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        help_text=f"Rayon en km (défaut {DEFAULT_RADIUS_KM}, au plus {MAX_RADIUS_KM})",
    )
    q = django_filters.CharFilter(method="skip", max_length=100, help_text="Nom du lieu")
    ouvert_le = django_filters.IsoDateTimeFilter(
        method="skip",
        help_text="Ouvert à cette date et heure (ISO 8601, heure de Paris par défaut)",
    )
    ouvert_maintenant = django_filters.BooleanFilter(method="skip", help_text="Ouvert maintenant")

    class Meta:
        form = LieuSearchForm
        fields = []

    services = any_of("services")
    publics_specifiquement_adresses = any_of("publics_specifiquement_adresses")
    prise_en_charge_specifique = any_of("prise_en_charge_specifique")
    frais_a_charge = any_of("frais_a_charge")
    dispositif_programmes_nationaux = any_of("dispositif_programmes_nationaux")
    modalites_accompagnement = any_of("modalites_accompagnement")
    modalites_acces = any_of("modalites_acces")
    itinerance = any_of("itinerance")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = None
        self.at = None

    def get_form_class(self):
        """One form class for all searches (django-filter builds a new one each time)."""
        return _form_class(type(self), lambda: super(LieuFilter, self).get_form_class())

    def skip(self, queryset, name, value):
        """All parameters are applied together by filter_queryset (one search function)."""
        return queryset

    def filter_queryset(self, queryset):
        return search_lieux(self.criteria())

    def criteria(self):
        """The search that the valid parameters ask for (also sets `location` and `at`)."""
        data = self.form.cleaned_data
        self.location = data.get("location")
        if data.get("ouvert_maintenant"):
            self.at = timezone.now()
        elif data.get("ouvert_le"):
            at = data["ouvert_le"]
            self.at = at if timezone.is_aware(at) else at.replace(tzinfo=PARIS)
        return LieuCriteria(
            point=self.location.point if self.location else None,
            radius_km=float(data.get("rayon_km") or DEFAULT_RADIUS_KM),
            any_of={name: data[name] for name in MULTI_PARAMS if data.get(name)},
            q=data.get("q") or "",
            open_at=self.at,
        )


LieuFilter.base_filters = ShallowCopies(LieuFilter.base_filters)
