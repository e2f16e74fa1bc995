"""
Filter facets on providers (providers.facets): a stored token set with a GIN index on
PostgreSQL, filled for the providers already listed.
"""

from django.db import migrations

import providers.fields
from providers.pgsql import PostgreSQLOnly


def fill_facets(apps, schema_editor):
    # The same code that keeps them current (a new database has no providers yet).
    from providers.derived import rebuild_all

    rebuild_all(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0005_name_and_terms_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="provider",
            name="facets",
            field=providers.fields.FacetsField(editable=False, null=True),
        ),
        PostgreSQLOnly(
            sql="CREATE INDEX provider_facets_idx ON providers_provider USING gin (facets)",
            reverse_sql="DROP INDEX IF EXISTS provider_facets_idx",
        ),
        migrations.RunPython(fill_facets, migrations.RunPython.noop, elidable=True),
    ]
