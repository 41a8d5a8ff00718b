"""The commune of an address, from the codes and name that come with it: for the geocoder's
fallback on the commune centre, and for the directory's places (their commune, their hub's
territory). The importer keeps its own in-memory index of the same rules, for speed."""

from .models import Commune
from .text import normalize_name


def commune_of_address(*, code_insee="", code_postal="", name=""):
    """(commune, "") or (None, why not in plain French; "" when no commune was pointed at).

    By INSEE code (older and arrondissement codes included); else by postal code: the only
    commune it covers or, among several, the one called `name`."""
    if code_insee:
        commune = Commune.objects.with_code(code_insee.strip().upper()).first()
        if commune is not None:
            return commune, ""
    if not code_postal:
        return None, ""
    candidates = list(Commune.objects.filter(codes_postaux__contains=[code_postal.strip()]))
    if len(candidates) == 1:
        return candidates[0], ""
    wanted = normalize_name(name or "")
    named = [commune for commune in candidates if wanted and commune.nom_recherche == wanted]
    if len(named) == 1:
        return named[0], ""
    if candidates:
        return None, (
            f"Le code postal {code_postal} couvre plusieurs communes : "
            "précisez la commune pour situer l'adresse."
        )
    return None, ""
