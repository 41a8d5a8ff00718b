"""A local HTTP server that answers like the national address API (BAN), for tests.

It serves `/search/` and `/reverse/` (with or without the trailing slash, under any path prefix
such as `/geocodage/`) with GeoJSON FeatureCollections shaped like the real answers: features
with `geometry.coordinates` as [longitude, latitude] and `properties` label, score, citycode,
type, postcode, city… The addresses below are a small table written for the tests.

Knobs: `status` (answer this HTTP error), `delay` (seconds before answering, for timeouts),
`fixed_response` (serve this body as is, e.g. a stored real answer). Every request received is
recorded in `requests`.
"""

import json
import math
import threading
import unicodedata
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class StubAddress:
    label: str
    longitude: float
    latitude: float
    type: str  # housenumber, street, locality or municipality
    score: float
    citycode: str
    postcode: str
    city: str
    context: str
    id: str
    name: str
    x: float  # Lambert-93, as the API gives it
    y: float
    housenumber: str = ""
    street: str = ""


ADDRESSES = [
    StubAddress(
        label="1 Place du Capitole 31000 Toulouse",
        longitude=1.443562,
        latitude=43.604468,
        type="housenumber",
        score=0.9731,
        citycode="31555",
        postcode="31000",
        city="Toulouse",
        context="31, Haute-Garonne, Occitanie",
        id="31555_1875_00001",
        name="1 Place du Capitole",
        x=574355.2,
        y=6279763.4,
        housenumber="1",
        street="Place du Capitole",
    ),
    StubAddress(
        label="Rue de la République 42000 Saint-Étienne",
        longitude=4.388215,
        latitude=45.440712,
        type="street",
        score=0.8642,
        citycode="42218",
        postcode="42000",
        city="Saint-Étienne",
        context="42, Loire, Auvergne-Rhône-Alpes",
        id="42218_3420",
        name="Rue de la République",
        x=808215.7,
        y=6482105.9,
        street="Rue de la République",
    ),
    StubAddress(
        label="Le Mas Soubeyran 30140 Mialet",
        longitude=3.956101,
        latitude=44.058479,
        type="locality",
        score=0.7912,
        citycode="30168",
        postcode="30140",
        city="Mialet",
        context="30, Gard, Occitanie",
        id="30168_b012",
        name="Le Mas Soubeyran",
        x=776610.3,
        y=6329139.8,
    ),
    StubAddress(
        label="Alès",
        longitude=4.081025,
        latitude=44.124917,
        type="municipality",
        score=0.9529,
        citycode="30007",
        postcode="30100",
        city="Alès",
        context="30, Gard, Occitanie",
        id="30007",
        name="Alès",
        x=786530.1,
        y=6336833.2,
    ),
    # Paris: the API gives the code of the arrondissement, not the commune's 75056.
    StubAddress(
        label="10 Rue de Rivoli 75004 Paris",
        longitude=2.358279,
        latitude=48.855647,
        type="housenumber",
        score=0.9612,
        citycode="75104",
        postcode="75004",
        city="Paris",
        context="75, Paris, Île-de-France",
        id="75104_8242_00010",
        name="10 Rue de Rivoli",
        x=652698.4,
        y=6862037.1,
        housenumber="10",
        street="Rue de Rivoli",
    ),
    # A vague answer: the API is not sure, the geocoding must refuse it.
    StubAddress(
        label="Place de la Mairie 93230 Romainville",
        longitude=2.437651,
        latitude=48.884102,
        type="street",
        score=0.3124,
        citycode="93063",
        postcode="93230",
        city="Romainville",
        context="93, Seine-Saint-Denis, Île-de-France",
        id="93063_0590",
        name="Place de la Mairie",
        x=658763.5,
        y=6864968.1,
        street="Place de la Mairie",
    ),
]

# The reverse search answers with the nearest address within this distance.
REVERSE_MAX_METRES = 1000


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    params: dict


