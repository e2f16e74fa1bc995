"""
Text search relevance from indexes: GIN indexes on the unweighted text-search vectors of a
provider's name and of its `search_terms` (name, kind, services, conditions), the
expressions `providers.search.Document` builds. A search finds its name matches and its
name-or-terms matches from them, with row estimates from their statistics, instead of
ranking every match.

The expression uses the text search configuration in settings (SEARCH_CONFIG, "english" by
default) when the migration runs; a search under another configuration still works, without
these indexes. PostgreSQL only: SQLite searches by containment.
"""

from django.conf import settings
from django.db import migrations

from providers.pgsql import PostgreSQLOnly

CONFIG = getattr(settings, "SEARCH_CONFIG", "english")


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0004_manage_accounts_history_exceptions"),
    ]

    operations = [
        PostgreSQLOnly(
            sql=[
                (
                    "CREATE INDEX provider_name_document_idx ON providers_provider "
                    "USING gin (to_tsvector(%s::regconfig, name))",
                    [CONFIG],
                ),
                (
                    "CREATE INDEX provider_terms_document_idx ON providers_provider "
                    "USING gin (to_tsvector(%s::regconfig, search_terms))",
                    [CONFIG],
                ),
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS provider_name_document_idx",
                "DROP INDEX IF EXISTS provider_terms_document_idx",
            ],
        ),
    ]
