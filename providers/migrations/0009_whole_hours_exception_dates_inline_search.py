"""
Two more kinds of filter facet (providers.facets): the hours a provider is open for the whole of
(`w`) and the dates it has opening exceptions on (`e`), which settle "open now" for most
providers without reading their hours. Rebuilt for the providers already listed.

On PostgreSQL the provider's search document and facets are also kept inside its row. A row
over 2 kB would otherwise have them moved out to the TOAST table (a tsvector hardly
compresses), and every search that checks them row by row (a capped count walking matches, a
filter on a page's candidates) paid an extra index lookup and page read for each row: a count
of "sciatica" among acupuncture providers took 17 ms, and takes 6 with them inline. Rows still
go out of line past a whole page (8 kB), which only a provider with hundreds of branches
reaches. The rebuild below rewrites every row, so the setting applies to them all.
"""

from django.db import migrations

from providers.pgsql import PostgreSQLOnly


def refill_facets(apps, schema_editor):
    # The same code that keeps them current (a new database has no providers yet).
    from providers.derived import rebuild_all

    rebuild_all(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0008_provider_name_index"),
    ]

    operations = [
        PostgreSQLOnly(
            sql="ALTER TABLE providers_provider SET (toast_tuple_target = 8160)",
            reverse_sql="ALTER TABLE providers_provider RESET (toast_tuple_target)",
        ),
        migrations.RunPython(refill_facets, migrations.RunPython.noop, elidable=True),
    ]
