"""The directory search, criterion by criterion, as SQL on the places' table: each function
gives (sql, params). The QuerySet methods (querysets.py) and the search (search.py) are built
from them, so that each criterion is written once, whether the ORM runs it or the API's page
reader (ADR 9: compiling the ORM's query cost more than running it).

Column names are qualified with the table: a fragment stays valid in a query that joins."""

TABLE = "directory_lieu"

# Multi-valued fields of the standard that the search can filter on (any of the given values).
FILTERABLE_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "modalites_accompagnement",
    "modalites_acces",
    "itinerance",
)

PUBLIC = (f"{TABLE}.archive_le IS NULL", ())


def any_of(field, values):
    """Places whose multi-valued `field` holds at least one of `values` (its GIN index)."""
    if field not in FILTERABLE_FIELDS:
        raise ValueError(f"champ non filtrable : {field}")
    return f"{TABLE}.{field} && %s::text[]", (list(values),)


def named(words):
    """Names that contain `words` or a word close to them (trigrams); `words` is normalized
    (geodata.text.normalize_name: lowercase letters, digits and spaces only)."""
    column = f"{TABLE}.nom_recherche"
    return f"({column} LIKE %s OR {column} %%> %s)", (f"%{words}%", words)


def name_similarity(words):
    return f"word_similarity(%s, {TABLE}.nom_recherche)", (words,)


def within(point, radius_km):
    """Places within radius_km of point (a GEOS point, srid 4326)."""
    # The bounding box is the only index condition: PostgreSQL then walks the GiST index
    # nearest first (nearest_first) and stops after LIMIT rows; ST_DWithin made it misestimate
    # the rows and sort every place within the radius. The exact radius is written "or outside
    # the box": the same places (the box is required), but PostgreSQL no longer reads it as
    # keeping a third of them on top of the box, an underestimate that made it sort every
    # candidate instead of walking the index (ADR 9).
    here, meters = point.ewkt, radius_km * 1000
    box = f"{TABLE}.point && _ST_Expand(%s::geography, %s)"
    return (
        f"{box} AND (ST_Distance({TABLE}.point, %s::geography) <= %s OR NOT ({box}))",
        (here, meters, here, meters, here, meters),
    )


def distance(point):
    """Distance in metres on the spheroid, like GeoDjango's Distance on a geography."""
    return f"ST_Distance({TABLE}.point, %s::geography)", (point.ewkt,)


def nearest_first(point):
    """Sort key that walks the GiST index (ties at the same point have no guaranteed order)."""
    return f"{TABLE}.point <-> %s::geography", (point.ewkt,)


def open_among(open_pairs, day):
    """Places whose (time zone, hours) is one of `open_pairs` ({zone: [hours, …]}), without a
    temporary closure on `day` (whole days, taken in metropolitan time)."""
    zones = [f"({TABLE}.fuseau_horaire = %s AND {TABLE}.horaires = ANY(%s))"] * len(open_pairs)
    params = [value for zone, strings in open_pairs.items() for value in (zone, list(strings))]
    closed = f"coalesce({TABLE}.fermeture_debut <= %s AND {TABLE}.fermeture_fin >= %s, false)"
    return f"({' OR '.join(zones) or 'false'}) AND NOT {closed}", (*params, day, day)


def point_lon_lat():
    """The point as two numbers: reading them costs far less than building a GEOS point."""
    return f"ST_X({TABLE}.point::geometry)", f"ST_Y({TABLE}.point::geometry)"
