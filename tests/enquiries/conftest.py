"""A clinic with staff, so that its profile offers enquiries, and what a patient types."""

import time

import pytest

from enquiries.forms import started_token
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, UserFactory


@pytest.fixture
def clinic(db):
    provider = ProviderFactory(
        name="Calm Spine Clinic", slug="calm-spine", email="desk@calm.example"
    )
    LocationFactory(provider=provider, name="Tampines")
    staff = UserFactory(username="mei", email="mei@calm.example")
    MembershipFactory(user=staff, provider=provider, role="owner")
    provider.staff = staff
    return provider


def typed(**changes):
    """An enquiry as a patient sends it: the form shown a minute ago, consent ticked."""
    data = {
        "kind": "enquiry",
        "name": "Lim Wei Jie",
        "phone": "+65 9123 4567",
        "email": "wei.jie@example.org",
        "best_times": ["evenings"],
        "message": "Do you see patients with lower back pain on weekday evenings?",
        "agree": "on",
        "started": started_token(time.time() - 60),
        "submission_key": f"key-{time.monotonic_ns()}",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
