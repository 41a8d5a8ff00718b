"""The one place where (latitude, longitude) pairs become GEOS points and back.

GEOS points are (x=longitude, y=latitude); geopy, BAN and people say (latitude, longitude).
"""

from django.contrib.gis.geos import Point


def point_from_lat_lon(latitude, longitude):
    latitude, longitude = float(latitude), float(longitude)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"coordonnées hors limites : {latitude}, {longitude}")
    return Point(longitude, latitude, srid=4326)


def lat_lon_from_point(point):
    return point.y, point.x
