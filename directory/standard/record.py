"""One place as the standard v1.0.2 describes it: 32 fields, in the schema's order."""

import datetime
from dataclasses import dataclass, field

FIELDS = (
    "id",
    "pivot",
    "nom",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "source",
    "itinerance",
    "structure_parente",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)

# Fields holding several values ("|" in v1 files). The schema's itinerance pattern also allows
# "Itinérant|Fixe" (a fixed place that also travels), so it is multi-valued too.
MULTI_FIELDS = frozenset(
    {
        "typologie",
        "courriels",
        "site_web",
        "itinerance",
        "services",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
        "frais_a_charge",
        "dispositif_programmes_nationaux",
        "formations_labels",
        "autres_formations_labels",
        "modalites_acces",
        "modalites_accompagnement",
    }
)
REQUIRED_FIELDS = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")
NUMBER_FIELDS = frozenset({"latitude", "longitude"})
PIVOT_PLACEHOLDER = "00000000000000"
RESUME_MAX_LENGTH = 280


@dataclass(slots=True)
class LieuRecord:
    id: str
    nom: str
    commune: str
    code_postal: str
    adresse: str
    date_maj: datetime.date
    pivot: str = PIVOT_PLACEHOLDER
    code_insee: str = ""
    complement_adresse: str = ""
    latitude: float | None = None
    longitude: float | None = None
    typologie: list[str] = field(default_factory=list)
    telephone: str = ""
    courriels: list[str] = field(default_factory=list)
    site_web: list[str] = field(default_factory=list)
    horaires: str = ""
    presentation_resume: str = ""
    presentation_detail: str = ""
    source: str = ""
    itinerance: list[str] = field(default_factory=list)
    structure_parente: str = ""
    services: list[str] = field(default_factory=list)
    publics_specifiquement_adresses: list[str] = field(default_factory=list)
    prise_en_charge_specifique: list[str] = field(default_factory=list)
    frais_a_charge: list[str] = field(default_factory=list)
    dispositif_programmes_nationaux: list[str] = field(default_factory=list)
    formations_labels: list[str] = field(default_factory=list)
    autres_formations_labels: list[str] = field(default_factory=list)
    modalites_acces: list[str] = field(default_factory=list)
    modalites_accompagnement: list[str] = field(default_factory=list)
    fiche_acces_libre: str = ""
    prise_rdv: str = ""
