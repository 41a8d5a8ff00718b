"""Search and import benchmark on a national-scale synthetic directory (issue 3).

One run, on its own database (never the dev or test one):
1. creates the bench database if missing, migrates, loads the communes;
2. writes 100,000 synthetic places spread over real communes as a standard v1 CSV file and
   imports it with the real importer (`import_lieux … --no-geocode`), then re-imports it;
3. serves the app with gunicorn on 127.0.0.1 and times a typical search through HTTP;
4. times the same search in raw SQL (KNN on the GiST index) with psycopg;
5. counts the queries of one search, EXPLAIN ANALYZEs them, prints a summary and writes it as
   JSON into bench/results/.

Usage: .venv/bin/python bench/search_benchmark.py [--places N] [--requests N] … (see --help and
bench/README.md).
"""

import argparse
import csv
import datetime
import http.client
import io
import json
import math
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
BENCH_DB_NAME = "aiguillage_bench"
IMPORT_SOURCE = "bench"
PARIS = ZoneInfo("Europe/Paris")

TARGET_IMPORT_ROWS_PER_S = 2000
TARGET_HTTP_P95_MS = 25.0
TARGET_RATIO = 3.0
RADIUS_KM = 30
PAGE_SIZE = 20

# The 32 columns of the standard v1.0.2, in the schema's order (what any producer writes).
COLUMNS = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,"
    "typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,"
    "source,itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,"
    "prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,"
    "formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,"
    "fiche_acces_libre,prise_rdv"
).split(",")

# --- What a synthetic place looks like ------------------------------------------------------

