"""Workspace API (/api/espace/): hub members and hub API keys write the hub's places.

Authentication: a hub API key (`Authorization: Bearer <key>`, acting for its hub only) or the
workspace session (CSRF enforced on writes). A place the caller may not edit is a 404, as in
the pages. Values are checked with the rules of the standard's importer (directory.standard):
enumerations take the standard's exact strings; phones, e-mails, URLs, hours, postcodes and
coordinates are read as an import reads them (a phone "04 77 …" is stored "+33477…"), and a
value the standard does not accept is a 400 naming the field. Changes go through
directory.services (date_maj, geocoding, history).
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Max
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from geodata.geo import point_from_lat_lon

from .. import enums
from ..api import StrictPageNumbers
from ..api_auth import HubTokenAuthentication, lieu_changes_note_key
from ..models import Hub, HubToken, Lieu, LieuChange
from ..permissions import editable_lieux, editable_lieux_for_key, hubs_of
from ..services import (
    EDITABLE_FIELDS,
    LieuOutsideTerritory,
    LieuUpdateError,
    lieu_close,
    lieu_confirm,
    lieu_create,
    lieu_reopen,
    lieu_update,
)
from ..standard.rows import build_outcome

REQUIRED_FIELDS = ("nom", "adresse", "code_postal", "commune")
COORDINATES = ("latitude", "longitude")
CLOSURE_FIELDS = ("fermeture_debut", "fermeture_fin", "fermeture_message")
# The standard's notes name coordinates as one field.
NOTE_FIELDS = {"coordonnees": COORDINATES}


def _text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, help_text=help_text, **kwargs)


def _enumeration(enum, help_text):
    return serializers.ListField(
        child=serializers.ChoiceField(choices=enum.choices),
        required=False,
        help_text=f"{help_text} Valeurs exactes du standard.",
    )


def _list(help_text):
    return serializers.ListField(
        child=serializers.CharField(allow_blank=False), required=False, help_text=help_text
    )


class EspaceLieuSerializer(serializers.Serializer):
    """A place of the hub: the standard's fields, its position and its temporary closure."""

    url = serializers.HyperlinkedIdentityField(view_name="api-espace-lieu", read_only=True)
    pk = serializers.IntegerField(
        read_only=True, help_text="Numéro du lieu dans Aiguillage (celui des adresses de l'API)."
    )
    id = serializers.CharField(
        source="source_id", read_only=True, help_text="Identifiant du lieu dans son jeu de données."
    )
    hub = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Hub.objects.all(),
        required=False,
        help_text="Hub du lieu (son slug). À la création, obligatoire pour un membre de "
        "plusieurs hubs ; ne peut pas être changé ensuite.",
    )
    pivot = _text("SIRET de la structure (14 chiffres), ou 00000000000000.")
    nom = serializers.CharField(required=False, help_text="Nom du lieu.")
    commune = serializers.CharField(required=False, help_text="Nom de la commune.")
    code_postal = serializers.CharField(required=False, help_text="Code postal (5 chiffres).")
    code_insee = _text("Code INSEE de la commune.")
    adresse = serializers.CharField(required=False, help_text="Numéro et voie.")
    complement_adresse = _text("Complément d'adresse.")
    latitude = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=-90,
        max_value=90,
        help_text="Latitude (WGS 84). La position envoyée est gardée telle quelle (placée à la "
        "main) ; latitude et longitude à null : le lieu est à nouveau placé d'après son adresse.",
    )
    longitude = serializers.FloatField(
        required=False,
        allow_null=True,
        min_value=-180,
        max_value=180,
        help_text="Longitude (WGS 84).",
    )
    typologie = _enumeration(enums.Typologie, "Types de structure.")
    telephone = _text("Téléphone (enregistré au format international +33…).")
    courriels = _list("Adresses électroniques.")
    site_web = _list("Sites web (https://…).")
    horaires = _text("Horaires au format OpenStreetMap opening_hours.")
    presentation_resume = _text("Présentation courte.", max_length=280)
    presentation_detail = _text("Présentation détaillée.")
    source = _text("Source de la donnée.")
    itinerance = _enumeration(enums.Itinerance, "Lieu fixe ou itinérant.")
    structure_parente = _text("Structure parente.")
    date_maj = serializers.DateField(
        read_only=True, help_text="Date de mise à jour : mise à la date du jour à chaque écriture."
    )
    services = _enumeration(enums.Service, "Services proposés.")
    publics_specifiquement_adresses = _enumeration(enums.Public, "Publics spécifiquement adressés.")
    prise_en_charge_specifique = _enumeration(enums.PriseEnCharge, "Prise en charge spécifique.")
    frais_a_charge = _enumeration(enums.Frais, "Frais à charge.")
    dispositif_programmes_nationaux = _enumeration(
        enums.Dispositif, "Dispositifs et programmes nationaux."
    )
    formations_labels = _enumeration(enums.FormationLabel, "Formations et labels.")
    autres_formations_labels = _list("Autres formations et labels (texte libre).")
    modalites_acces = _enumeration(enums.ModaliteAcces, "Modalités d'accès.")
    modalites_accompagnement = _enumeration(
        enums.ModaliteAccompagnement, "Modalités d'accompagnement."
    )
    fiche_acces_libre = _text("Adresse de la fiche Accès libre (accessibilité).")
    prise_rdv = _text("Adresse de prise de rendez-vous.")
    fermeture_debut = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Fermeture temporaire : premier jour fermé. null (avec fermeture_fin) pour "
        "rouvrir.",
    )
    fermeture_fin = serializers.DateField(
        required=False, allow_null=True, help_text="Fermeture temporaire : dernier jour fermé."
    )
    fermeture_message = _text("Message affiché pendant la fermeture.", max_length=280)
    point_source = serializers.CharField(
        read_only=True, help_text="Comment la position a été obtenue."
    )
    archive_le = serializers.DateTimeField(
        read_only=True, help_text="Date d'archivage (le lieu n'est plus affiché), ou null."
    )
    updated_at = serializers.DateTimeField(read_only=True)

    def validate(self, attrs):
        errors = {}
        lieu = self.instance
        if lieu is not None and "hub" in attrs and attrs["hub"].pk != lieu.hub_id:
            errors["hub"] = ["Le hub d'un lieu ne peut pas être changé."]
        sent = [name for name in COORDINATES if attrs.get(name) is not None]
        if len(sent) == 1 or (not sent and len([n for n in COORDINATES if n in attrs]) == 1):
            missing = next(name for name in COORDINATES if attrs.get(name) is None)
            errors[missing] = ["Envoyez la latitude et la longitude ensemble."]
        closure, closure_errors = _closure(attrs, lieu)
        errors.update(closure_errors)
        standard, standard_errors = _standard_values(attrs, lieu)
        for name, messages in standard_errors.items():
            errors.setdefault(name, []).extend(messages)
        if errors:
            raise serializers.ValidationError(errors)
        return {"hub": attrs.get("hub"), "standard": standard, "closure": closure}


