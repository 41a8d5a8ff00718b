"""Forms of the workspace's place pages: the place (every field of the standard, in plain
French), its opening hours (rows or the raw OSM string), its temporary closure, and the filters
of the hub's list.

Values are checked with the standard's own rules (directory.standard: postcodes, INSEE codes,
phones written +33…, e-mails, URLs, coordinates inside the postcode's territory, OSM hours),
so that what a member saves is what an import of the same values would accept."""

from django import forms
from django.utils import timezone

from geodata.geo import point_from_lat_lon
from geodata.text import normalize_name

from .. import enums, hours_editor
from ..freshness import LABELS as FRESHNESS_LABELS
from ..freshness import ORDER as FRESHNESS_ORDER
from ..pages import week_hours
from ..services import CLOSURE_MESSAGE_MAX_LENGTH, outside_territory
from ..standard import cleaning
from ..standard import hours as osm_hours
from ..standard.outcome import Notes
from ..standard.record import PIVOT_PLACEHOLDER, RESUME_MAX_LENGTH

# What each field is called on the pages and in the history (field of the standard → label).
FIELD_LABELS = {
    "nom": "Nom du lieu",
    "typologie": "Type de structure",
    "structure_parente": "Structure dont dépend le lieu",
    "pivot": "SIRET de la structure",
    "itinerance": "Lieu fixe ou itinérant",
    "source": "Source des informations",
    "adresse": "Adresse",
    "complement_adresse": "Complément d'adresse",
    "code_postal": "Code postal",
    "commune": "Commune",
    "code_insee": "Code INSEE de la commune",
    "point": "Position (latitude, longitude)",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "telephone": "Téléphone",
    "courriels": "Courriels",
    "site_web": "Sites web",
    "prise_rdv": "Lien pour prendre rendez-vous en ligne",
    "horaires": "Horaires d'ouverture",
    "services": "Services proposés",
    "publics_specifiquement_adresses": "Publics spécifiquement accueillis",
    "prise_en_charge_specifique": "Accueil adapté à des besoins particuliers",
    "frais_a_charge": "Coût pour la personne",
    "modalites_acces": "Comment venir ou prendre contact",
    "modalites_accompagnement": "Comment les personnes sont accompagnées",
    "fiche_acces_libre": "Fiche Acceslibre (accessibilité du lieu)",
    "dispositif_programmes_nationaux": "Dispositifs et programmes nationaux",
    "formations_labels": "Formations et labels",
    "autres_formations_labels": "Autres formations et labels",
    "presentation_resume": "Présentation courte",
    "presentation_detail": "Présentation détaillée",
    "date_maj": "Date de mise à jour",
    "fermeture_debut": "Fermé à partir du",
    "fermeture_fin": "Fermé jusqu'au",
    "fermeture_message": "Message de fermeture",
    "fichier": "Fichier importé",
}

ENUM_FIELDS = {
    "typologie": enums.Typologie,
    "itinerance": enums.Itinerance,
    "services": enums.Service,
    "publics_specifiquement_adresses": enums.Public,
    "prise_en_charge_specifique": enums.PriseEnCharge,
    "frais_a_charge": enums.Frais,
    "modalites_acces": enums.ModaliteAcces,
    "modalites_accompagnement": enums.ModaliteAccompagnement,
    "dispositif_programmes_nationaux": enums.Dispositif,
    "formations_labels": enums.FormationLabel,
}
ENUM_LABELS = {name: dict(enum.choices) for name, enum in ENUM_FIELDS.items()}
LINE_FIELDS = ("courriels", "site_web", "autres_formations_labels")
TEXT_FIELDS = (
    "nom",
    "structure_parente",
    "pivot",
    "source",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "telephone",
    "prise_rdv",
    "fiche_acces_libre",
    "presentation_resume",
    "presentation_detail",
)