# The 9 services of the standard v1 → share of places that offer it (before the 1–4 draw).
SERVICES = {
    "Aide aux démarches administratives": 55,
    "Maîtrise des outils numériques du quotidien": 50,
    "Accès internet et matériel informatique": 25,
    "Insertion professionnelle via le numérique": 18,
    "Utilisation sécurisée du numérique": 15,
    "Compréhension du monde numérique": 10,
    "Parentalité et éducation avec le numérique": 7,
    "Loisirs et créations numériques": 7,
    "Acquisition de matériel informatique à prix solidaire": 3,
}
SERVICE_COUNT = {1: 35, 2: 30, 3: 20, 4: 15}
# (name pattern, typologie, weight)
KINDS = [
    ("Médiathèque de {commune}", "BIB", 16),
    ("Espace public numérique de {commune}", "EPN", 12),
    ("France Services {commune}", "RFS", 10),
    ("CCAS de {commune}", "CCAS", 10),
    ("Centre social {quartier}", "CS", 9),
    ("Mairie de {commune}", "MUNI", 9),
    ("Maison de quartier {quartier}", "MQ", 5),
    ("Association {asso}", "ASSO", 10),
    ("Tiers-lieu {quartier}", "TIERS_LIEUX", 5),
    ("Mission locale de {commune}", "ML", 4),
    ("Point numérique CAF de {commune}", "CAF", 3),
    ("MJC de {commune}", "MJC", 3),
    ("Fablab {quartier}", "FABLAB", 2),
    ("Ressourcerie numérique {quartier}", "RESSOURCERIE", 1),
]
QUARTIERS = [
    "des Tilleuls", "du Centre", "de la Gare", "des Acacias", "du Moulin", "des Peupliers",
    "Jean Jaurès", "Victor Hugo", "de la Croix-Rouge", "des Coteaux", "du Port", "Pasteur",
]  # fmt: skip
ASSOCIATIONS = [
    "Connexions solidaires", "Le Clic", "Numérique pour tous", "Les Octets libres",
    "Coup de pouce numérique", "PIMMS Médiation", "Emmaüs Connect", "Le Relais",
]  # fmt: skip
STREETS = [
    "rue de la République", "place de la Mairie", "avenue Jean Jaurès", "rue Victor Hugo",
    "rue du Général de Gaulle", "place de l'Église", "rue Pasteur", "boulevard Gambetta",
    "rue de la Gare", "rue des Écoles", "allée des Tilleuls", "chemin du Moulin",
]  # fmt: skip
FRAIS = {
    ("Gratuit",): 70,
    ("Gratuit sous condition",): 15,
    ("Payant",): 5,
    ("Gratuit", "Payant"): 5,
    (): 5,
}
PUBLICS = {"Jeunes": 30, "Seniors": 30, "Familles et/ou enfants": 20, "Étudiants": 10, "Femmes": 8}
PRISE_EN_CHARGE = {
    "Handicaps moteurs": 30,
    "Illettrisme": 25,
    "Langues étrangères (anglais)": 20,
    "Surdité": 10,
    "Handicaps mentaux": 10,
    "Déficience visuelle": 8,
    "Langues étrangères (autres)": 8,
}
MODALITES_ACCES = {
    "Se présenter": 60,
    "Téléphoner": 50,
    "Contacter par mail": 30,
    "Prendre un RDV en ligne": 15,
    "Envoyer un mail avec une fiche de prescription": 5,
}
MODALITES_ACCOMPAGNEMENT = {
    "Accompagnement individuel": 70,
    "En autonomie": 35,
    "Dans un atelier collectif": 30,
    "À distance": 10,
}
DISPOSITIFS = {
    "Conseillers numériques": 40,
    "Aidants Connect": 25,
    "Point d'accès numérique CAF": 8,
    "Certification PIX": 6,
    "Promeneurs du net": 5,
    "Bibliothèques numérique de référence": 4,
    "Grande école du numérique": 3,
    "Emmaüs Connect": 3,
    "La Croix Rouge": 3,
    "Relais numérique (Emmaüs Connect)": 2,
}
NO_HOURS_SHARE = 0.15
# Realistic OSM opening_hours strings (town halls, France Services, libraries, EPN,
# associations' weekly slots) → weight. A few open on Sundays or every day.
HOURS = {
    "Mo-Fr 09:00-12:00,14:00-17:00": 8,
    "Mo-Fr 08:30-12:00,13:30-17:00": 6,
    "Mo-Fr 09:00-12:30,13:30-17:30": 5,
    "Mo-Fr 09:00-17:00": 4,
    "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00,13:30-16:30": 4,
    "Mo-Fr 08:30-12:30,13:30-17:00; PH off": 4,
    "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00": 3,
    "Mo 14:00-17:00; Tu-Fr 09:00-12:00,14:00-17:00": 3,
    "Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00": 3,
    "Mo-Fr 09:00-12:00": 3,
    "Mo-Fr 14:00-17:00": 2,
    "Tu,Th 14:00-17:00": 2,
    "We 14:00-18:00; Sa 10:00-17:00": 2,
    "Tu 09:00-12:00": 1,
    "Th 14:00-16:30": 1,
    "We 09:00-12:00": 1,
    "Fr 09:00-12:00,14:00-16:00": 1,
    "Mo,We 14:00-17:00": 1,
    "Tu,Th 09:00-12:00; We 14:00-17:00": 1,
    "Tu 14:00-18:00; We 10:00-12:30,14:00-18:00; Fr 14:00-18:00; Sa 10:00-12:30,14:00-17:00": 3,
    "Tu-Fr 13:00-18:00; We,Sa 10:00-18:00": 2,
    "Tu,Th,Fr 15:00-18:30; We,Sa 10:00-12:30,14:00-18:00": 2,
    "Tu-Sa 10:00-18:00; Su 14:00-18:00": 1,
    "We 10:00-12:00,14:00-18:00; Sa 10:00-12:00,14:00-17:00; Su 10:00-12:30": 1,
    "Tu-Sa 10:00-19:00; Su 14:00-18:00; PH off": 1,
    "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00": 3,
    "Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00": 2,
    "Mo-Fr 08:30-12:30,13:30-17:30; Sa 09:00-12:00; PH off": 2,
    "Mo 13:30-17:00; Tu-Fr 08:30-12:00,13:30-17:00": 2,
    "Mo-Fr 09:00-18:00": 2,
    "Mo-Sa 10:00-19:00": 2,
    "Tu-Sa 10:00-12:00,14:00-18:00": 2,
    "Mo-Fr 10:00-18:00; Sa 10:00-13:00": 1,
    "Mo-Su 08:00-20:00": 1,
    "Mo-Fr 09:00-20:00; Sa,Su 10:00-18:00": 1,
    "Mo,Th 14:00-17:00": 1,
    "We 14:00-17:00; Sa 09:30-12:00": 1,
    "Tu,Fr 09:30-11:30": 1,
    "Th 18:00-20:00": 1,
    "Mo-Fr 09:00-17:00; Aug off": 1,
    "Mo-Fr 07:30-19:00": 1,
    "Mo-Sa 09:00-12:00": 1,
    "Sa 09:00-12:00": 1,
    "Mo-We,Fr 09:00-12:00,13:30-17:00": 1,
    "24/7": 1,
}


@dataclass
class Commune:
    code: str
    nom: str
    postcode: str
    population: int
    lon: float
    lat: float


@dataclass
class Phase:
    """Latencies of one measured phase, in milliseconds."""

    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    empty: int = 0
    results: list = field(default_factory=list)  # result count per request
    stopped_early: bool = False

    def summary(self):
        return {
            "n": len(self.latencies),
            "p50_ms": percentile(self.latencies, 50),
            "p95_ms": percentile(self.latencies, 95),
            "p99_ms": percentile(self.latencies, 99),
            "max_ms": max(self.latencies, default=None),
            "mean_ms": sum(self.latencies) / len(self.latencies) if self.latencies else None,
            "errors": len(self.errors),
            "error_examples": self.errors[:5],
            "empty_results": self.empty,
            "median_results": percentile(self.results, 50),
            "stopped_early": self.stopped_early,
        }