class BanStub:
    """Use as a context manager: the server runs in a thread on 127.0.0.1, on a free port."""

    def __init__(self, addresses=ADDRESSES):
        self.addresses = list(addresses)
        self.requests = []
        self.status = None
        self.delay = 0.0
        self.fixed_response = None
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self.host, self.port = self._server.server_address[:2]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stopping.set()  # releases the slow answers still waiting
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def paths(self):
        return [request.path for request in self.requests]

    def answer(self, endpoint, params):
        """(HTTP status, body) for a request; endpoint is "search" or "reverse"."""
        if self.delay:
            self._stopping.wait(self.delay)
        if self.status:
            return self.status, {"code": self.status, "message": "Erreur simulée"}
        if self.fixed_response is not None:
            return 200, self.fixed_response
        if endpoint == "search":
            return self._search(params)
        return self._reverse(params)

    def _search(self, params):
        query = params.get("q", "")
        if not 3 <= len(query) <= 200:
            return 400, {"code": 400, "message": "q: must contain between 3 and 200 chars"}
        words = set(_words(query))
        matches = [
            address
            for address in self.addresses
            if words <= set(_words(f"{address.label} {address.postcode} {address.city}"))
            and params.get("citycode", address.citycode) == address.citycode
            and params.get("postcode", address.postcode) == address.postcode
        ]
        matches.sort(key=lambda address: address.score, reverse=True)
        limit = int(params.get("limit", 5))
        features = [feature(address) for address in matches[:limit]]
        return 200, {"type": "FeatureCollection", "features": features, "query": query}

    def _reverse(self, params):
        try:
            latitude, longitude = float(params["lat"]), float(params["lon"])
        except (KeyError, ValueError):
            return 400, {"code": 400, "message": "lat/lon: invalid values"}
        by_distance = sorted(
            ((_metres(latitude, longitude, address), address) for address in self.addresses),
            key=lambda pair: pair[0],
        )
        features = [
            feature(address, score=1 - distance / 10_000, distance=round(distance))
            for distance, address in by_distance[: int(params.get("limit", 1))]
            if distance <= REVERSE_MAX_METRES
        ]
        return 200, {"type": "FeatureCollection", "features": features}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        stub = self.server.stub
        stub.requests.append(RecordedRequest(url.path, params))
        endpoint = url.path.rstrip("/").rsplit("/", 1)[-1]
        if endpoint in ("search", "reverse"):
            status, body = stub.answer(endpoint, params)
        else:
            status, body = 404, {"code": 404, "message": "Not found"}
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, format, *args):
        pass  # keep test output clean


def feature(address, **extra):
    """The GeoJSON feature the API gives for an address; `extra` adds or replaces properties."""
    properties = {
        "label": address.label,
        "score": extra.pop("score", address.score),
        "housenumber": address.housenumber,
        "id": address.id,
        "name": address.name,
        "postcode": address.postcode,
        "citycode": address.citycode,
        "x": address.x,
        "y": address.y,
        "city": address.city,
        "context": address.context,
        "type": address.type,
        "importance": 0.6,
        "depcode": address.citycode[:2],
        "street": address.street,
        "municipality": address.city if address.type == "municipality" else "",
        "_type": "address",
        **extra,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [address.longitude, address.latitude]},
        # The API leaves out the properties that do not apply (no housenumber for a street).
        "properties": {key: value for key, value in properties.items() if value != ""},
    }


def _words(text):
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char if char.isalnum() else " " for char in text if char.isascii())
    return text.split()


def _metres(latitude, longitude, address):
    # Equirectangular approximation: plenty for distances of a few kilometres.
    mean_latitude = math.radians((latitude + address.latitude) / 2)
    dx = math.radians(address.longitude - longitude) * math.cos(mean_latitude)
    dy = math.radians(address.latitude - latitude)
    return 6_371_000 * math.hypot(dx, dy)