# The sections of the page: (id, legend, fields). The hours have their own section.
SECTIONS = (
    ("identite", "Le lieu", ("nom", "typologie", "structure_parente", "pivot", "itinerance")),
    (
        "adresse",
        "Adresse et position",
        ("adresse", "complement_adresse", "code_postal", "commune", "code_insee"),
    ),
    ("contact", "Contact", ("telephone", "courriels", "site_web", "prise_rdv")),
    ("horaires", "Horaires", ()),
    (
        "services",
        "Services et publics",
        ("services", "publics_specifiquement_adresses", "prise_en_charge_specifique"),
    ),
    (
        "acces",
        "Accès et accompagnement",
        ("frais_a_charge", "modalites_acces", "modalites_accompagnement", "fiche_acces_libre"),
    ),
    (
        "labels",
        "Labels et programmes",
        ("dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels"),
    ),
    ("presentation", "Présentation", ("presentation_resume", "presentation_detail", "source")),
)

HELP = {
    "nom": "Le nom que les personnes verront dans l'annuaire.",
    "typologie": "Une ou plusieurs cases.",
    "pivot": "14 chiffres. Laissez vide si vous ne le connaissez pas.",
    "structure_parente": "Par exemple la commune ou l'association qui porte le lieu.",
    "adresse": "Numéro et nom de la rue. Une nouvelle adresse replace le lieu sur la carte.",
    "code_postal": "5 chiffres.",
    "code_insee": "5 caractères, différent du code postal (Lyon : 69123). Facultatif.",
    "telephone": "Par exemple 04 77 12 34 56. Il sera enregistré sous la forme +33477123456.",
    "courriels": "Un courriel par ligne.",
    "site_web": "Une adresse par ligne, par exemple https://www.exemple.fr.",
    "prise_rdv": "Adresse de la page où l'on prend rendez-vous.",
    "fiche_acces_libre": "Adresse de la fiche du lieu sur acceslibre.beta.gouv.fr.",
    "autres_formations_labels": "Un label par ligne.",
    "publics_specifiquement_adresses": "Ne cochez rien si le lieu accueille tout le monde.",
    "presentation_resume": f"{RESUME_MAX_LENGTH} caractères au plus.",
    "source": "Qui a fourni ces informations (facultatif).",
}

MAX_LENGTHS = {"presentation_resume": 5000, "presentation_detail": 10000}
MULTILINE = frozenset({"presentation_detail", *LINE_FIELDS})
HOURS_SIMPLE, HOURS_ADVANCED = "simple", "avance"
COORDINATE_DECIMALS = 6


def _lines(text):
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def _unique(values):
    return list(dict.fromkeys(values))