def percentile(values, p):
    """Nearest-rank percentile (no interpolation), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def say(text="", end="\n"):
    print(text, end=end, file=sys.stderr, flush=True)


def step(title):
    say(f"\n==> {title}")


def machine_load():
    """1-minute load average: other processes on the machine skew every figure."""
    load = os.getloadavg()[0]
    if load > 0.5:
        say(f"  attention : charge de la machine {load:.2f} avant la mesure (autres processus)")
    return round(load, 2)


# --- Database ------------------------------------------------------------------------------


def default_database_url():
    socket_dir = quote(str(ROOT / "var" / "run"), safe="")
    return f"postgis://aiguillage@{socket_dir}/{BENCH_DB_NAME}"


def connection_params(url):
    import dj_database_url

    config = dj_database_url.parse(url)
    params = {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    return {key: value for key, value in params.items() if value}


def ensure_database(url):
    """Create the bench database when it does not exist yet."""
    import psycopg
    from psycopg import sql

    params = connection_params(url)
    name = params["dbname"]
    if "bench" not in name:
        raise SystemExit(f"Refus : la base « {name} » n'a pas « bench » dans son nom.")
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            say(f"Création de la base {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare_database():
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from geodata.models import Commune as CommuneModel

    step("Base de banc d'essai : migrations et communes")
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    if pending:
        # A column added by a migration has no statistics until the next ANALYZE: PostgreSQL
        # then guesses (`archive_le IS NULL` keeps 0.5 % of the rows) and picks other plans.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_lieu")
        say(f"{len(pending)} migrations appliquées, ANALYZE directory_lieu")
    count = CommuneModel.objects.count()
    if count < 30_000:
        started = time.monotonic()
        call_command("import_communes", stdout=sys.stderr)
        say(f"Communes chargées en {time.monotonic() - started:.1f} s")
    else:
        say(f"{count} communes déjà chargées")


def load_communes():
    from geodata.models import Commune as CommuneModel

    communes = []
    rows = CommuneModel.objects.values_list(
        "code_insee", "nom", "codes_postaux", "population", "centre"
    )
    for code, nom, postcodes, population, centre in rows.iterator(chunk_size=5000):
        if postcodes:
            communes.append(Commune(code, nom, postcodes[0], population or 0, centre.x, centre.y))
    return communes


# --- Synthetic directory -------------------------------------------------------------------


def pick(rng, weights, k):
    """k distinct items drawn with the given weights."""
    items, chosen = list(weights), []
    k = min(k, len(items))
    while len(chosen) < k:
        item = rng.choices(items, weights=[weights[i] for i in items])[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def maybe(rng, share, weights, most=2):
    """No value (1 - share of the time), else 1 to `most` values."""
    if rng.random() >= share:
        return []
    return pick(rng, weights, rng.randint(1, most))


def jitter(rng, lon, lat):
    """A point a few hundred metres to a few km from (lon, lat), in a random direction."""
    distance_km = min(6.0, 0.2 + rng.expovariate(1 / 1.2))
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = distance_km * math.cos(bearing) / 111.32
    dlon = distance_km * math.sin(bearing) / (111.32 * max(0.2, math.cos(math.radians(lat))))
    return round(lon + dlon, 6), round(lat + dlat, 6)


def synthetic_rows(rng, communes, count):
    """`count` places of the standard v1 as CSV rows (lists in COLUMNS order)."""
    weights = [max(commune.population, 50) for commune in communes]
    chosen = rng.choices(communes, weights=weights, k=count)
    kinds = [kind[:2] for kind in KINDS]
    kind_weights = [kind[2] for kind in KINDS]
    hours, hours_weights = list(HOURS), list(HOURS.values())
    today = datetime.date.today()
    for number, commune in enumerate(chosen, start=1):
        pattern, typologie = rng.choices(kinds, weights=kind_weights)[0]
        nom = pattern.format(
            commune=commune.nom, quartier=rng.choice(QUARTIERS), asso=rng.choice(ASSOCIATIONS)
        )
        lon, lat = jitter(rng, commune.lon, commune.lat)
        metropole = not commune.postcode.startswith(("97", "98"))
        how_many = rng.choices(list(SERVICE_COUNT), list(SERVICE_COUNT.values()))[0]
        services = pick(rng, SERVICES, how_many)
        dispositifs = maybe(rng, 0.5, DISPOSITIFS)
        if typologie == "RFS":
            dispositifs = ["France Services", *dispositifs]
        itinerant = rng.random() < 0.03
        values = {
            "id": f"bench-{number:06d}",
            "pivot": "00000000000000",
            "nom": ("Bus numérique " + commune.nom) if itinerant else nom,
            "commune": commune.nom,
            "code_postal": commune.postcode,
            "code_insee": commune.code,
            "adresse": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
            "latitude": f"{lat}",
            "longitude": f"{lon}",
            "typologie": "ENM" if itinerant else typologie,
            "telephone": (
                f"+33{rng.choice('1234589')}{rng.randint(0, 99_999_999):08d}"
                if metropole and rng.random() < 0.7
                else ""
            ),
            "courriels": f"contact-{number}@exemple.org" if rng.random() < 0.6 else "",
            "site_web": f"https://exemple.org/lieux/{number}" if rng.random() < 0.3 else "",
            "horaires": (
                "" if rng.random() < NO_HOURS_SHARE else rng.choices(hours, hours_weights)[0]
            ),
            "presentation_resume": "Accueil et accompagnement aux usages du numérique.",
            "source": "Aiguillage (banc d'essai synthétique)",
            "itinerance": "Itinérant" if itinerant else "Fixe",
            "date_maj": (today - datetime.timedelta(days=rng.randint(0, 730))).isoformat(),
            "services": "|".join(services),
            "publics_specifiquement_adresses": "|".join(maybe(rng, 0.25, PUBLICS)),
            "prise_en_charge_specifique": "|".join(maybe(rng, 0.2, PRISE_EN_CHARGE)),
            "frais_a_charge": "|".join(rng.choices(list(FRAIS), list(FRAIS.values()))[0]),
            "dispositif_programmes_nationaux": "|".join(dispositifs),
            "modalites_acces": "|".join(pick(rng, MODALITES_ACCES, rng.randint(1, 3))),
            "modalites_accompagnement": "|".join(
                pick(rng, MODALITES_ACCOMPAGNEMENT, rng.randint(1, 3))
            ),
        }
        yield [values.get(column, "") for column in COLUMNS]


def check_hours():
    """Every hours string of the generator must be valid OSM syntax."""
    from opening_hours import OpeningHours

    for horaires in HOURS:
        OpeningHours(horaires)  # raises on a syntax error


def write_csv(path, rng, communes, count):
    started = time.monotonic()
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for number, row in enumerate(synthetic_rows(rng, communes, count), start=1):
            writer.writerow(row)
            if number % (count // 10 or 1) == 0:
                say(f"  {number:>7} lignes écrites")
    return time.monotonic() - started


# --- Import --------------------------------------------------------------------------------

SUMMARY_LINE = re.compile(r"created=(\d+) updated=(\d+) unchanged=(\d+) rejected=(\d+)")


def run_import(path, rows):
    """The real importer, as `manage.py import_lieux PATH --source bench --no-geocode` runs it."""
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_lieux", str(path), source=IMPORT_SOURCE, no_geocode=True, stdout=out)
    elapsed = time.perf_counter() - started
    output = out.getvalue()
    match = SUMMARY_LINE.search(output)
    if match is None:
        raise SystemExit(f"Ligne de bilan introuvable dans la sortie de l'import :\n{output}")
    names = ("created", "updated", "unchanged", "rejected")
    counts = {name: int(value) for name, value in zip(names, match.groups(), strict=True)}
    say(f"  {output.strip().splitlines()[-1]} en {elapsed:.1f} s ({rows / elapsed:,.0f} lignes/s)")
    return {
        "seconds": round(elapsed, 2),
        "rows": rows,
        "rows_per_s": round(rows / elapsed),
        **counts,
        "output_tail": output.strip().splitlines()[-6:],
    }


def clear_places():
    """Empty the places table of the bench database (and what refers to it), so that the first
    import creates every place."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE directory_lieu CASCADE")


