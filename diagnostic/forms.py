"""The last screen of the diagnostic: the commune (or postal code) and the optional filters.

Without JavaScript the server understands what was typed: a postal code or a name that points
at one commune is taken at once; when several communes fit ("Saint-Denis", "13001" and its
neighbours), the page asks which one. With JavaScript, a suggestion fills the hidden
``code_insee`` field and nothing has to be guessed.
"""

import re

from django import forms

from geodata.models import Commune
from geodata.search import InvalidQuery, search_communes
from geodata.text import normalize_name

from .questionnaire import QUESTIONS_BY_ID

# "Saint-Denis (93)": what a suggestion fills in; the département tells homonyms apart.
NAME_WITH_DEPARTEMENT = re.compile(r"^(?P<name>.+?)\s*\((?P<dep>\d{2,3}|2[AB])\)$", re.I)
CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$", re.I)
MAX_CHOICES = 6


def commune_label(commune):
    return f"{commune.nom} ({commune.departement})"


def _choices(question_id, mode):
    question = QUESTIONS_BY_ID[question_id]
    return [(c.code, c.label.in_mode(mode)) for c in question.choices]


class PlaceForm(forms.Form):
    """Commune text, the commune chosen (suggestion or homonym), specific needs, age band."""

    commune = forms.CharField(required=False, max_length=100, strip=True)
    code_insee = forms.CharField(required=False, max_length=5, strip=True)
    besoins = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    age = forms.ChoiceField(required=False, widget=forms.RadioSelect)

    def __init__(self, *args, mode, without_place=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.without_place = without_place
        self.fields["besoins"].choices = _choices("besoins", mode)
        self.fields["age"].choices = _choices("age", mode)
        self.commune_found = None  # a geodata Commune once clean() succeeded with a place
        self.candidates = []  # communes to choose from when the text is ambiguous

    def clean(self):
        data = super().clean()
        if self.without_place or self.errors:
            return data
        code = (data.get("code_insee") or "").upper()
        if code:
            commune = Commune.objects.with_code(code).first()
            if commune is None:
                self.add_error("commune", "Cette commune n'existe pas. Indiquez-la à nouveau.")
            else:
                self.commune_found = commune
            return data
        text = " ".join((data.get("commune") or "").split())
        if not text:
            self.add_error(
                "commune",
                "Indiquez une commune ou un code postal, ou choisissez "
                "« Je préfère ne pas le dire ».",
            )
            return data
        commune, candidates, error = resolve(text)
        if error:
            self.add_error("commune", error)
        elif commune is not None:
            self.commune_found = commune
        else:
            self.candidates = candidates
            self.add_error("commune", error or AMBIGUOUS)
        return data


AMBIGUOUS = "Plusieurs communes correspondent. Laquelle ?"


def resolve(text):
    """(commune, candidates, error) for what a person typed: one commune when the text is its
    exact name or code; otherwise the candidates to choose from (homonyms, or the nearest
    spellings, which are never taken without asking); or an error message in plain French."""
    match = NAME_WITH_DEPARTEMENT.match(text)
    name, departement = (match["name"], match["dep"].upper()) if match else (text, None)
    try:
        found = search_communes(name, limit=20)
    except InvalidQuery as error:
        return None, [], str(error)
    if not found:
        return (
            None,
            [],
            f"Nous ne trouvons pas de commune « {text} ». Vérifiez l'orthographe, ou indiquez "
            "le code postal (5 chiffres).",
        )
    compact = name.replace(" ", "").upper()
    if CODE.match(compact):
        exact = [c for c in found if c.code_insee == compact]
        same_postcode = [c for c in found if compact in c.codes_postaux]
        candidates = exact or same_postcode or found
    else:
        wanted = normalize_name(name)
        exact = [c for c in found if c.nom_recherche == wanted]
        if departement:
            exact = [c for c in exact if c.departement == departement] or exact
        if not exact:
            return None, found[:MAX_CHOICES], ""
        candidates = exact
    if len(candidates) == 1:
        return candidates[0], [], ""
    return None, candidates[:MAX_CHOICES], ""
