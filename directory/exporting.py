"""Places back to the national standard v1.0.2 (CSV, JSON) or GeoJSON for maps."""

import io
import json

from .models import PointSource
from .standard.record import FIELDS, LieuRecord
from .standard.writing import to_standard_row, write_csv, write_json

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}
# Coordinates are exported only when they locate the address itself, not a commune centre.
PRECISE_POINT_SOURCES = {PointSource.SOURCE, PointSource.GEOCODAGE, PointSource.MANUEL}


def record_from_lieu(lieu):
    values = {
        name: getattr(lieu, name) for name in FIELDS if name not in ("id", "latitude", "longitude")
    }
    values["code_insee"] = lieu.code_insee or lieu.commune_ref_id or ""
    if lieu.point is not None and lieu.point_source in PRECISE_POINT_SOURCES:
        values["latitude"], values["longitude"] = round(lieu.point.y, 7), round(lieu.point.x, 7)
    return LieuRecord(id=lieu.source_id, **values)


def export_lieux(lieux, export_format):
    """(content type, body) of the export of a QuerySet of places."""
    records = (record_from_lieu(lieu) for lieu in lieux.iterator(chunk_size=2000))
    if export_format == "geojson":
        return EXPORT_FORMATS["geojson"], json.dumps(_feature_collection(lieux), ensure_ascii=False)
    stream = io.StringIO()
    if export_format == "csv":
        write_csv(records, stream)
    else:
        write_json(records, stream)
    return EXPORT_FORMATS[export_format], stream.getvalue()


def _feature_collection(lieux):
    features = []
    for lieu in lieux.iterator(chunk_size=2000):
        geometry = None
        if lieu.point is not None:
            geometry = {"type": "Point", "coordinates": [lieu.point.x, lieu.point.y]}
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": to_standard_row(record_from_lieu(lieu)),
            }
        )
    return {"type": "FeatureCollection", "features": features}