def _standard_values(attrs, lieu):
    """({field: clean value} for the standard's fields in `attrs`, {field: [errors]}): the
    values read as the importer reads a row, in the context of the place's other fields."""
    sent = {
        name: value
        for name, value in attrs.items()
        if name in EDITABLE_FIELDS or (name in COORDINATES and value is not None)
    }
    relocate = all(name in attrs and attrs[name] is None for name in COORDINATES)
    if not sent and lieu is not None:
        return ({"point": None} if relocate else {}), {}
    row = {"id": "api", "date_maj": timezone.localdate().isoformat()}
    if lieu is not None:
        # Context: the postcode decides the phone prefix and the territory of coordinates.
        row.update(nom=lieu.nom or "x", adresse=lieu.adresse or "x", commune=lieu.commune or "x")
        row["code_postal"] = lieu.code_postal
        if "code_postal" in sent and "code_insee" not in sent:
            row["code_insee"] = lieu.code_insee
    row.update(sent)
    outcome = build_outcome(row, line=1, date_maj_default=timezone.localdate(), date_maj_origin="")

    errors = {}

    def add(name, text):
        for target in NOTE_FIELDS.get(name, (name,)):
            if lieu is None or target in sent or target == "code_postal":
                errors.setdefault(target, []).append(text[:1].upper() + text[1:] + ".")

    for note in outcome.errors:
        name, _, text = note.partition(": ")
        add(name, text)
    for note in outcome.repairs:
        name, _, text = note.partition(": ")
        if name == "coordonnees":  # coordinates the standard drops (outside the territory…)
            add(name, "coordonnées refusées : " + text.replace(", retirées", ""))
        elif name == "code_insee" and "code postal" in text:
            add("code_insee" if "code_insee" in sent else "code_postal", text)
    for name, values in outcome.unknown_values.items():
        shown = ", ".join(f"« {value} »" for value in values)
        add(name, f"valeur non reconnue par le standard : {shown}")
    if errors or outcome.record is None:
        return {}, errors or {"non_field_errors": ["Lieu refusé par le standard."]}
    record = outcome.record
    values = {name: getattr(record, name) for name in sent if name in EDITABLE_FIELDS}
    if "latitude" in sent:
        values["point"] = point_from_lat_lon(record.latitude, record.longitude)
    elif relocate and lieu is not None:
        values["point"] = None
    return values, {}


