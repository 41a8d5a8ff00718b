"""Forms of the directory pages.

The search page accepts the API's parameters (validated by filters.LieuFilter, so that a link
to the page and a call to the API mean the same thing) plus what people type: a commune name
or postal code (`commune`), an address, and "open on that day" (`quand`, `jour`, `heure`).
"""

import re
from dataclasses import dataclass, field

from django import forms

from geodata.geocoding import geocode, geocode_or_commune
from geodata.search import InvalidQuery, search_communes

from . import enums
from .models import Signalement

RADIUS_CHOICES = (5, 10, 20, 50, 100)
PAGE_SIZE = 20
# "Saint-Denis (93)": what a suggestion fills in; the département tells homonyms apart.
NAME_WITH_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<dep>\d{2,3}|2[AB])\)$", re.I)
POSTCODE = re.compile(r"^\d{5}$")

# The nine services of the standard in plain words: (title, short explanation).
SERVICE_WORDS = {
    enums.Service.AIDE_DEMARCHES: (
        "Faire une démarche en ligne",
        "CAF, impôts, santé, retraite, France Travail : être aidé pour une démarche sur internet.",
    ),
    enums.Service.OUTILS_QUOTIDIEN: (
        "Apprendre à se servir d'un ordinateur ou d'un téléphone",
        "Allumer, écrire un message, envoyer une photo, utiliser sa messagerie.",
    ),
    enums.Service.INSERTION_PRO: (
        "Trouver un emploi ou une formation",
        "Faire son CV, répondre à une offre, créer son entreprise.",
    ),
    enums.Service.UTILISATION_SECURISEE: (
        "Se protéger sur internet",
        "Reconnaître une arnaque, choisir ses mots de passe, protéger ses données.",
    ),
    enums.Service.PARENTALITE: (
        "Accompagner ses enfants",
        "Les écrans, l'espace numérique de l'école, les réseaux sociaux des enfants.",
    ),
    enums.Service.LOISIRS_CREATIONS: (
        "Loisirs et créations",
        "Photo, vidéo, musique, jeux, impression 3D.",
    ),
    enums.Service.COMPREHENSION_MONDE: (
        "Comprendre le numérique",
        "Réseaux sociaux, vraies et fausses informations, intelligence artificielle.",
    ),
    enums.Service.ACCES_INTERNET_MATERIEL: (
        "Utiliser un ordinateur et internet sur place",
        "Un ordinateur, une imprimante ou le wifi en libre accès.",
    ),
    enums.Service.MATERIEL_PRIX_SOLIDAIRE: (
        "Acheter un ordinateur ou un téléphone pas cher",
        "Du matériel reconditionné à petit prix, selon vos ressources.",
    ),
}
# Filters folded under "Plus de critères": parameter → (legend, enumeration).
FILTER_GROUPS = (
    ("publics_specifiquement_adresses", "Pour qui ?", enums.Public),
    ("prise_en_charge_specifique", "Besoins particuliers", enums.PriseEnCharge),
    ("frais_a_charge", "Coût", enums.Frais),
    ("modalites_accompagnement", "Comment être aidé ?", enums.ModaliteAccompagnement),
    ("modalites_acces", "Comment y aller ?", enums.ModaliteAcces),
    ("dispositif_programmes_nationaux", "Programmes nationaux", enums.Dispositif),
)
FILTER_HELP = {
    "publics_specifiquement_adresses": "Les lieux ouverts à tous ne sont pas listés ici.",
    "frais_a_charge": "Cochez « Gratuit » pour ne voir que les lieux gratuits.",
}
WHEN_CHOICES = (
    ("", "Peu importe"),
    ("maintenant", "Ouvert maintenant"),
    ("jour", "Ouvert un jour précis"),
)


@dataclass
class Where:
    """Where the page searches, as people will read it."""

    point: object
    label: str  # "Saint-Étienne (42)"
    commune: object = None
    note: str = ""  # what was understood or replaced ("Adresse non trouvée : …")
    alternatives: list = field(default_factory=list)  # homonyms, or same postal code
    by_postcode: bool = False


def commune_label(commune):
    return f"{commune.nom} ({commune.departement})"