def analyze_places():
    from django.db import connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE directory_lieu")
    return round(time.monotonic() - started, 2)


# --- Searches ------------------------------------------------------------------------------


@dataclass
class Search:
    lat: float
    lon: float
    service: str

    def params(self, when):
        params = {
            "lat": f"{self.lat:.5f}",
            "lon": f"{self.lon:.5f}",
            "rayon_km": RADIUS_KM,
            "services": self.service,
            "page_size": PAGE_SIZE,
        }
        params.update(when)
        return params

    def path(self, when):
        return "/api/lieux/?" + urlencode(self.params(when))


def sample_searches(rng, communes, count):
    """Points near populated communes (weighted by population) and one service each, drawn
    with the services' frequency in the directory."""
    towns = [commune for commune in communes if commune.population >= 2000]
    chosen = rng.choices(towns, weights=[town.population for town in towns], k=count)
    services, service_weights = list(SERVICES), list(SERVICES.values())
    searches = []
    for town in chosen:
        lon, lat = jitter(rng, town.lon, town.lat)
        searches.append(Search(lat, lon, rng.choices(services, service_weights)[0]))
    return searches


def scenarios(now):
    """(name, query parameters for the time, the time they stand for)."""
    tuesday = now.astimezone(PARIS).date() + datetime.timedelta(
        days=(1 - now.astimezone(PARIS).weekday()) % 7 or 7
    )
    busy = datetime.datetime.combine(tuesday, datetime.time(10, 30), tzinfo=PARIS)
    return [
        ("ouvert_maintenant", {"ouvert_maintenant": "true"}, None),
        ("ouvert_le mardi 10h30", {"ouvert_le": busy.isoformat()}, busy),
    ]


def open_pairs(at):
    """(time zone → open hours strings) at `at`, as the search computes them: the reference SQL
    filters on the same strings."""
    from directory.models import Lieu
    from directory.opening import opening_status

    pairs = Lieu.objects.exclude(horaires="").values_list("horaires", "fuseau_horaire").distinct()
    open_strings = {}
    for horaires, zone in pairs.order_by():
        if opening_status(horaires, zone, at).is_open:
            open_strings.setdefault(zone, []).append(horaires)
    return open_strings