def _closure(attrs, lieu):
    """(None, {}) when no closure field is sent; ((start, end, message), {}) to close;
    ((None, None, ""), {}) to reopen; else (None, {field: [errors]})."""
    if not any(name in attrs for name in CLOSURE_FIELDS):
        return None, {}
    current = (
        (lieu.fermeture_debut, lieu.fermeture_fin, lieu.fermeture_message) if lieu else (None,) * 3
    )
    start = attrs.get("fermeture_debut", current[0])
    end = attrs.get("fermeture_fin", current[1])
    message = attrs.get("fermeture_message", current[2]) or ""
    if start is None and end is None:
        if message and "fermeture_message" in attrs:
            return None, {"fermeture_debut": ["Indiquez les dates de la fermeture."]}
        return (None, None, ""), {}
    if start is None:
        return None, {"fermeture_debut": ["Indiquez aussi le premier jour de fermeture."]}
    if end is None:
        return None, {"fermeture_fin": ["Indiquez aussi le dernier jour de fermeture."]}
    if end < start:
        return None, {"fermeture_fin": ["Le dernier jour précède le premier jour."]}
    return (start, end, message), {}


class IsMemberOrHubKey(permissions.BasePermission):
    """A signed-in account (its places are those of its hubs) or an active hub API key."""

    def has_permission(self, request, view):
        if isinstance(request.auth, HubToken):
            return True
        return bool(request.user and request.user.is_authenticated)


class EspacePagination(StrictPageNumbers, PageNumberPagination):
    django_paginator_class = Paginator  # a hub's places: an exact count is cheap
    page_size = 50


class EspaceMixin:
    authentication_classes = [HubTokenAuthentication, SessionAuthentication]
    permission_classes = [IsMemberOrHubKey]
    serializer_class = EspaceLieuSerializer
    queryset = Lieu.objects.none()

    @property
    def hub_token(self):
        auth = getattr(self.request, "auth", None)
        return auth if isinstance(auth, HubToken) else None

    @property
    def actor(self):
        """Who the history names: the member, or the creator of the key."""
        token = self.hub_token
        return token.created_by if token else self.request.user

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Lieu.objects.none()
        token = self.hub_token
        lieux = editable_lieux_for_key(token) if token else editable_lieux(self.request.user)
        return lieux.select_related("hub").order_by("pk")

    def _write(self, lieu, validated, *, create_in=None):
        """Apply validated changes in one transaction; returns the place."""
        standard, closure = validated["standard"], validated["closure"]
        actor = self.actor
        try:
            with transaction.atomic():
                last = LieuChange.objects.aggregate(last=Max("pk"))["last"]
                if create_in is not None:
                    lieu = lieu_create(hub=create_in, user=actor, data=standard)
                elif standard:
                    lieu_update(lieu=lieu, user=actor, data=standard)
                if closure is not None:
                    _apply_closure(lieu, actor, closure)
                if self.hub_token is not None:
                    lieu_changes_note_key(lieu=lieu, token=self.hub_token, after_pk=last)
        except LieuOutsideTerritory as error:
            raise serializers.ValidationError({"commune": [str(error)]}) from error
        except LieuUpdateError as error:
            raise serializers.ValidationError({"non_field_errors": [str(error)]}) from error
        return lieu


def _apply_closure(lieu, user, closure):
    start, end, message = closure
    if start is None:
        if lieu.fermeture_debut is not None or lieu.fermeture_fin is not None:
            lieu_reopen(lieu=lieu, user=user)
    elif closure != (lieu.fermeture_debut, lieu.fermeture_fin, lieu.fermeture_message):
        lieu_close(lieu=lieu, user=user, start=start, end=end, message=message)


