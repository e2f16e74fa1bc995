"""
Two more kinds of filter facet (providers.facets): the hours a provider is open for the whole of
(`w`) and the dates it has opening exceptions on (`e`), which settle "open now" for most
providers without reading their hours. Rebuilt for the providers already listed.
"""

from django.db import migrations


def refill_facets(apps, schema_editor):
    # The same code that keeps them current; it reads only columns this migration's state has.
    from providers.search import refresh_all_documents

    refresh_all_documents(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0008_provider_name_index"),
    ]

    operations = [
        migrations.RunPython(refill_facets, migrations.RunPython.noop, elidable=True),
    ]
