"""Matching free-typed or older enumeration values to the standard's exact v1 strings.

Each field has a table from a normalised key (lowercase, no accents, punctuation as spaces)
to targets. A target names its field: a few older values belong to another v1 field (a v0.1
"public" such as "Surdité" is a prise en charge in v1; the APTIC label has no v1 dispositif
and is kept as a free label).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from directory.enums import (
    Dispositif,
    FormationLabel,
    Frais,
    Itinerance,
    ModaliteAcces,
    ModaliteAccompagnement,
    PriseEnCharge,
    Public,
    Service,
    Typologie,
)

Target = tuple[str, str]  # (v1 field, exact value)

# A v0.1 public that means "everyone": v1 lists only publics *specifically* addressed.
ALL_PUBLIC: Target = ("", "tout public")
# APTIC is the "Pass numérique" voucher network: not a v1 dispositif, kept as a free label.
PASS_NUMERIQUE: Target = ("autres_formations_labels", "Pass numérique (APTIC)")

ENUMS = {
    "services": Service,
    "publics_specifiquement_adresses": Public,
    "prise_en_charge_specifique": PriseEnCharge,
    "frais_a_charge": Frais,
    "dispositif_programmes_nationaux": Dispositif,
    "formations_labels": FormationLabel,
    "modalites_acces": ModaliteAcces,
    "modalites_accompagnement": ModaliteAccompagnement,
    "itinerance": Itinerance,
    "typologie": Typologie,
}

# Older or variant spellings, by field. Values are v1 values of the same field, or targets.
ALIASES = {
    "services": {
        # v0.1 services, with the mapping used by the national tools.
        "Devenir autonome dans les démarches administratives": Service.AIDE_DEMARCHES,
        "Réaliser des démarches administratives avec un accompagnement": Service.AIDE_DEMARCHES,
        "Accompagner les démarches de santé": Service.AIDE_DEMARCHES,
        "Prendre en main un smartphone ou une tablette": Service.OUTILS_QUOTIDIEN,
        "Prendre en main un ordinateur": Service.OUTILS_QUOTIDIEN,
        "Utiliser le numérique au quotidien": Service.OUTILS_QUOTIDIEN,
        "Favoriser mon insertion professionnelle": Service.INSERTION_PRO,
        "Créer et développer mon entreprise": Service.INSERTION_PRO,
        "Soutenir la parentalité et l'éducation avec le numérique": Service.PARENTALITE,
        "Créer avec le numérique": Service.LOISIRS_CREATIONS,
        "Approfondir ma culture numérique": Service.COMPREHENSION_MONDE,
        "Promouvoir la citoyenneté numérique": Service.COMPREHENSION_MONDE,
        "Accéder à une connexion internet": Service.ACCES_INTERNET_MATERIEL,
        "Accéder à du matériel": Service.ACCES_INTERNET_MATERIEL,
        "S'équiper en matériel informatique": Service.MATERIEL_PRIX_SOLIDAIRE,
    },
    "publics_specifiquement_adresses": {
        # v0.1 publics_accueillis: audiences, and needs that v1 moved to prise en charge.
        "Adultes": ALL_PUBLIC,
        "Tout public": ALL_PUBLIC,
        "Tous publics": ALL_PUBLIC,
        "Familles/enfants": Public.FAMILLES_ENFANTS,
        "Familles": Public.FAMILLES_ENFANTS,
        "Enfants": Public.FAMILLES_ENFANTS,
        "Uniquement femmes": Public.FEMMES,
        "Personnes âgées": Public.SENIORS,
        "Public langues étrangères": ("prise_en_charge_specifique", PriseEnCharge.LANGUES_AUTRES),
        "Personnes en situation d'illettrisme": (
            "prise_en_charge_specifique",
            PriseEnCharge.ILLETTRISME,
        ),
        **{value: ("prise_en_charge_specifique", value) for value in PriseEnCharge.values},
    },
    "prise_en_charge_specifique": {
        "Personnes en situation d'illettrisme": PriseEnCharge.ILLETTRISME,
        "Anglais": PriseEnCharge.LANGUES_ANGLAIS,
        "Public langues étrangères": PriseEnCharge.LANGUES_AUTRES,
        "Handicap moteur": PriseEnCharge.HANDICAPS_MOTEURS,
        "Handicap mental": PriseEnCharge.HANDICAPS_MENTAUX,
    },
    "frais_a_charge": {
        "Gratuit sous conditions": Frais.GRATUIT_SOUS_CONDITION,
        "Gratuité": Frais.GRATUIT,
        "Payante": Frais.PAYANT,
        "Accepte le Pass numérique": PASS_NUMERIQUE,
        "Pass numérique": PASS_NUMERIQUE,
    },
    "dispositif_programmes_nationaux": {
        "CNFS": Dispositif.CONSEILLERS_NUMERIQUES,
        "Conseiller numérique": Dispositif.CONSEILLERS_NUMERIQUES,
        "Conseiller numérique France Services": Dispositif.CONSEILLERS_NUMERIQUES,
        "Conseillers numériques France Services": Dispositif.CONSEILLERS_NUMERIQUES,
        "Point numérique CAF": Dispositif.POINT_NUMERIQUE_CAF,
        "Point d'accès numérique de la CAF": Dispositif.POINT_NUMERIQUE_CAF,
        "Grandes écoles du numérique": Dispositif.GRANDE_ECOLE_NUMERIQUE,
        "Bibliothèques numériques de référence": Dispositif.BIBLIOTHEQUES_NUMERIQUE_REFERENCE,
        "Bibliothèque numérique de référence": Dispositif.BIBLIOTHEQUES_NUMERIQUE_REFERENCE,
        "Croix Rouge": Dispositif.CROIX_ROUGE,
        "Croix-Rouge française": Dispositif.CROIX_ROUGE,
        "Relais numérique": Dispositif.RELAIS_NUMERIQUE,
        "PIX": Dispositif.CERTIFICATION_PIX,
        "APTIC": PASS_NUMERIQUE,
        "Pass numérique": PASS_NUMERIQUE,
        "Pass numérique (APTIC)": PASS_NUMERIQUE,
        "Fabriques de Territoire": ("formations_labels", FormationLabel.FABRIQUES_TERRITOIRE),
        "SUD LABS": ("formations_labels", FormationLabel.SUD_LABS),
    },
    "modalites_accompagnement": {
        # v0.1 values read "Seul : j'ai accès à du matériel…": matched on the part before ":".
        "Seul": ModaliteAccompagnement.EN_AUTONOMIE,
        "Avec de l'aide": ModaliteAccompagnement.INDIVIDUEL,
        "Dans un atelier": ModaliteAccompagnement.ATELIER_COLLECTIF,
        "A ma place": ModaliteAccompagnement.INDIVIDUEL,
    },
    "modalites_acces": {
        "Prendre un rendez-vous en ligne": ModaliteAcces.RDV_EN_LIGNE,
        "Envoyer un mail": ModaliteAcces.CONTACTER_PAR_MAIL,
    },
    "itinerance": {
        "Itinérante": Itinerance.ITINERANT,
        "Mobile": Itinerance.ITINERANT,
        "Oui": Itinerance.ITINERANT,
        "Non": Itinerance.FIXE,
    },
    "typologie": {
        "PE": Typologie.FT,  # Pôle emploi became France Travail in 2024.
        "Pôle emploi": Typologie.FT,
        "Tiers-lieu": Typologie.TIERS_LIEUX,
        "Médiathèque": Typologie.BIB,
        "Bibliothèque": Typologie.BIB,
        "Mairie": Typologie.MUNI,
        "France Services": Typologie.RFS,
    },
}

# Why a mapping is not one-to-one, said in the repair note.
NOTES = {
    ("modalites_accompagnement", "a ma place"): (
        "« A ma place » : une personne habilitée fait les démarches à la place de l'usager "
        "(comme avec Aidants Connect)"
    ),
}

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})
NOT_KEY = re.compile(r"[^a-z0-9+]+")


@lru_cache(maxsize=65536)  # the same few hundred values repeat on every row
def normalize_key(text: str) -> str:
    """'Aide aux demarches  administratives' and 'aide aux démarches administratives' match."""
    if not text.isascii():  # plain ASCII has no accents or ligatures to take off
        text = unicodedata.normalize("NFKD", text.translate(LIGATURES))
        text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(NOT_KEY.sub(" ", text.lower()).split())


def _build_tables() -> dict[str, dict[str, Target]]:
    tables: dict[str, dict[str, Target]] = {}
    for field_name, enum in ENUMS.items():
        table: dict[str, Target] = {}
        # Labels first so that values win when a label happens to equal another value.
        for value, label in enum.choices:
            table.setdefault(normalize_key(label), (field_name, value))
        for alias, target in ALIASES.get(field_name, {}).items():
            if isinstance(target, str):
                target = (field_name, str(target))
            table[normalize_key(alias)] = (target[0], str(target[1]))
        for value in enum.values:
            table[normalize_key(value)] = (field_name, value)
        tables[field_name] = table
    return tables


TABLES = _build_tables()


@dataclass
class Resolved:
    """Outcome of matching the items of one field."""

    values: dict[str, list[str]] = field(default_factory=dict)  # target field → values
    conversions: list[tuple[str, str, str]] = field(default_factory=list)  # (raw, field, value)
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    all_public: bool = False

    def add(self, target: Target):
        if target == ALL_PUBLIC:
            self.all_public = True
            return
        values = self.values.setdefault(target[0], [])
        if target[1] not in values:
            values.append(target[1])


def match(field_name: str, item: str) -> Target | None:
    """The target for one item, trying the whole text, then what precedes ':' or '('
    (v0.1 values carry an explanation: "Gratuit : Je peux accéder gratuitement…")."""
    table = TABLES[field_name]
    for candidate in (item, item.split(":", 1)[0], item.split("(", 1)[0]):
        target = table.get(normalize_key(candidate))
        if target:
            return target
    return None


def resolve(field_name: str, items: Iterable[str]) -> Resolved:
    resolved = Resolved()
    for item in items:
        targets = _targets(field_name, item)
        if targets is None:
            resolved.unknown.append(item)
            continue
        for target in targets:
            resolved.add(target)
            if target != ALL_PUBLIC and (item, field_name) != (target[1], target[0]):
                resolved.conversions.append((item, *target))
        note = NOTES.get((field_name, normalize_key(item.split(":", 1)[0])))
        if note and note not in resolved.notes:
            resolved.notes.append(note)
    return resolved


@lru_cache(maxsize=16384)  # most files repeat the same few values on every row
def _targets(field_name: str, item: str) -> tuple[Target, ...] | None:
    target = match(field_name, item)
    if target:
        return (target,)
    # Some exports join values with commas ("CNFS, France Services"): accept the split only
    # when every piece is known, since v0.1 explanations contain commas themselves.
    pieces = [piece.strip() for piece in item.split(",") if piece.strip()]
    if len(pieces) > 1:
        targets = tuple(match(field_name, piece) for piece in pieces)
        if all(targets):
            return targets
    return None
