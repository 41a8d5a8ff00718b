"""Which time zone a place lives in, from its postal or INSEE code (overseas places are not on
Paris time, and "open now" must be evaluated in the place's own time)."""

OVERSEAS = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
    "986": "Pacific/Wallis",
    "987": "Pacific/Tahiti",
    "988": "Pacific/Noumea",
}
DEFAULT = "Europe/Paris"


def timezone_for(code_insee="", code_postal=""):
    for code in (code_insee, code_postal):
        if code and code[:3] in OVERSEAS:
            return OVERSEAS[code[:3]]
    return DEFAULT
