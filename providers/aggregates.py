"""Aggregates the ORM lacks on every database we run on."""

from django.db.models import Aggregate, JSONField


class JSONList(Aggregate):
    """
    The aggregated values as one JSON array: JSON_GROUP_ARRAY on SQLite, JSONB_AGG on
    PostgreSQL. It lets a small list (a practitioner's languages, an article's topics) come
    back inside its owner's row instead of costing a query of its own.
    """

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)
