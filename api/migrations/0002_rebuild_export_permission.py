"""
Rebuilding the open-data package from the admin: a permission of its own, which moderators
have, with the API keys' list where the button is. Moderators also issue and withdraw keys,
as the README tells clients to ask them.
"""

from django.db import migrations

from backpain_site.grants import grant, revoke

CODENAMES = ["rebuild_export", "view_apikey", "add_apikey", "change_apikey"]


def allow_moderators(apps, schema_editor):
    grant(apps, "Moderators", "api", CODENAMES)


def disallow_moderators(apps, schema_editor):
    revoke(apps, "Moderators", "api", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_keys"),
        ("providers", "0002_moderators_group"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="apikey",
            options={
                "ordering": ["name"],
                "permissions": [("rebuild_export", "Can rebuild the open-data package now")],
                "verbose_name": "API key",
            },
        ),
        migrations.RunPython(allow_moderators, disallow_moderators),
    ]
