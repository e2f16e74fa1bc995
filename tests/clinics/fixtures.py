"""
Two clinics with staff, for the /manage/ tests (registered in tests/conftest.py): Alice works
at A, Bob at B.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clinics.models import ImportJob, Invitation, MembershipRole
from corrections.models import Problem, Report
from providers.models import OpeningException, Photo
from tests.conftest import committed
from tests.factories import (
    CredentialFactory,
    EnquiryFactory,
    LocationFactory,
    MembershipFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    UserFactory,
)

# A claim of a listing as a clinic's manager would type it.
CLAIM = {
    "name": "Tan Mei Ling",
    "role": "Practice manager",
    "email": "mei@calm.example",
    "phone": "+65 6123 4567",
    "verification": "Call the front desk and ask for me.",
}


def tiny_png():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("room.png", buffer.getvalue())


def photo(provider):
    with committed():  # prepared once the upload commits (providers.tasks.prepare_photo)
        created = Photo.objects.create(provider=provider, image=tiny_png(), alt_text="Room")
    created.refresh_from_db()
    return created


def clinic(name):
    provider = ProviderFactory(name=f"Clinic {name}", slug=f"clinic-{name.lower()}")
    branch = LocationFactory(provider=provider, hours=[(1, "09:00", "18:00")])
    practitioner = PractitionerFactory(provider=provider)
    return SimpleNamespace(
        provider=provider,
        branch=branch,
        hours=branch.hours.get(),
        exception=OpeningException.objects.create(
            location=branch, date=datetime.date(2099, 12, 25), closed=True, reason="Christmas"
        ),
        offer=ProviderServiceFactory(provider=provider),
        practitioner=practitioner,
        credential=CredentialFactory(provider=provider, practitioner=practitioner),
        photo=photo(provider),
        invitation=Invitation.issue(provider, f"new-{name.lower()}@example.org")[0],
        enquiry=EnquiryFactory(provider=provider, name=f"Patient of {name}"),
        report=Report.objects.create(provider=provider, problem=Problem.HOURS),
    )


@pytest.fixture
def clinics(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a, b = clinic("A"), clinic("B")
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    MembershipFactory(user=alice, provider=a.provider, role=MembershipRole.OWNER)
    MembershipFactory(user=bob, provider=b.provider, role=MembershipRole.OWNER)
    # Each owner's import file, checked and waiting to be applied.
    a.import_job = ImportJob.objects.create(
        user=alice, file_name="a.csv", rows=1, state=ImportJob.State.CHECKED
    )
    b.import_job = ImportJob.objects.create(
        user=bob, file_name="b.csv", rows=1, state=ImportJob.State.CHECKED
    )
    editor = UserFactory(username="eddie", is_staff=True, groups=["Editors"])
    return SimpleNamespace(a=a, b=b, alice=alice, bob=bob, editor=editor)
