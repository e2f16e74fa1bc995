"""
Search: stored search documents with their indexes, synonyms, postal sectors, and a
bounding-box index on branches.

The GIN indexes and the pg_trgm extension exist only on PostgreSQL; on SQLite the document
is plain text searched by containment, and these operations do nothing.
"""

import django.contrib.postgres.operations
from django.db import migrations, models

import providers.fields
from providers.pgsql import PostgreSQLOnly


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0002_moderators_group"),
    ]

    operations = [
        django.contrib.postgres.operations.TrigramExtension(),
        migrations.AddField(
            model_name="provider",
            name="search_document",
            field=providers.fields.SearchDocumentField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="provider",
            name="search_terms",
            field=models.TextField(
                blank=True,
                default="",
                editable=False,
                help_text="Name, kind, services and conditions in lowercase, for typo-tolerant search.",
            ),
        ),
        PostgreSQLOnly(
            sql=[
                "CREATE INDEX provider_search_document_idx ON providers_provider "
                "USING gin (search_document)",
                "CREATE INDEX provider_search_terms_trgm_idx ON providers_provider "
                "USING gin (search_terms gin_trgm_ops)",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS provider_search_document_idx",
                "DROP INDEX IF EXISTS provider_search_terms_trgm_idx",
            ],
        ),
        migrations.AddIndex(
            model_name="location",
            index=models.Index(
                fields=["latitude", "longitude", "provider"], name="location_box_idx"
            ),
        ),
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "term",
                    models.CharField(
                        help_text="What patients type, such as “physio” or “slipped disc”. Case does not matter.",
                        max_length=100,
                    ),
                ),
                (
                    "expands_to",
                    models.CharField(
                        help_text="What it should also find, as written in listings, such as “physiotherapy”.",
                        max_length=100,
                    ),
                ),
            ],
            options={
                "ordering": ["term", "expands_to"],
                "constraints": [
                    models.UniqueConstraint(fields=("term", "expands_to"), name="unique_synonym")
                ],
            },
        ),
        migrations.CreateModel(
            name="PostalSector",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "prefix",
                    models.CharField(help_text="The postal code's leading digits.", max_length=10),
                ),
                (
                    "code_length",
                    models.PositiveSmallIntegerField(
                        help_text="How many digits a whole postal code has in this market."
                    ),
                ),
                (
                    "label",
                    models.CharField(blank=True, help_text="Typical places in it.", max_length=200),
                ),
                ("latitude", models.FloatField(help_text="Approximate centre.")),
                ("longitude", models.FloatField(help_text="Approximate centre.")),
            ],
            options={
                "ordering": ["prefix"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("prefix", "code_length"), name="unique_postal_sector"
                    )
                ],
            },
        ),
    ]