def resolve_commune(text):
    """(commune, other communes of that name) for what a person typed; raises ValidationError
    with a message in plain French."""
    text = " ".join(text.split())
    match = NAME_WITH_DEPARTEMENT.match(text)
    name, departement = (match["name"], match["dep"].upper()) if match else (text, None)
    try:
        found = search_communes(name)
    except InvalidQuery as error:
        raise forms.ValidationError(str(error)) from error
    if departement:
        in_departement = [commune for commune in found if commune.departement == departement]
        found = in_departement + [c for c in found if c.departement != departement]
    if POSTCODE.match(name):
        # A postal code, not an INSEE code (69001 is Lyon's postal code, Affoux's INSEE code):
        # the communes that have it, most populated first.
        with_postcode = [c for c in found if name in c.codes_postaux]
        with_postcode.sort(key=lambda commune: -(commune.population or 0))
        found = with_postcode or found
    if not found:
        raise forms.ValidationError(
            f"Nous ne trouvons pas de commune « {text} ». Vérifiez l'orthographe, "
            "ou indiquez le code postal (5 chiffres)."
        )
    best = found[0]
    if POSTCODE.match(name):
        others = [c for c in found[1:6] if name in c.codes_postaux]
    else:
        others = [c for c in found[1:6] if c.nom_recherche == best.nom_recherche]
    return best, others


class SearchPageForm(forms.Form):
    commune = forms.CharField(
        label="Commune ou code postal",
        required=False,
        max_length=100,
        help_text="Par exemple : Saint-Étienne, ou 42000.",
    )
    adresse = forms.CharField(
        label="Adresse précise (facultatif)",
        required=False,
        max_length=200,
        help_text="Numéro et rue, pour avoir les distances depuis chez vous.",
    )
    quand = forms.ChoiceField(label="Quand ?", choices=WHEN_CHOICES, required=False)
    jour = forms.DateField(
        label="Jour",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"],
        error_messages={"invalid": "Indiquez une date, par exemple 24/11/2026."},
    )
    heure = forms.TimeField(
        label="Heure (facultatif)",
        required=False,
        input_formats=["%H:%M", "%Hh%M", "%Hh", "%H"],
        error_messages={"invalid": "Indiquez une heure, par exemple 14:30."},
    )
    page = forms.IntegerField(
        min_value=1,
        required=False,
        error_messages={"invalid": "Le numéro de page doit être un nombre entier."},
    )

    def clean_commune(self):
        return " ".join(self.cleaned_data["commune"].split())

    def clean_adresse(self):
        return " ".join(self.cleaned_data["adresse"].split())

    def clean(self):
        data = super().clean()
        if data.get("jour") and not data.get("quand"):
            data["quand"] = "jour"  # a date was given, the choice forgotten
        if data.get("quand") == "jour" and not data.get("jour") and "jour" not in self.errors:
            self.add_error("jour", "Indiquez le jour où le lieu doit être ouvert.")
        data["where"] = None
        if "commune" in self.errors or "adresse" in self.errors:
            return data
        try:
            data["where"] = self._where(data.get("commune", ""), data.get("adresse", ""))
        except forms.ValidationError as error:
            self.add_error("adresse" if data.get("adresse") else "commune", error)
        return data

    def _where(self, text, adresse):
        """Where to search from what was typed; None when nothing was typed (the API's
        lat/lon, code_insee or code_postal may still be given)."""
        commune, homonyms = resolve_commune(text) if text else (None, [])
        if adresse:
            if commune is not None:
                result = geocode_or_commune(adresse, code_insee=commune.code_insee)
            else:
                result = geocode(adresse)
            if not result.ok:
                raise forms.ValidationError(
                    f"Adresse non trouvée : {result.error} Indiquez aussi la commune, "
                    "ou seulement la commune."
                )
            if result.fallback:
                return Where(
                    result.point,
                    commune_label(commune),
                    commune,
                    note=f"Adresse non trouvée ({result.error}) : nous cherchons autour du "
                    f"centre de {commune.nom}.",
                )
            return Where(result.point, result.label, commune)
        if commune is None:
            return None
        understood = commune_label(commune)
        note = "" if understood.lower() == text.lower() else f"Commune comprise : {understood}."
        return Where(
            commune.centre, understood, commune, note, homonyms, bool(POSTCODE.match(text))
        )


class SignalementForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="Qu'est-ce qui ne va pas ?",
        choices=Signalement.Categorie.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(
        label="Expliquez (facultatif)",
        help_text="Par exemple : les vrais horaires, le bon numéro de téléphone.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=3000,
    )
    contact_email = forms.EmailField(
        label="Votre courriel (facultatif)",
        help_text="Seulement si vous acceptez qu'on vous écrive pour en savoir plus.",
        required=False,
        error_messages={"invalid": "Ce courriel n'est pas valide, par exemple : nom@exemple.fr."},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by spam robots.
    site_web = forms.CharField(label="Ne remplissez pas ce champ", required=False)

    def clean(self):
        data = super().clean()
        if not data.get("categories") and not (data.get("message") or "").strip():
            raise forms.ValidationError(
                "Cochez ce qui ne va pas, ou écrivez un message, pour que nous puissions corriger."
            )
        return data

    @property
    def is_spam(self):
        return bool(self.data.get("site_web", "").strip())