class LieuForm(forms.Form):
    """Every field of the standard. `lieu` is the place being edited (None to create one);
    `hub` decides the territory check. `data()` gives what services.lieu_update expects."""

    latitude = forms.CharField(
        label="Latitude",
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "min": "-90", "max": "90"}),
    )
    longitude = forms.CharField(
        label="Longitude",
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "min": "-180", "max": "180"}),
    )
    horaires_mode = forms.ChoiceField(
        choices=((HOURS_SIMPLE, "jour par jour"), (HOURS_ADVANCED, "syntaxe OpenStreetMap")),
        required=False,
        widget=forms.HiddenInput,
    )
    horaires = forms.CharField(
        label="Horaires (syntaxe OpenStreetMap)",
        required=False,
        help_text="Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def __init__(self, data=None, *, lieu=None, hub=None, hours_mode=None):
        self.lieu = lieu
        self.hub = hub if hub is not None else getattr(lieu, "hub", None)
        super().__init__(data, initial=self._initial(lieu) if lieu is not None else {})
        self._add_standard_fields(lieu)
        self.order_fields([name for _, _, names in SECTIONS for name in names])
        self.original_horaires = lieu.horaires if lieu is not None else ""
        self.original_week = hours_editor.week_from_osm(self.original_horaires)
        # Which hours editor to show: asked for (a switch button), as posted, or as the place's
        # hours allow (rows when they can say them).
        posted = (data or {}).get("horaires_mode") if data is not None else None
        if hours_mode:
            self.hours_mode = hours_mode
        elif posted in (HOURS_SIMPLE, HOURS_ADVANCED):
            self.hours_mode = posted
        else:
            self.hours_mode = HOURS_SIMPLE if self.original_week is not None else HOURS_ADVANCED
        self.hours_errors: list[hours_editor.RowError] = []
        self.hours_osm = None  # the hours string the form would save, once cleaned
        for name, field in self.fields.items():
            # A list of checkboxes has its help in its legend.
            if field.help_text and name not in ENUM_FIELDS:
                field.widget.attrs["aria-describedby"] = f"aide-{name}"

    # --- Fields ----------------------------------------------------------------------------

    def _add_standard_fields(self, lieu):
        self.fields["nom"] = forms.CharField(
            label=FIELD_LABELS["nom"],
            max_length=500,
            error_messages={"required": "Indiquez le nom du lieu."},
        )
        for name in TEXT_FIELDS:
            if name == "nom":
                continue
            widget = forms.Textarea(attrs={"rows": 6}) if name in MULTILINE else None
            self.fields[name] = forms.CharField(
                label=FIELD_LABELS[name],
                widget=widget,
                required=False,
                max_length=MAX_LENGTHS.get(name, 2000),
                error_messages={
                    "max_length": "%(limit_value)d caractères au plus (ce texte en compte "
                    "%(show_value)d)."
                },
            )
        # Checked by clean_presentation_resume, with a message saying where the rest goes.
        self.fields["presentation_resume"].widget = forms.Textarea(
            attrs={"rows": 3, "maxlength": str(RESUME_MAX_LENGTH)}
        )
        for name in ("adresse", "code_postal", "commune"):
            self.fields[name].required = True
        self.fields["adresse"].error_messages["required"] = "Indiquez l'adresse du lieu."
        self.fields["code_postal"].error_messages["required"] = "Indiquez le code postal."
        self.fields["commune"].error_messages["required"] = "Indiquez la commune."
        self.fields["code_postal"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": "5"}
        )
        self.fields["code_insee"].widget.attrs.update({"maxlength": "5"})
        self.fields["telephone"].widget = forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel"}
        )
        for name in ("prise_rdv", "fiche_acces_libre"):
            self.fields[name].widget = forms.URLInput()
        for name in LINE_FIELDS:
            self.fields[name] = forms.CharField(
                label=FIELD_LABELS[name],
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
            )
        for name, enum in ENUM_FIELDS.items():
            choices = list(enum.choices)
            if name == "typologie":  # long: alphabetical by label
                choices.sort(key=lambda choice: normalize_name(choice[1]))
            # A value outside the list (an older file) stays, under its own name, until unticked.
            current = getattr(lieu, name, []) if lieu is not None else []
            choices += [(value, value) for value in current if value not in ENUM_LABELS[name]]
            self.fields[name] = forms.MultipleChoiceField(
                label=FIELD_LABELS[name],
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "« %(value)s » n'est pas une valeur possible."},
            )
        for name, field in self.fields.items():
            if name in HELP:
                field.help_text = HELP[name]

    @staticmethod
    def _initial(lieu):
        initial = {name: getattr(lieu, name) for name in TEXT_FIELDS}
        if initial["pivot"] == PIVOT_PLACEHOLDER:
            initial["pivot"] = ""
        for name in LINE_FIELDS:
            initial[name] = "\n".join(getattr(lieu, name))
        for name in ENUM_FIELDS:
            initial[name] = list(getattr(lieu, name))
        if lieu.point is not None:
            initial["latitude"] = f"{lieu.point.y:.{COORDINATE_DECIMALS}f}"
            initial["longitude"] = f"{lieu.point.x:.{COORDINATE_DECIMALS}f}"
        initial["horaires"] = lieu.horaires
        return initial

    # --- The hours editor --------------------------------------------------------------------

    def hours_values(self):
        """The rows' values: as posted, else from the place's hours."""
        if self.is_bound and any(name in self.data for name in hours_editor.FIELD_NAMES):
            return {name: self.data.get(name, "") for name in hours_editor.FIELD_NAMES}
        if self.is_bound and self.hours_mode == HOURS_SIMPLE:
            # Switching from the advanced field: rows from what was typed there, if simple.
            week = hours_editor.week_from_osm(self.data.get("horaires", "")) or {}
            return hours_editor.values_from_week(week)
        return hours_editor.values_from_week(self.original_week or {})

    def hours_rows(self):
        return hours_editor.rows(self.hours_values())

    def hours_text(self):
        """The raw field's text: as typed, else what the rows would write, else the place's."""
        if self.is_bound and "horaires" in self.data:
            return self.data.get("horaires", "")
        if self.is_bound:
            week, errors = hours_editor.read_rows(self.hours_values())
            if not errors:
                return self._kept_or_written(week)
        return self.original_horaires

    def _kept_or_written(self, week):
        """The place's own string when the rows say the same (no rewriting on save)."""
        if hours_editor.same_week(week, self.original_week):
            return self.original_horaires
        return hours_editor.osm_from_week(week)

    def _clean_hours(self):
        if self.hours_mode == HOURS_SIMPLE:
            week, errors = hours_editor.read_rows(self.hours_values())
            if errors:
                self.hours_errors = errors
                return None
            return self._kept_or_written(week)
        text = " ".join(self.cleaned_data.get("horaires", "").split())
        if not text:
            return ""
        if osm_hours.is_valid(text):
            return text
        repaired, _ = osm_hours.normalize(text)  # "Lu-Ve 9h-12h" → "Mo-Fr 09:00-12:00"
        if repaired:
            return repaired
        self.add_error(
            "horaires",
            "Ces horaires ne sont pas écrits dans la syntaxe OpenStreetMap. Exemple : "
            "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00. Vous pouvez aussi revenir à la "
            "saisie jour par jour.",
        )
        return None

    def hours_preview(self, now=None):
        """How the hours to be saved read on the place's sheet (the coming seven days), or
        None when they cannot be read."""
        if self.hours_osm is None:
            return None
        zone = self.lieu.fuseau_horaire if self.lieu is not None else "Europe/Paris"
        return week_hours(self.hours_osm, zone, now or timezone.now())

    # --- Validation --------------------------------------------------------------------------

    def clean_nom(self):
        return " ".join(self.cleaned_data["nom"].split())

    def clean_pivot(self):
        raw = self.cleaned_data["pivot"].strip()
        notes = Notes()
        pivot = cleaning.clean_pivot(raw, notes)
        if notes.unknown_values:
            raise forms.ValidationError(
                "Le SIRET compte 14 chiffres (9 pour un SIREN). Laissez vide si vous ne le "
                "connaissez pas."
            )
        return pivot

    def clean_code_postal(self):
        raw = self.cleaned_data["code_postal"]
        code = "".join(raw.split())
        if not cleaning.FIVE_DIGITS.fullmatch(code):
            raise forms.ValidationError("Le code postal compte 5 chiffres, par exemple 42000.")
        return code

    def clean_presentation_resume(self):
        text = " ".join(self.cleaned_data["presentation_resume"].split())
        if len(text) > RESUME_MAX_LENGTH:
            raise forms.ValidationError(
                f"La présentation courte compte {len(text)} caractères : {RESUME_MAX_LENGTH} au "
                "plus. Mettez le reste dans la présentation détaillée."
            )
        return text

    def clean_presentation_detail(self):
        return "\n".join(
            " ".join(line.split()) for line in self.cleaned_data["presentation_detail"].split("\n")
        ).strip()

    def clean_courriels(self):
        emails, invalid = [], []
        for line in _lines(self.cleaned_data["courriels"]):
            for part in cleaning.EMAIL_SEPARATOR.split(line):
                email = part.strip().removeprefix("mailto:").strip(".<>()")
                if not email:
                    continue
                (emails if cleaning.EMAIL.match(email) else invalid).append(email)
        if invalid:
            raise forms.ValidationError(
                "Courriel non valide : "
                + ", ".join(f"« {value} »" for value in invalid)
                + ". Écrivez-le par exemple contact@exemple.fr, un par ligne."
            )
        return _unique(emails)

    def clean_site_web(self):
        urls, invalid = [], []
        for line in _lines(self.cleaned_data["site_web"]):
            for part in cleaning.split_urls(line):
                url = cleaning.clean_url("site_web", part, Notes())
                (urls if url else invalid).append(url or part)
        if invalid:
            raise forms.ValidationError(
                "Adresse de site non valide : "
                + ", ".join(f"« {value} »" for value in invalid)
                + ". Écrivez-la par exemple https://www.exemple.fr, une par ligne."
            )
        return _unique(urls)

    def _clean_single_url(self, name):
        text = self.cleaned_data[name].strip()
        if not text:
            return ""
        url = cleaning.clean_url(name, text, Notes())
        if not url:
            raise forms.ValidationError(
                f"« {text} » n'est pas une adresse de page web. Écrivez-la par exemple "
                "https://www.exemple.fr/page."
            )
        return url

    def clean_prise_rdv(self):
        return self._clean_single_url("prise_rdv")

    def clean_fiche_acces_libre(self):
        return self._clean_single_url("fiche_acces_libre")

    def clean_autres_formations_labels(self):
        labels = [
            " ".join(line.split()) for line in _lines(self.cleaned_data["autres_formations_labels"])
        ]
        if any("|" in label for label in labels):
            raise forms.ValidationError("Le caractère « | » n'est pas permis dans un label.")
        return _unique(labels)

    def clean(self):
        data = super().clean()
        code_postal = data.get("code_postal", "")
        self._clean_code_insee(data, code_postal)
        self._clean_telephone(data, code_postal)
        self._clean_point(data, code_postal)
        self.hours_osm = self._clean_hours()
        if self.hub is not None and not self.errors and self._address_changed(data):
            reason = outside_territory(
                self.hub,
                code_insee=data.get("code_insee", ""),
                code_postal=code_postal,
                commune=data.get("commune", ""),
            )
            if reason:
                self.add_error("code_postal", reason)
        return data

    def _clean_code_insee(self, data, code_postal):
        raw = (data.get("code_insee") or "").strip()
        if not raw:
            data["code_insee"] = ""
            return
        notes = Notes()
        code = cleaning.clean_insee(raw, notes, code_postal=code_postal)
        if notes.unknown_values:
            self.add_error(
                "code_insee",
                f"« {raw} » n'est pas un code INSEE (5 caractères, par exemple 69123). "
                "Laissez vide si vous ne le connaissez pas.",
            )
        elif not code and code_postal:
            self.add_error(
                "code_insee",
                f"Le code INSEE {raw} n'est pas dans le département du code postal "
                f"{code_postal}. Vérifiez les deux codes.",
            )
        else:
            data["code_insee"] = code

    def _clean_telephone(self, data, code_postal):
        raw = " ".join((data.get("telephone") or "").split())
        if not raw:
            data["telephone"] = ""
            return
        phone = cleaning.international_phone(raw, code_postal)
        if phone is None:
            self.add_error(
                "telephone",
                f"Numéro non compris : « {raw} ». Écrivez un seul numéro, par exemple "
                "04 77 12 34 56 ou +33 4 77 12 34 56.",
            )
        else:
            data["telephone"] = phone

    def _clean_point(self, data, code_postal):
        raw_lat = (data.get("latitude") or "").strip()
        raw_lon = (data.get("longitude") or "").strip()
        data["point"] = None
        if not raw_lat and not raw_lon:
            return
        if not raw_lat or not raw_lon:
            missing = "latitude" if not raw_lat else "longitude"
            self.add_error(
                missing,
                "Indiquez la latitude et la longitude, ou videz les deux pour placer le lieu "
                "d'après son adresse.",
            )
            return
        notes = Notes()
        lat, lon = cleaning.clean_coordinates(raw_lat, raw_lon, notes, code_postal=code_postal)
        if lat is None:
            what = notes.repairs[0].split(": ", 1)[-1].split(" (")[0] if notes.repairs else ""
            self.add_error(
                "latitude",
                f"Position impossible ({what.removesuffix(', retirées')}) : la latitude et la "
                "longitude doivent placer le lieu dans le territoire de son code postal, par "
                "exemple 45.4397 et 4.3872 pour Saint-Étienne.",
            )
            return
        data["point"] = point_from_lat_lon(lat, lon)

    def _address_changed(self, data):
        if self.lieu is None:
            return True
        return any(
            (data.get(name) or "") != (getattr(self.lieu, name) or "")
            for name in ("code_postal", "commune", "code_insee")
        )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                ids = [f"erreur-{name}"]
                if field.help_text and name not in ENUM_FIELDS:
                    ids.append(f"aide-{name}")
                field.widget.attrs["aria-describedby"] = " ".join(ids)
                field.widget.attrs["aria-invalid"] = "true"

    # --- Results -----------------------------------------------------------------------------

    def data_for_service(self):
        """field → value for services.lieu_create / lieu_update (after is_valid())."""
        data = {name: self.cleaned_data[name] for name in TEXT_FIELDS}
        for name in (*LINE_FIELDS, *ENUM_FIELDS):
            data[name] = list(self.cleaned_data[name])
        data["horaires"] = self.hours_osm
        point = self.cleaned_data["point"]
        if self.lieu is None:
            if point is not None:
                data["point"] = point
        elif point is not None or self.lieu.point is not None:
            data["point"] = point  # None asks to locate the place again from its address
        return data

    def error_summary(self):
        """(anchor id, message) for every error, in the order of the page."""
        summary = [("id_nom", message) for message in self.non_field_errors()]
        order = ["nom", *[name for _, _, names in SECTIONS for name in names if name != "nom"]]
        order[order.index("code_insee") + 1 : order.index("code_insee") + 1] = [
            "latitude",
            "longitude",
        ]
        order.insert(order.index("telephone"), "horaires")
        for name in order:
            if name == "horaires":
                summary += [("id_horaires", m) for m in self.errors.get("horaires", [])]
                summary += [(f"id_{e.field}", e.message) for e in self.hours_errors]
                continue
            for message in self.errors.get(name, []):
                summary.append((self.anchor(name), message))
        return summary

    def anchor(self, name):
        if name in ENUM_FIELDS:
            return f"id_{name}_0"
        return f"id_{name}"

    @property
    def has_errors(self):
        return bool(self.errors or self.hours_errors)

    def hours_error_for(self, name):
        return [error.message for error in self.hours_errors if error.field == name]