HUB_PARAMETER = OpenApiParameter(
    "hub", OpenApiTypes.STR, description="Seulement les lieux de ce hub (son slug)."
)


@extend_schema_view(
    get=extend_schema(
        tags=["espace"],
        summary="Lieux que l'appelant peut modifier",
        description="Les lieux des hubs du compte connecté, ou du hub de la clé d'API "
        "(archivés compris).",
        parameters=[HUB_PARAMETER],
    ),
    post=extend_schema(
        tags=["espace"],
        summary="Créer un lieu dans un hub",
        description="Crée le lieu dans le hub de la clé d'API, ou dans le hub du membre "
        "(champ `hub` obligatoire pour un membre de plusieurs hubs). Sans latitude ni "
        "longitude, l'adresse est géolocalisée.",
    ),
)
class EspaceLieuListView(EspaceMixin, generics.ListCreateAPIView):
    pagination_class = EspacePagination

    def get_queryset(self):
        lieux = super().get_queryset()
        slug = self.request.query_params.get("hub")
        return lieux.filter(hub__slug=slug) if slug else lieux

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        hub = self._target_hub(serializer.validated_data["hub"])
        lieu = self._write(None, serializer.validated_data, create_in=hub)
        data = self.get_serializer(lieu).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["url"]})

    def _target_hub(self, asked):
        token = self.hub_token
        if token is not None:
            if asked is not None and asked.pk != token.hub_id:
                raise serializers.ValidationError(
                    {"hub": [f"Cette clé ne crée des lieux que dans le hub « {token.hub.slug} »."]}
                )
            return token.hub
        hubs = list(hubs_of(self.request.user))
        if asked is not None:
            if asked not in hubs:
                raise serializers.ValidationError({"hub": ["Vous n'êtes pas membre de ce hub."]})
            return asked
        if not hubs:
            raise PermissionDenied("Votre compte n'est membre d'aucun hub.")
        if len(hubs) > 1:
            slugs = ", ".join(hub.slug for hub in hubs)
            raise serializers.ValidationError(
                {"hub": [f"Vous êtes membre de plusieurs hubs : précisez lequel ({slugs})."]}
            )
        return hubs[0]


@extend_schema_view(
    get=extend_schema(tags=["espace"], summary="Un lieu que l'appelant peut modifier"),
    patch=extend_schema(
        tags=["espace"],
        summary="Modifier un lieu",
        description="Modification partielle : seuls les champs envoyés changent ; date_maj "
        "passe à la date du jour et l'historique du hub garde la modification. Une nouvelle "
        "adresse est géolocalisée, sauf si latitude et longitude sont envoyées. "
        "Fermeture temporaire : fermeture_debut, fermeture_fin (et fermeture_message) ; "
        "les deux dates à null pour rouvrir.",
    ),
)
class EspaceLieuDetailView(EspaceMixin, generics.RetrieveUpdateAPIView):
    http_method_names = ["get", "patch", "head", "options"]

    def partial_update(self, request, *args, **kwargs):
        lieu = self.get_object()
        serializer = self.get_serializer(lieu, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        lieu = self._write(lieu, serializer.validated_data)
        return Response(self.get_serializer(lieu).data)


class EspaceLieuConfirmView(EspaceMixin, generics.GenericAPIView):
    @extend_schema(
        tags=["espace"],
        summary="Confirmer qu'un lieu est à jour",
        description="Rien ne change que date_maj (date du jour) ; l'historique le garde.",
        request=None,
        responses=EspaceLieuSerializer,
    )
    def post(self, request, pk):
        lieu = self.get_object()
        with transaction.atomic():
            last = LieuChange.objects.aggregate(last=Max("pk"))["last"]
            lieu_confirm(lieu=lieu, user=self.actor)
            if self.hub_token is not None:
                lieu_changes_note_key(lieu=lieu, token=self.hub_token, after_pk=last)
        return Response(self.get_serializer(lieu).data)


urlpatterns = [
    path("lieux/", EspaceLieuListView.as_view(), name="api-espace-lieux"),
    path("lieux/<int:pk>/", EspaceLieuDetailView.as_view(), name="api-espace-lieu"),
    path(
        "lieux/<int:pk>/confirmer/",
        EspaceLieuConfirmView.as_view(),
        name="api-espace-lieu-confirmer",
    ),
]
