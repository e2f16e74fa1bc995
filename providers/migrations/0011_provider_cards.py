"""
Each provider's result card kept as one JSON document (ProviderCard), built for the providers
already listed.
"""

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 2000


def build_cards(apps, schema_editor):
    # The same code that keeps them current; it reads only tables this migration's state has.
    from providers.models import Provider, ProviderCard

    using = schema_editor.connection.alias
    ids = list(Provider.objects.using(using).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        ProviderCard.objects.using(using).rebuild(ids[start : start + CHUNK])


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0010_provider_verified_name_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProviderCard",
            fields=[
                (
                    "provider",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="card",
                        serialize=False,
                        to="providers.provider",
                    ),
                ),
                ("data", models.JSONField()),
            ],
        ),
        migrations.RunPython(build_cards, migrations.RunPython.noop, elidable=True),
    ]
