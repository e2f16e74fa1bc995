"""
Every provider's derived data rebuilt by providers.derived, which now works it out in Python for
both databases (the search text of names and terms as plain words on PostgreSQL too).
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    from providers.derived import rebuild_all

    rebuild_all(using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0011_provider_cards"),
    ]

    operations = [
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
