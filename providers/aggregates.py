"""Aggregates and JSON builders the ORM lacks, or builds more slowly, on the databases we run on."""

from django.db.models import Aggregate, Func, JSONField, TextField
from django.db.models.functions import Cast, JSONObject


class JSONList(Aggregate):
    """
    The aggregated values as one JSON array: JSON_GROUP_ARRAY on SQLite, JSON_AGG on
    PostgreSQL. It lets a small list (a practitioner's languages, an article's topics) come
    back inside its owner's row instead of costing a query of its own.

    PostgreSQL builds json (text) rather than jsonb (binary) here: these lists are only read
    back, never queried, and a page of cards came 20% faster out of the database that way.
    """

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSON_AGG", **extra_context)


class JSONRow(JSONObject):
    """JSONObject, built as json with JSON_BUILD_OBJECT on PostgreSQL (see JSONList)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        copy = self.copy()
        copy.set_source_expressions(
            [
                Cast(expression, TextField()) if index % 2 == 0 else expression
                for index, expression in enumerate(copy.get_source_expressions())
            ]
        )
        return Func.as_sql(
            copy, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context
        )


class JSONRows(JSONField):
    """
    What a JSONList subquery returns: decoded already by the PostgreSQL driver (json, unlike
    jsonb, is not left to Django), JSON text on SQLite.
    """

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return super().from_db_value(value, expression, connection)
        return value
