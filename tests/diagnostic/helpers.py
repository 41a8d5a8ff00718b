"""Walking the diagnostic's web flow with Django's test client, and places to find."""

from diagnostic import flow
from geodata.geo import point_from_lat_lon
from tests.directory.factories import LieuFactory

# Saint-Étienne (42218, postal code 42000) and its centre in the commune table.
SAINT_ETIENNE = {"code_insee": "42218", "code_postal": "42000", "lat": 45.4226, "lon": 4.4164}
DEMARCHES = "Aide aux démarches administratives"
OUTILS = "Maîtrise des outils numériques du quotidien"


def start(client, mode="moi"):
    return client.post("/diagnostic/commencer/", {"mode": mode})


def answer(client, question_id, code):
    return client.post(f"/diagnostic/question/{question_id}/", {"reponse": code})


def answer_all(client, answers, mode="moi"):
    """Start, then answer each question the flow asks, in its order. Returns the last
    response (the redirect to the commune screen)."""
    start(client, mode)
    given = {}
    response = None
    while (question := flow.next_question(given)) is not None:
        response = answer(client, question.id, answers[question.id])
        assert response.status_code == 302, (question.id, response.status_code)
        given[question.id] = answers[question.id]
    return response


def complete(client, answers, mode="moi", **place):
    """The whole flow, commune screen included (default: Saint-Étienne's postal code)."""
    answer_all(client, answers, mode)
    data = place or {"commune": SAINT_ETIENNE["code_postal"]}
    return client.post("/diagnostic/commune/", data)


def place_near(lat=SAINT_ETIENNE["lat"], lon=SAINT_ETIENNE["lon"], km_east=0.0, **fields):
    """A place `km_east` kilometres east of (lat, lon) (about 78.6 km per degree here)."""
    fields.setdefault("commune", "Saint-Étienne")
    fields.setdefault("code_postal", "42000")
    fields.setdefault("code_insee", "42218")
    fields.setdefault("commune_ref_id", "42218")
    return LieuFactory(point=point_from_lat_lon(lat, lon + km_east / 78.6), **fields)