# --- HTTP ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn serving config.wsgi on 127.0.0.1 with the bench database, 2 workers."""

    def __init__(self, database_url, log_path):
        self.port = free_port()
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "GEOCODER_ENABLED": "false",
            "LOG_LEVEL": "WARNING",
            "PYTHONWARNINGS": "ignore:No directory at",  # whitenoise: no collectstatic here
        }
        self.process = None

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log_path),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn s'est arrêté : voir {self.log_path}")
            try:
                status, _body = get(self.port, "/api/lieux/?page_size=1")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn ne répond pas après 30 s : voir {self.log_path}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(port, path, connection=None):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if connection is None:
            conn.close()


def measure_http(port, searches, when, *, warmup, time_limit):
    """Sequential requests from one client (http.client reopens the connection when gunicorn's
    sync workers close it)."""
    phase = Phase()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for search in searches[:warmup]:
        get(port, search.path(when), conn)
    deadline = time.monotonic() + time_limit
    measured = searches[warmup:]
    for number, search in enumerate(measured, start=1):
        path = search.path(when)
        started = time.perf_counter()
        status, body = get(port, path, conn)
        phase.latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            phase.errors.append(f"{status} {path}: {body[:200]!r}")
        else:
            data = json.loads(body)
            phase.results.append(len(data["results"]))
            if not data["results"]:
                phase.empty += 1
        progress(number, len(measured), phase.latencies)
        if time.monotonic() > deadline:
            phase.stopped_early = True
            break
    conn.close()
    return phase


def measure_floor(port, count):
    """The stack's own floor: /healthz (Django, gunicorn and one trivial SQL query) from the same
    client, to read the search's latency against what any request costs here."""
    phase = Phase()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for number in range(count + 50):
        started = time.perf_counter()
        status, body = get(port, "/healthz", conn)
        if number >= 50:  # after a warm-up
            phase.latencies.append((time.perf_counter() - started) * 1000)
        if status != 200:
            phase.errors.append(f"{status} /healthz: {body[:200]!r}")
    conn.close()
    return phase


def progress(number, total, latencies):
    if number % max(1, total // 5) == 0 or number == total:
        say(f"  {number:>5}/{total}  p50 {percentile(latencies, 50):6.1f} ms")


# --- Raw SQL -------------------------------------------------------------------------------

POINT = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"
FILTERS = "l.services && %(services)s::{services_type} AND ({open_condition})"
# Two forms of the reference query, same results:
# - "dwithin": the radius as ST_DWithin in WHERE, as the ORM writes it. PostgreSQL underestimates
#   the rows it keeps (the radius is counted twice), so it often prefers a bitmap scan of every
#   candidate plus a sort to the KNN walk of the index.
# - "knn": the bounding box of the radius as the only index condition and the KNN operator as
#   the only sort key, the exact radius applied after LIMIT (nearest first, so the places within
#   the radius come before those in the corners of the box): the planner walks the GiST index
#   nearest first and stops after 20 matches.
REFERENCE_SQL = {
    "dwithin": f"""
SELECT l.*, ST_Distance(l.point, {POINT}) AS distance
FROM directory_lieu l
WHERE ST_DWithin(l.point, {POINT}, %(radius)s) AND {FILTERS}
ORDER BY l.point <-> {POINT}
LIMIT %(limit)s
""",
    "knn": f"""
SELECT * FROM (
  SELECT l.*, ST_Distance(l.point, {POINT}) AS distance
  FROM directory_lieu l
  WHERE l.point && _ST_Expand({POINT}, %(radius)s) AND {FILTERS}
  ORDER BY l.point <-> {POINT}
  LIMIT %(limit)s
) nearest
WHERE ST_DWithin(nearest.point, {POINT}, %(radius)s)
""",
}
SQL_FORMS = {
    "knn": "SQL KNN (boîte + rayon après LIMIT)",
    "dwithin": "SQL ST_DWithin (forme de l'ORM)",
}


class Reference:
    """The reference query through psycopg, on its own connection (no Django)."""

    def __init__(self, database_url, open_strings):
        import psycopg

        # prepare_threshold=None: no server-side prepared statements, like Django.
        self.conn = psycopg.connect(
            **connection_params(database_url), autocommit=True, prepare_threshold=None
        )
        # The array parameter must have the column's own type (text[] or varchar(n)[]).
        services_type = self.conn.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
            " WHERE attrelid = 'directory_lieu'::regclass AND attname = 'services'"
        ).fetchone()[0]
        conditions, self.open_params = [], {}
        for index, (zone, strings) in enumerate(sorted(open_strings.items())):
            conditions.append(
                f"(l.fuseau_horaire = %(zone{index})s AND l.horaires = ANY(%(open{index})s))"
            )
            self.open_params[f"zone{index}"] = zone
            self.open_params[f"open{index}"] = strings
        self.queries = {
            form: sql.replace("{services_type}", services_type).replace(
                "{open_condition}", " OR ".join(conditions) or "false"
            )
            for form, sql in REFERENCE_SQL.items()
        }

    def close(self):
        self.conn.close()

    def params(self, search):
        return {
            "lon": search.lon,
            "lat": search.lat,
            "radius": RADIUS_KM * 1000,
            "services": [search.service],
            "limit": PAGE_SIZE,
            **self.open_params,
        }

    def run(self, form, search):
        return self.conn.execute(self.queries[form], self.params(search)).fetchall()

    def explain(self, form, search):
        rows = self.conn.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + self.queries[form], self.params(search)
        ).fetchall()
        plan = "\n".join(row[0] for row in rows)
        return {
            "search": search.params({}),
            "plan": plan,
            "knn_index_scan": "Order By: (" in plan,
            "indexes": sorted(set(INDEX_USE.findall(plan))),
            "execution_ms": _plan_ms(plan, "Execution Time"),
        }

    def same_results(self, searches):
        """How many searches give other places in the two forms (ties at equal distance may
        swap places, nothing else should differ)."""
        differ = 0
        for search in searches:
            ids = [{row[0] for row in self.run(form, search)} for form in REFERENCE_SQL]
            differ += ids[0] != ids[1]
        return differ


