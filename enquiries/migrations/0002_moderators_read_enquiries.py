"""Moderators see enquiries and the count per listing, and may mark an enquiry as spam."""

from django.db import migrations

from backpain_site.grants import grant, revoke

CODENAMES = ["view_enquiry", "change_enquiry", "view_listingenquiries"]


def allow_moderators(apps, schema_editor):
    grant(apps, "Moderators", "enquiries", CODENAMES)


def disallow_moderators(apps, schema_editor):
    revoke(apps, "Moderators", "enquiries", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("enquiries", "0001_initial"),
        ("providers", "0002_moderators_group"),
    ]

    operations = [migrations.RunPython(allow_moderators, disallow_moderators)]
