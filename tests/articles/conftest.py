import pytest

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    """Eve is an editor: staff, in the Editors group, nothing else."""
    return UserFactory(username="eve", is_staff=True, groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