def measure_sql(reference, form, searches, *, warmup, time_limit):
    phase = Phase()
    for search in searches[:warmup]:
        reference.run(form, search)
    deadline = time.monotonic() + time_limit
    measured = searches[warmup:]
    slowest = (0, None)
    for number, search in enumerate(measured, start=1):
        started = time.perf_counter()
        rows = reference.run(form, search)
        elapsed = (time.perf_counter() - started) * 1000
        phase.latencies.append(elapsed)
        slowest = max(slowest, (elapsed, number - 1), key=lambda pair: pair[0])
        phase.results.append(len(rows))
        if not rows:
            phase.empty += 1
        progress(number, len(measured), phase.latencies)
        if time.monotonic() > deadline:
            phase.stopped_early = True
            break
    summary = phase.summary()
    summary["slowest_explain"] = reference.explain(form, measured[slowest[1]])
    return summary


# --- Inside one request: queries, their plans, where the time goes --------------------------

INDEX_USE = re.compile(r"(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:using |on )(\w+)")


class QueryLog:
    """Every query Django runs while installed (connection.execute_wrapper): its duration and
    its SQL with the parameters inlined, ready for EXPLAIN."""

    def __init__(self, connection):
        self.connection = connection
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            text = self.connection.ops.last_executed_query(context["cursor"], sql, params)
            self.queries.append((elapsed, text))

    def capture(self):
        self.queries = []
        return self.connection.execute_wrapper(self)


def inside_requests(searches, when, *, count):
    """Through Django's test client in this process: queries per request (page_size 20 and
    100), the time spent in SQL versus the rest, and EXPLAIN ANALYZE of each query of the
    heaviest search."""
    from django.db import connection
    from django.test import Client

    client, log = Client(), QueryLog(connection)
    client.get(searches[0].path(when))  # connection and caches warm
    per_request, totals, sql_times, heaviest = [], [], [], None
    for search in searches[:count]:
        with log.capture():
            started = time.perf_counter()
            response = client.get(search.path(when))
            total = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} {search.path(when)}: {response.content}")
        per_request.append(len(log.queries))
        totals.append(total)
        sql_ms = [elapsed for elapsed, _text in log.queries]
        sql_times.append(sql_ms)
        if heaviest is None or sum(sql_ms) > heaviest[0]:
            heaviest = (sum(sql_ms), search, [text for _elapsed, text in log.queries])

    search = heaviest[1]
    sizes = {}
    for page_size in (20, 100):
        with log.capture():
            client.get(search.path({**when, "page_size": page_size}))
        sizes[page_size] = len(log.queries)

    plans = []
    with connection.cursor() as cursor:
        for query in heaviest[2]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            plans.append(
                {
                    "sql": query,
                    "plan": plan,
                    "indexes": sorted(set(INDEX_USE.findall(plan))),
                    "execution_ms": _plan_ms(plan, "Execution Time"),
                    "planning_ms": _plan_ms(plan, "Planning Time"),
                }
            )
    by_query = [
        [times[index] for times in sql_times if index < len(times)]
        for index in range(max(per_request))
    ]
    return {
        "requests": len(totals),
        "queries_per_request": sorted(set(per_request)),
        "queries_by_page_size": sizes,
        "total_p50_ms": percentile(totals, 50),
        "total_p95_ms": percentile(totals, 95),
        "sql_p50_ms": percentile([sum(times) for times in sql_times], 50),
        "sql_p95_ms": percentile([sum(times) for times in sql_times], 95),
        "outside_sql_p50_ms": percentile(
            [total - sum(times) for total, times in zip(totals, sql_times, strict=True)], 50
        ),
        "query_p50_ms": [percentile(times, 50) for times in by_query],
        "query_p95_ms": [percentile(times, 95) for times in by_query],
        "heaviest_search": search.params(when),
        "explain": plans,
    }


