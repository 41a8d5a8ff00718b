"""Places (lieux) holding every field of the national standard v1.0.2, plus what the directory
needs: where the record came from, how its point was obtained, and its hub."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass

from geodata.models import Commune

from .enums import ChangeAction, HubRole
from .querysets import LieuQuerySet


def multi(verbose_name):
    """A multi-valued field of the standard: its exact French strings in a GIN-indexed array."""
    return ArrayField(models.TextField(), default=list, blank=True, verbose_name=verbose_name)


class PointSource(models.TextChoices):
    SOURCE = "source", "coordonnées fournies par la source"
    GEOCODAGE = "geocodage", "adresse géocodée"
    COMMUNE = "commune", "centre de la commune (adresse non localisée)"
    MANUEL = "manuel", "position placée à la main"


class Hub(models.Model):
    """A mediation hub that coordinates places: its members keep them up to date."""

    nom = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    # Territory: départements (codes such as "42", "2A", "974") and/or communes (INSEE codes).
    departements = ArrayField(
        models.CharField(max_length=3), default=list, blank=True, verbose_name="départements"
    )
    communes = ArrayField(
        models.CharField(max_length=5),
        default=list,
        blank=True,
        verbose_name="communes (codes INSEE)",
    )
    courriel = models.EmailField("courriel de contact", blank=True)
    telephone = models.CharField("téléphone de contact", max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hub"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    @property
    def import_source(self):
        """The hub's own dataset, where its uploaded files go (stable even if the slug changes)."""
        return f"hub-{self.pk}"

    def covers(self, code_insee):
        """Whether a commune is in the hub's territory (a hub without territory covers all)."""
        if not self.departements and not self.communes:
            return True
        if code_insee in self.communes:
            return True
        departement = code_insee[:3] if code_insee[:2] in {"97", "98"} else code_insee[:2]
        return departement in self.departements


class Membership(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=HubRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "membre"
        constraints = [
            models.UniqueConstraint(fields=["hub", "user"], name="membership_unique_hub_user")
        ]

    def __str__(self):
        return f"{self.user.email} ({self.get_role_display()}, {self.hub})"

    @property
    def is_admin(self):
        return self.role == HubRole.ADMIN


class Invitation(models.Model):
    """An e-mailed invitation to join a hub; its link signs the id and expires."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("courriel")
    role = models.CharField("rôle", max_length=20, choices=HubRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation de {self.email} ({self.hub})"


class Lieu(models.Model):
    # Where the record comes from: the dataset it was imported from and its id in that dataset.
    import_source = models.CharField("jeu de données", max_length=100)
    source_id = models.TextField("identifiant dans la source (id)")

    # Fields of the standard, in its order and with its names.
    pivot = models.CharField(max_length=14, default="00000000000000")
    nom = models.TextField()
    commune = models.TextField()
    code_postal = models.CharField(max_length=5)
    code_insee = models.CharField(max_length=5, blank=True)
    adresse = models.TextField()
    complement_adresse = models.TextField(blank=True)
    typologie = multi("typologie")
    telephone = models.CharField(max_length=20, blank=True)
    courriels = multi("courriels")
    site_web = multi("sites web")
    horaires = models.TextField(blank=True, help_text="Syntaxe OpenStreetMap opening_hours")
    presentation_resume = models.CharField(max_length=280, blank=True)
    presentation_detail = models.TextField(blank=True)
    source = models.TextField(blank=True)
    itinerance = multi("itinérance")
    structure_parente = models.TextField(blank=True)
    date_maj = models.DateField("date de mise à jour")
    services = multi("services")
    publics_specifiquement_adresses = multi("publics spécifiquement adressés")
    prise_en_charge_specifique = multi("prise en charge spécifique")
    frais_a_charge = multi("frais à charge")
    dispositif_programmes_nationaux = multi("dispositifs et programmes nationaux")
    formations_labels = multi("formations et labels")
    autres_formations_labels = multi("autres formations et labels")
    modalites_acces = multi("modalités d'accès")
    modalites_accompagnement = multi("modalités d'accompagnement")
    fiche_acces_libre = models.TextField(blank=True)
    prise_rdv = models.TextField(blank=True)

    # Location: the standard's latitude/longitude, or the geocoded address, or the commune centre.
    point = models.PointField(geography=True, srid=4326, null=True, blank=True)
    point_source = models.CharField(max_length=20, choices=PointSource.choices, blank=True)
    geocodage_precision = models.CharField(max_length=20, blank=True)
    geocodage_erreur = models.TextField(blank=True)
    commune_ref = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.SET_NULL, related_name="lieux"
    )
    # Time zone of the place (overseas places do not live on Paris time), for opening hours.
    fuseau_horaire = models.CharField(max_length=40, default="Europe/Paris")

    nom_recherche = models.TextField(editable=False, default="")
    # Hash of the standard fields as imported: an unchanged row is detected without comparing.
    empreinte = models.CharField(max_length=64, editable=False, default="")
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="lieux"
    )
    # Temporary closure (holidays, works): whole days, both included, in the place's time zone.
    fermeture_debut = models.DateField("fermé du", null=True, blank=True)
    fermeture_fin = models.DateField("au", null=True, blank=True)
    # A database default too: the importer inserts rows without this column.
    fermeture_message = models.CharField(
        "message de fermeture", max_length=280, blank=True, db_default=""
    )
    # An archived place is kept (history, re-imports) but no longer shown or exported.
    archive_le = models.DateTimeField("archivé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LieuQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        constraints = [
            models.UniqueConstraint(
                fields=["import_source", "source_id"], name="lieu_unique_source_id"
            ),
            models.CheckConstraint(
                condition=models.Q(fermeture_fin__gte=models.F("fermeture_debut"))
                | models.Q(fermeture_debut__isnull=True)
                | models.Q(fermeture_fin__isnull=True),
                name="lieu_fermeture_ordonnee",
            ),
        ]
        indexes = [
            GinIndex(fields=["services"], name="lieu_services_gin"),
            GinIndex(fields=["publics_specifiquement_adresses"], name="lieu_publics_gin"),
            GinIndex(fields=["prise_en_charge_specifique"], name="lieu_prise_en_charge_gin"),
            GinIndex(fields=["frais_a_charge"], name="lieu_frais_gin"),
            GinIndex(fields=["dispositif_programmes_nationaux"], name="lieu_dispositifs_gin"),
            GinIndex(fields=["modalites_accompagnement"], name="lieu_accompagnement_gin"),
            GinIndex(fields=["modalites_acces"], name="lieu_acces_gin"),
            GinIndex(fields=["itinerance"], name="lieu_itinerance_gin"),
            GinIndex(OpClass("nom_recherche", name="gin_trgm_ops"), name="lieu_nom_trgm"),
            # "Open now" filters on a few hours strings; the latest write dates the hours cache.
            HashIndex(fields=["horaires"], name="lieu_horaires_hash"),
            models.Index(fields=["updated_at"], name="lieu_updated_at"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune})"

    @property
    def latitude(self):
        return self.point.y if self.point else None

    @property
    def longitude(self):
        return self.point.x if self.point else None

    def closed_on(self, day):
        """Whether a temporary closure covers `day` (a date in the place's time zone)."""
        if self.fermeture_debut is None or self.fermeture_fin is None:
            return False
        return self.fermeture_debut <= day <= self.fermeture_fin


class LieuChange(models.Model):
    """One change to a place, kept for its hub: who, when, what (field: [before, after])."""

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="changes")
    hub = models.ForeignKey(Hub, null=True, on_delete=models.SET_NULL, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too: the history still says who after the account is deleted.
    user_email = models.EmailField(blank=True)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=ChangeAction.choices)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "modification d'un lieu"
        verbose_name_plural = "historique des lieux"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["lieu", "-at"], name="lieuchange_lieu_at"),
            models.Index(fields=["hub", "-at"], name="lieuchange_hub_at"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} de {self.lieu_id} le {self.at:%d/%m/%Y %H:%M}"


