"""
Distances on the Earth's surface, and the cheap bounding box that narrows rows before them.

The database first keeps rows whose indexed latitude and longitude fall inside a box around
the point (an index range scan on any database), then computes the exact great-circle
distance on the few rows left. No PostGIS needed.
"""

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Func

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    def __post_init__(self):
        if not (-90 <= self.latitude <= 90 and -180 <= self.longitude <= 180):
            raise ValueError("Latitude must be within ±90 and longitude within ±180.")


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float


def bounding_box(point, radius_km):
    """The smallest latitude/longitude box holding every point within radius_km of point."""
    delta_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    # Near the poles a circle covers every longitude; cap the cosine away from zero.
    cos_lat = max(math.cos(math.radians(point.latitude)), 1e-6)
    delta_lng = min(math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)), 180.0)
    return BoundingBox(
        min_latitude=max(point.latitude - delta_lat, -90.0),
        max_latitude=min(point.latitude + delta_lat, 90.0),
        min_longitude=point.longitude - delta_lng,
        max_longitude=point.longitude + delta_lng,
    )


def distance_km(a, b):
    """Great-circle distance by the spherical law of cosines, as the database computes it."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    delta_lng = math.radians(b.longitude - a.longitude)
    cosine = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(delta_lng)
    # Rounding can push the cosine a hair past ±1, where acos is undefined.
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cosine)))


def distance_expression(point, latitude="latitude", longitude="longitude"):
    """
    The great-circle distance in km from point to the row's latitude/longitude, as a
    database expression (spherical law of cosines, the same formula as distance_km).
    """
    return GreatCircleKm(point, F(latitude), F(longitude))


class GreatCircleKm(Func):
    """
    One expression node rendering the whole formula, rather than a tree of a dozen functions
    that the ORM copies and resolves at every step of building a search. The point's sine and
    cosine are worked out here, once; Django provides ACOS, SIN, COS and RADIANS on SQLite
    builds that lack them, and SQLite's two-argument MIN and MAX are PostgreSQL's LEAST and
    GREATEST.
    """

    output_field = FloatField()

    def __init__(self, point, latitude, longitude):
        super().__init__(latitude, longitude)
        self.point = point

    def as_sql(self, compiler, connection, **extra_context):
        lat_sql, lat_params = compiler.compile(self.source_expressions[0])
        lng_sql, lng_params = compiler.compile(self.source_expressions[1])
        least, greatest = ("MIN", "MAX") if connection.vendor == "sqlite" else ("LEAST", "GREATEST")
        lat = math.radians(self.point.latitude)
        cosine = (
            f"%s * SIN(RADIANS({lat_sql})) + %s * COS(RADIANS({lat_sql}))"
            f" * COS(RADIANS({lng_sql}) - %s)"
        )
        sql = f"(%s * ACOS({least}(1.0, {greatest}(-1.0, {cosine}))))"
        params = [
            EARTH_RADIUS_KM,
            math.sin(lat),
            *lat_params,
            math.cos(lat),
            *lat_params,
            *lng_params,
            math.radians(self.point.longitude),
        ]
        return sql, params


# -- grid cells -------------------------------------------------------------------------------
#
# A branch's position as cells of a latitude/longitude grid at several sizes, among its
# provider's filter facets (providers.facets): a search near a point asks for the few dozen
# cells that cover its bounding box, which the facets' index answers together with the other
# filters, so that only providers near the point are measured.

# Cell sizes in degrees, each twice the last: about 1.1 km north-south up to 71 km.
CELL_SIZES = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64)
# The most cells a search asks for; the smallest size that covers its box within this wins.
MAX_CELLS = 36


def _row(latitude, size):
    return math.floor((latitude + 90) / size)


def _column(longitude, size):
    # Modulo the number of columns, so that 180° east and west are one column.
    return math.floor((longitude + 180) / size) % round(360 / size)


def cell_token(level, row, column):
    return f"k{level}y{row}x{column}"


def cells(point):
    """The cells holding this point, one per size."""
    return [
        cell_token(level, _row(point.latitude, size), _column(point.longitude, size))
        for level, size in enumerate(CELL_SIZES)
    ]


def cells_covering(point, radius_km):
    """
    The cells that hold every point within radius_km of point: of the smallest size that
    needs at most MAX_CELLS of them, without the cells of the bounding box that the circle
    does not reach (its corners, a fifth of the box). None when even the largest size needs
    more (near a pole, or for a radius of thousands of kilometres).
    """
    box = bounding_box(point, radius_km)
    for level, size in enumerate(CELL_SIZES):
        rows = range(_row(box.min_latitude, size), _row(box.max_latitude, size) + 1)
        first = math.floor((box.min_longitude + 180) / size)
        last = math.floor((box.max_longitude + 180) / size)
        if len(rows) * (last - first + 1) > 2 * MAX_CELLS:
            continue
        columns = round(360 / size)
        reached = [
            cell_token(level, row, column % columns)
            for row in rows
            for column in range(first, last + 1)
            # Rounding leeway: a branch exactly on the circle is within the radius.
            if _distance_to_cell(point, row * size - 90, column * size - 180, size)
            <= radius_km * (1 + 1e-9) + 1e-9
        ]
        if len(reached) <= MAX_CELLS:
            return reached
    return None


def _distance_to_cell(point, south, west, size):
    """
    The shortest great-circle distance in km from point to the cell with this south-west
    corner (longitudes unwrapped, on the same side of the 180th meridian as point's).
    """
    north, east = south + size, west + size
    if west <= point.longitude <= east:
        # Straight north or south, or inside.
        return distance_km(point, Point(min(max(point.latitude, south), north), point.longitude))
    edge = west if point.longitude < west else east
    delta = math.radians(edge - point.longitude)
    if math.cos(delta) <= 0:
        return 0.0  # a quarter of the globe away in longitude: never left out
    # Where the great circle through point that meets the edge's meridian at a right angle
    # meets it, the nearest point of that meridian; then the nearest point of the edge.
    foot = math.degrees(math.atan(math.tan(math.radians(point.latitude)) / math.cos(delta)))
    return distance_km(point, Point(min(max(foot, south), north), (edge + 540) % 360 - 180))
