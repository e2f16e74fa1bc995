"""
Clinic staff's accounts (memberships, invitations, claims and the one-time keys of submitted
forms) move to the clinics app: their tables are renamed, their rows stay.
"""

from django.db import migrations

MOVED = ["membership", "invitation", "claimrequest", "submission"]


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0012_rebuild_derived_data"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name, f"clinics_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name="claimrequest",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="claimrequest",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="accepted_by",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="invited_by",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="user",
                ),
                migrations.DeleteModel(
                    name="Submission",
                ),
                migrations.DeleteModel(
                    name="ClaimRequest",
                ),
                migrations.DeleteModel(
                    name="Invitation",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
            ],
        )
    ]