class HubImport(models.Model):
    """A file uploaded by a hub admin: previewed (dry run), then confirmed."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField("fichier", max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    preview = models.JSONField("aperçu", default=dict, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField("résultat", default=dict, blank=True)

    class Meta:
        verbose_name = "import d'un hub"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.hub}, {self.created_at:%d/%m/%Y})"


class HubToken(models.Model):
    """An API key that lets a program write the hub's places. Only its hash is stored."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField("nom", max_length=100)
    prefix = models.CharField(max_length=8)  # shown to recognise the key
    digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the key
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "clé d'API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…, {self.hub})"


class Signalement(models.Model):
    """A report that something is wrong on a place's sheet, sent without an account; the
    place's hub (or the admins when it has none) reads and closes it."""

    class Categorie(models.TextChoices):
        FERME = "ferme", "Le lieu est fermé définitivement ou a déménagé"
        HORAIRES = "horaires", "Les horaires sont faux"
        ADRESSE = "adresse", "L'adresse ou la position sur la carte est fausse"
        CONTACT = "contact", "Le téléphone, le courriel ou le site est faux"
        SERVICES = "services", "Les services proposés sont faux"
        AUTRE = "autre", "Autre chose"

    class Statut(models.TextChoices):
        NOUVEAU = "nouveau", "nouveau"
        EN_COURS = "en_cours", "en cours de traitement"
        TRAITE = "traite", "traité"
        REJETE = "rejete", "rejeté"

    lieu = models.ForeignKey(Lieu, on_delete=models.CASCADE, related_name="signalements")
    # The hub responsible when the report was made (the place may change hub later).
    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="signalements"
    )
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    categories = ArrayField(
        models.CharField(max_length=20, choices=Categorie.choices),
        default=list,
        blank=True,
        verbose_name="ce qui ne va pas",
    )
    message = models.TextField(blank=True)
    contact_email = models.EmailField("courriel de contact", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.NOUVEAU
    )
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "signalement"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["hub", "status"], name="signalement_hub_status")]

    def __str__(self):
        return f"Signalement du {self.created_at:%d/%m/%Y} sur {self.lieu.nom}"

    def get_categories_display(self):
        labels = dict(self.Categorie.choices)
        return [labels.get(value, value) for value in self.categories]