def _plan_ms(plan, label):
    match = re.search(rf"{label}: ([\d.]+) ms", plan)
    return float(match.group(1)) if match else None


# --- Report --------------------------------------------------------------------------------


def fmt(value, unit=" ms"):
    return "—" if value is None else f"{value:,.1f}{unit}"


def verdict(ok):
    return "OK" if ok else "MANQUÉ"


def print_summary(results):
    lines = ["", "=" * 100, "Résumé du banc d'essai", "=" * 100]
    imports = results["import"]
    if imports is None:
        lines.append(f"Import : aucun (--reuse, {results['places']:,} lieux déjà en base)")
    else:
        first, again = imports["first"], imports["again"]
        lines.append(
            f"Import {first['rows']:,} lignes (CSV {imports['csv_mb']} Mo)".ljust(44)
            + f"{first['seconds']:>7.1f} s  {first['rows_per_s']:>7,} lignes/s  "
            + f"[cible ≥ {TARGET_IMPORT_ROWS_PER_S:,}: "
            + f"{verdict(first['rows_per_s'] >= TARGET_IMPORT_ROWS_PER_S)}]  "
            + f"created={first['created']} rejected={first['rejected']}"
        )
        lines.append(
            "Réimport du même fichier".ljust(44)
            + f"{again['seconds']:>7.1f} s  {again['rows_per_s']:>7,} lignes/s  "
            + f"unchanged={again['unchanged']} updated={again['updated']} "
            + f"created={again['created']}"
        )
    lines.append("")
    header = f"{'Recherche':<44}{'n':>6}{'p50':>11}{'p95':>11}{'p99':>11}  résultats"
    floor = results.get("floor")
    if floor:
        lines.append(
            "Plancher HTTP : /healthz (Django + gunicorn + SELECT)".ljust(44)
            + f"{floor['n']:>6}{fmt(floor['p50_ms']):>11}{fmt(floor['p95_ms']):>11}"
            + f"{fmt(floor['p99_ms']):>11}"
        )
        lines.append("")
    for scenario in results["scenarios"]:
        lines.append(
            f"-- {scenario['name']} ({scenario['open_strings']} horaires ouverts ; charge machine "
            f"{scenario['load_before']} → {scenario['load_after']})"
        )
        lines.append(header)
        rows = [("HTTP (gunicorn, 2 workers)", scenario["http"])]
        rows += [(label, scenario["sql"][form]) for form, label in SQL_FORMS.items()]
        for label, phase in rows:
            lines.append(
                f"{label:<44}{phase['n']:>6}{fmt(phase['p50_ms']):>11}{fmt(phase['p95_ms']):>11}"
                f"{fmt(phase['p99_ms']):>11}  médiane {phase['median_results']}, "
                f"vides {phase['empty_results']}, erreurs {phase['errors']}"
            )
        ratio = scenario["ratio_p95"]["knn"]
        http_p95 = scenario["http"]["p95_ms"]
        lines.append(
            f"{'Ratio p95 HTTP / SQL KNN':<44}{ratio:>6.1f}×   "
            f"[p95 < {TARGET_HTTP_P95_MS:.0f} ms: {verdict(http_p95 < TARGET_HTTP_P95_MS)}; "
            f"≤ {TARGET_RATIO:.0f}× SQL KNN: {verdict(ratio <= TARGET_RATIO)}]   "
            f"(/ SQL ST_DWithin : {scenario['ratio_p95']['dwithin']:.1f}×)"
        )
        for form, label in SQL_FORMS.items():
            slowest = scenario["sql"][form]["slowest_explain"]
            lines.append(
                f"  plan de la plus lente, {label} : {fmt(slowest['execution_ms'])}, "
                f"parcours KNN de l'index : {'oui' if slowest['knn_index_scan'] else 'non'}"
            )
        lines.append(
            f"  les deux formes SQL donnent d'autres lieux pour {scenario['sql_forms_differ']} "
            "recherches sur 200"
        )
        inside = scenario["inside"]
        lines.append(
            f"{'Dans Django (client de test)':<44}{inside['requests']:>6}"
            f"{fmt(inside['total_p50_ms']):>11}{fmt(inside['total_p95_ms']):>11}"
            f"             SQL p50 {fmt(inside['sql_p50_ms'])}, "
            f"hors SQL p50 {fmt(inside['outside_sql_p50_ms'])}"
        )
        per_query = ", ".join(fmt(ms) for ms in inside["query_p50_ms"])
        lines.append(
            f"  requêtes par recherche : {inside['queries_per_request']} "
            f"(page_size 20 → {inside['queries_by_page_size'][20]}, "
            f"100 → {inside['queries_by_page_size'][100]}) ; p50 par requête : {per_query}"
        )
        for index, plan in enumerate(inside["explain"], start=1):
            lines.append(
                f"  EXPLAIN requête {index} : {fmt(plan['execution_ms'])} "
                f"(planification {fmt(plan['planning_ms'])}), index : "
                f"{', '.join(plan['indexes']) or 'aucun'}"
            )
        lines.append("")
    lines.append(f"Résultats complets : {results['path']}")
    print("\n".join(lines))


