"""The places shown for each suggestion of a result: the nearest that match, re-ranked.

For one profile of an evaluation (rules.Evaluation): the directory is searched around the
person's commune with ``evaluation.search_filters(profile)``, nearest first, through the one
search function of the directory (``directory.search.search_lieux``). Among the
``CANDIDATES`` nearest, a place that has a preferred value (free, for the person's age, taking a
professional's referral in assisted mode: ``evaluation.search_preferences(profile)``) counts as
if it were ``PREFERENCE_FACTOR`` times nearer, once per preference it meets. The first
``SHOWN`` are shown.

When nothing matches, the search is widened step by step, and each step is said on the page
(``ProfilePlaces.notes``): up to ``WIDE_RADIUS_KM`` instead of ``RADIUS_KM``; then without the
specific needs; then with the services only (without the programme or the kind of support).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone

from directory import enums
from directory.pages import distance_text, status_text, week_hours
from directory.search import LieuCriteria, opening_of, search_lieux

RADIUS_KM = 20
WIDE_RADIUS_KM = 50
CANDIDATES = 20
SHOWN = 3
PREFERENCE_FACTOR = 2
NEEDS_FIELD = "prise_en_charge_specifique"
NO_PUBLIC = enums.ModaliteAcces.PAS_DE_PUBLIC.value

# The ranking in plain French, for the public rules page.
RANKING_RULES = (
    f"Nous cherchons les lieux à moins de {RADIUS_KM} km de la commune indiquée, qui proposent "
    "l'aide de la proposition, et qui accueillent les besoins indiqués.",
    f"Parmi les {CANDIDATES} lieux les plus proches, un lieu gratuit compte comme s'il était "
    f"{PREFERENCE_FACTOR} fois plus près. De même pour un lieu qui accueille surtout l'âge "
    "indiqué, et, quand un professionnel remplit le questionnaire, pour un lieu qui reçoit sur "
    "fiche de prescription.",
    f"Les {SHOWN} premiers lieux sont affichés ; l'annuaire montre les autres.",
    f"S'il n'y a aucun lieu à moins de {RADIUS_KM} km, nous cherchons jusqu'à {WIDE_RADIUS_KM} km"
    ". S'il n'y en a toujours pas, nous cherchons sans les besoins particuliers, puis avec "
    "seulement le service. La page le dit à chaque fois.",
    "Les lieux qui n'accueillent pas de public ne sont pas proposés.",
)

WAYS = {
    enums.ModaliteAcces.SE_PRESENTER.value: "Se présenter sur place",
    enums.ModaliteAcces.TELEPHONER.value: "Téléphoner",
    enums.ModaliteAcces.RDV_EN_LIGNE.value: "Prendre rendez-vous en ligne",
    enums.ModaliteAcces.CONTACTER_PAR_MAIL.value: "Écrire un e-mail",
    enums.ModaliteAcces.FICHE_PRESCRIPTION.value: (
        "Sur orientation d'un professionnel (fiche de prescription par e-mail)"
    ),
}


@dataclass(frozen=True)
class Way:
    """One way to reach a place: "Téléphoner : 04 77 …" (label, href, link_text), or the label
    itself as a link ("Prendre rendez-vous en ligne"), or a plain label ("Se présenter")."""

    label: str
    href: str = ""
    link_text: str = ""  # empty with an href: the label is the link


@dataclass(frozen=True)
class PlaceView:
    pk: int
    nom: str
    url: str
    distance_km: float
    distance_text: str
    adresse: str  # street and complement
    commune: str  # "42000 Saint-Étienne"
    status_state: str  # ouvert, ferme, inconnu
    status_text: str  # "Ouvert maintenant, jusqu'à 12 h"
    next_change: object  # datetime or None
    hours: tuple  # ((days, ranges), …) for the printed sheet
    ways: tuple[Way, ...]
    telephone: str
    telephone_display: str
    prise_rdv: str
    free: bool
    itinerant: bool
    modalites_acces: tuple

    def to_dict(self):
        return {
            "id": self.pk,
            "nom": self.nom,
            "url": self.url,
            "distance_km": round(self.distance_km, 2),
            "adresse": self.adresse,
            "commune": self.commune,
            "ouverture": {
                "etat": self.status_state,
                "texte": self.status_text,
                "prochain_changement": self.next_change.isoformat() if self.next_change else None,
            },
            "telephone": self.telephone,
            "prise_rdv": self.prise_rdv,
            "modalites_acces": list(self.modalites_acces),
            "gratuit": self.free,
            "itinerant": self.itinerant,
        }


@dataclass
class ProfilePlaces:
    profile: str  # profile code
    places: list = field(default_factory=list)
    radius_km: int = RADIUS_KM
    widened: bool = False  # searched up to WIDE_RADIUS_KM
    relaxed: tuple = ()  # filters dropped to find places: "besoins", "criteres"
    notes: list = field(default_factory=list)  # what was widened, in plain French
    annuaire_url: str = ""

    def to_dict(self):
        return {
            "rayon_km": self.radius_km,
            "elargi": self.widened,
            "criteres_retires": list(self.relaxed),
            "notes": list(self.notes),
            "annuaire_url": self.annuaire_url,
            "lieux": [place.to_dict() for place in self.places],
        }


def _phone_display(number):
    """+33512345678 → 05 12 34 56 78; other numbers as given."""
    if number.startswith("+33") and len(number) == 12 and number[3:].isdigit():
        digits = "0" + number[3:]
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return number


def _hours_summary(lieu, now):
    """((days, ranges), …) for the coming week, consecutive days with the same hours merged:
    (("du lundi au vendredi", "9 h – 12 h, 14 h – 18 h"), ("samedi", "9 h – 12 h"))."""
    week = week_hours(lieu.horaires, lieu.fuseau_horaire, now)
    if not week:
        return ()
    by_weekday = sorted(week, key=lambda day: day.day.weekday())
    groups = []
    for day in by_weekday:
        name = day.label.split()[0]
        text = day.text
        if day.ranges or day.unknown:
            if groups and groups[-1][2] == text and groups[-1][3] == day.day.weekday() - 1:
                groups[-1] = (groups[-1][0], name, text, day.day.weekday())
            else:
                groups.append((name, name, text, day.day.weekday()))
    return tuple(
        (first if first == last else f"du {first} au {last}", text)
        for first, last, text, _ in groups
    )


def _ways(lieu, mode):
    ways = []
    for value in lieu.modalites_acces:
        label = WAYS.get(value)
        if label is None:
            continue
        if value == enums.ModaliteAcces.FICHE_PRESCRIPTION.value and mode != "accompagne":
            continue
        if value == enums.ModaliteAcces.TELEPHONER.value and lieu.telephone:
            ways.append(Way(label, f"tel:{lieu.telephone}", _phone_display(lieu.telephone)))
        elif value == enums.ModaliteAcces.RDV_EN_LIGNE.value:
            if lieu.prise_rdv:  # without the booking address, nothing to act on
                ways.append(Way(label, lieu.prise_rdv))
        elif value == enums.ModaliteAcces.CONTACTER_PAR_MAIL.value and lieu.courriels:
            ways.append(Way(label, f"mailto:{lieu.courriels[0]}", lieu.courriels[0]))
        else:
            ways.append(Way(label))
    if not ways:
        # Nothing said: the place can still be called or booked when it gives a way to.
        if lieu.telephone:
            ways.append(Way("Téléphoner", f"tel:{lieu.telephone}", _phone_display(lieu.telephone)))
        if lieu.prise_rdv:
            ways.append(Way("Prendre rendez-vous en ligne", lieu.prise_rdv))
    return tuple(ways)


def place_view(lieu, mode, now):
    status = opening_of(lieu, now)
    status_words = status_text(status, now)
    adresse = ", ".join(part for part in (lieu.adresse, lieu.complement_adresse) if part.strip())
    return PlaceView(
        pk=lieu.pk,
        nom=lieu.nom,
        url=f"/lieux/{lieu.pk}/",
        distance_km=lieu.distance.km,
        distance_text=distance_text(lieu.distance),
        adresse=adresse,
        commune=f"{lieu.code_postal} {lieu.commune}".strip(),
        status_state=status_words.state,
        status_text=status_words.text,
        next_change=status.next_change,
        hours=_hours_summary(lieu, now),
        ways=_ways(lieu, mode),
        telephone=lieu.telephone,
        telephone_display=_phone_display(lieu.telephone),
        prise_rdv=lieu.prise_rdv,
        free=enums.Frais.GRATUIT.value in lieu.frais_a_charge,
        itinerant=bool(lieu.itinerance),
        modalites_acces=tuple(lieu.modalites_acces),
    )


def _matches(lieu, preferences):
    return sum(1 for name, values in preferences.items() if set(getattr(lieu, name)) & set(values))


def rank(lieux, preferences):
    """Nearest first, each preference met making a place count PREFERENCE_FACTOR times nearer
    (ties: the nearer first)."""
    return sorted(
        lieux,
        key=lambda lieu: (
            lieu.distance.m / PREFERENCE_FACTOR ** _matches(lieu, preferences),
            lieu.distance.m,
            lieu.pk,
        ),
    )


def _candidates(point, radius_km, filters):
    lieux = search_lieux(LieuCriteria(point=point, radius_km=radius_km, any_of=filters))
    return list(lieux.exclude(modalites_acces__contains=[NO_PUBLIC])[:CANDIDATES])


def _label(field_name, value):
    enumeration = {
        "prise_en_charge_specifique": enums.PriseEnCharge,
        "dispositif_programmes_nationaux": enums.Dispositif,
        "modalites_accompagnement": enums.ModaliteAccompagnement,
    }.get(field_name)
    try:
        return enumeration(value).label if enumeration else value
    except ValueError:
        return value


def _words(filters, names):
    """ "France Services, Point d'accès numérique de la CAF ou Conseillers numériques"."""
    words = [
        _label(name, value).lower() if name == "modalites_accompagnement" else _label(name, value)
        for name in names
        for value in filters.get(name, ())
    ]
    return " ou ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def annuaire_url(services, code_insee, radius_km=RADIUS_KM):
    params = [("code_insee", code_insee), *(("services", s) for s in services)]
    if radius_km != RADIUS_KM:
        params.append(("rayon_km", radius_km))
    return "/annuaire/?" + urlencode(params)


def places_for_profile(evaluation, profile, location, *, now=None):
    """ProfilePlaces for one profile around a geodata Location (point, code_insee)."""
    now = now or timezone.now()
    filters = evaluation.search_filters(profile)
    services = filters["services"]
    steps = [((), filters)]
    if NEEDS_FIELD in filters:
        steps.append((("besoins",), {k: v for k, v in filters.items() if k != NEEDS_FIELD}))
    if set(filters) - {"services", NEEDS_FIELD}:
        relaxed = ("besoins", "criteres") if NEEDS_FIELD in filters else ("criteres",)
        steps.append((relaxed, {"services": services}))
    result = ProfilePlaces(profile=profile.code)
    found = []
    for relaxed, step_filters in steps:
        for radius in (RADIUS_KM, WIDE_RADIUS_KM):
            found = _candidates(location.point, radius, step_filters)
            if found:
                result.radius_km, result.relaxed = radius, relaxed
                break
        if found:
            break
    if not found:
        result.radius_km = WIDE_RADIUS_KM
        result.notes.append(
            f"Nous n'avons trouvé aucun lieu à moins de {WIDE_RADIUS_KM} km qui propose cette "
            "aide. L'annuaire peut chercher plus loin, ou une aide à distance."
        )
    else:
        if result.radius_km == WIDE_RADIUS_KM:
            result.widened = True
            result.notes.append(
                f"Il n'y a pas de lieu à moins de {RADIUS_KM} km : nous avons cherché "
                f"jusqu'à {WIDE_RADIUS_KM} km."
            )
        if "besoins" in result.relaxed:
            result.notes.append(
                "Aucun lieu proche n'indique un accueil adapté "
                f"({_words(filters, [NEEDS_FIELD]).lower()}). Ces lieux proposent cette aide : "
                "appelez-les avant pour demander."
            )
        if "criteres" in result.relaxed:
            names = [name for name in filters if name not in ("services", NEEDS_FIELD)]
            result.notes.append(
                f"Aucun lieu proche n'a tous les critères ({_words(filters, names)}). Ces lieux "
                "proposent quand même cette aide."
            )
    ranked = rank(found, evaluation.search_preferences(profile))
    result.places = [place_view(lieu, evaluation.mode, now) for lieu in ranked[:SHOWN]]
    result.annuaire_url = annuaire_url(services, location.code_insee, result.radius_km)
    return result


def places_for_evaluation(evaluation, location, *, now=None):
    """{profile code: ProfilePlaces} for every profile of the evaluation."""
    now = now or timezone.now()
    return {
        profile.code: places_for_profile(evaluation, profile, location, now=now)
        for profile in evaluation.profiles
    }