class FermetureForm(forms.Form):
    debut = forms.DateField(
        label="Fermé à partir du",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        error_messages={
            "required": "Indiquez le premier jour de fermeture.",
            "invalid": "Indiquez une date, par exemple 24/12/2026.",
        },
    )
    fin = forms.DateField(
        label="Jusqu'au (inclus)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        error_messages={
            "required": "Indiquez le dernier jour de fermeture.",
            "invalid": "Indiquez une date, par exemple 02/01/2027.",
        },
    )
    message = forms.CharField(
        label="Message pour les personnes (facultatif)",
        help_text=f"Par exemple : fermé pour travaux. {CLOSURE_MESSAGE_MAX_LENGTH} caractères "
        "au plus.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": str(CLOSURE_MESSAGE_MAX_LENGTH)}),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["message"].widget.attrs["aria-describedby"] = "aide-message"

    def clean_message(self):
        text = " ".join(self.cleaned_data["message"].split())
        if len(text) > CLOSURE_MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                f"Le message compte {len(text)} caractères : {CLOSURE_MESSAGE_MAX_LENGTH} au plus."
            )
        return text

    def clean(self):
        data = super().clean()
        debut, fin = data.get("debut"), data.get("fin")
        if debut and fin:
            if fin < debut:
                self.add_error("fin", "Le dernier jour de fermeture doit suivre le premier.")
            elif fin < self.today:
                self.add_error("fin", "Cette date est passée : la fermeture serait déjà finie.")
        return data

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                extra = " aide-message" if name == "message" else ""
                widget.attrs["aria-describedby"] = f"erreur-{name}{extra}"
                widget.attrs["aria-invalid"] = "true"


SORT_CHOICES = (("nom", "nom"), ("date", "plus anciennes mises à jour d'abord"))


class HubLieuxFilterForm(forms.Form):
    """The filters of the hub's list of places (a GET form)."""

    q = forms.CharField(label="Nom ou commune", required=False, max_length=100)
    etat = forms.ChoiceField(
        label="Mise à jour",
        required=False,
        choices=[("", "toutes")] + [(s, FRESHNESS_LABELS[s]) for s in FRESHNESS_ORDER],
    )
    services = forms.MultipleChoiceField(
        label="Services",
        required=False,
        choices=enums.Service.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    archives = forms.ChoiceField(
        label="Lieux",
        required=False,
        choices=(("", "dans l'annuaire"), ("1", "archivés")),
    )
    tri = forms.ChoiceField(label="Trier par", required=False, choices=SORT_CHOICES)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