# --- Main ----------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=100_000, help="lieux synthétiques")
    parser.add_argument("--requests", type=int, default=1000, help="recherches mesurées")
    parser.add_argument("--warmup", type=int, default=50, help="recherches d'échauffement")
    parser.add_argument("--inside", type=int, default=200, help="recherches dans Django")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--time-limit", type=float, default=90, help="secondes par mesure")
    parser.add_argument(
        "--database-url",
        default=default_database_url(),
        help="base du banc (son nom doit contenir « bench ») ; défaut : base privée sous var/",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="garder les lieux déjà importés (pas d'import)"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    # Everything below, and gunicorn, uses the bench database only.
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ["GEOCODER_ENABLED"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    sys.path.insert(0, str(ROOT))
    ensure_database(args.database_url)

    import django

    django.setup()
    from django.db import connection

    started = time.monotonic()
    say(f"Base : {connection.settings_dict['NAME']} ({connection.settings_dict['HOST']})")
    prepare_database()
    check_hours()
    rng = random.Random(args.seed)
    communes = load_communes()
    results = {
        "started_at": datetime.datetime.now(PARIS).isoformat(timespec="seconds"),
        "database": connection.settings_dict["NAME"],
        "places": args.places,
        "seed": args.seed,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "code": str(ROOT),
    }

    with tempfile.TemporaryDirectory(prefix="aiguillage-bench-") as tmp:
        if args.reuse:
            from directory.models import Lieu

            count = Lieu.objects.filter(import_source=IMPORT_SOURCE).count()
            say(f"\n--reuse : {count} lieux déjà importés, pas d'import")
            results["import"] = None
            results["places"] = count
        else:
            path = Path(tmp) / "lieux-bench.csv"
            step(f"Écriture de {args.places:,} lieux synthétiques (CSV standard v1)")
            write_seconds = write_csv(path, rng, communes, args.places)
            csv_mb = round(path.stat().st_size / 1e6, 1)
            say(f"  {path.name} : {csv_mb} Mo en {write_seconds:.1f} s")
            clear_places()
            step("Import (import_lieux --no-geocode)")
            import_load = machine_load()
            first = run_import(path, args.places)
            analyze_seconds = analyze_places()
            say(f"  VACUUM ANALYZE : {analyze_seconds} s")
            step("Réimport du même fichier")
            again = run_import(path, args.places)
            results["import"] = {
                "csv_mb": csv_mb,
                "load_before": import_load,
                "csv_write_seconds": round(write_seconds, 2),
                "first": first,
                "vacuum_analyze_seconds": analyze_seconds,
                "again": again,
            }

        total = args.warmup + args.requests
        searches = sample_searches(random.Random(args.seed + 1), communes, total)
        results["scenarios"] = []
        with Gunicorn(args.database_url, Path(tmp) / "gunicorn.log") as server:
            step("Plancher HTTP (/healthz)")
            results["floor"] = measure_floor(server.port, min(args.requests, 500)).summary()
            for name, when, at in scenarios(datetime.datetime.now(PARIS)):
                step(f"Recherche {name}")
                at = at or datetime.datetime.now(PARIS)
                open_strings = open_pairs(at)
                load = machine_load()
                say(f"  HTTP sur 127.0.0.1:{server.port} ({args.warmup} d'échauffement)")
                http_phase = measure_http(
                    server.port, searches, when, warmup=args.warmup, time_limit=args.time_limit
                )
                reference = Reference(args.database_url, open_strings)
                sql = {}
                for form, label in SQL_FORMS.items():
                    say(f"  {label}")
                    sql[form] = measure_sql(
                        reference,
                        form,
                        searches,
                        warmup=args.warmup,
                        time_limit=args.time_limit,
                    )
                differ = reference.same_results(searches[args.warmup : args.warmup + 200])
                reference.close()
                say("  Dans Django : requêtes, plans")
                inside = inside_requests(searches[args.warmup :], when, count=args.inside)
                http_summary = http_phase.summary()
                results["scenarios"].append(
                    {
                        "name": name,
                        "at": at.isoformat(timespec="minutes"),
                        "query": searches[args.warmup].params(when),
                        "open_strings": sum(len(s) for s in open_strings.values()),
                        "http": http_summary,
                        "sql": sql,
                        "sql_forms_differ": differ,
                        "ratio_p95": {
                            form: http_summary["p95_ms"] / phase["p95_ms"]
                            for form, phase in sql.items()
                        },
                        "inside": inside,
                        "load_before": load,
                        "load_after": round(os.getloadavg()[0], 2),
                    }
                )
        results["seconds"] = round(time.monotonic() - started, 1)

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS_DIR / f"search-benchmark-{stamp}.json"
    results["path"] = str(path.relative_to(ROOT))
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n")
    print_summary(results)
    say(f"\nDurée totale : {results['seconds']} s")


if __name__ == "__main__":
    main()
