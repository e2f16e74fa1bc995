"""
One account for each role, so that a newcomer can try every side of the product: the owner of
one clinic, a plain member of another, an editor and a moderator. They share one password,
which is why they exist in development only: `seed_demo` refuses to make them with DEBUG off,
and the login page lists them only while DEBUG is on.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from clinics.models import Membership, MembershipRole
from demo import activity
from providers.models import Provider

PASSWORD = "try-the-demo"
# Which of the demo listings (clinics(), in order) the owner and the member look after, and
# which one somebody asks to manage.
OWNERS_CLINIC, MEMBERS_CLINIC, CLAIMED_LISTING = 0, 1, 2


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    pages: tuple  # (path, what it is), the first the one to open after logging in
    is_staff: bool = False
    group: str = ""
    membership: str = ""  # MembershipRole, of the n-th demo clinic (see clinics())
    clinic: int = 0


ACCOUNTS = (
    Account(
        "demo-owner",
        "Owner of a clinic",
        (("/manage/", "the clinic's dashboard, listing, team and enquiries"),),
        membership=MembershipRole.OWNER,
        clinic=OWNERS_CLINIC,
    ),
    Account(
        "demo-member",
        "Member of another clinic's staff",
        (("/manage/", "the clinic's listing and enquiries; only owners invite"),),
        membership=MembershipRole.MEMBER,
        clinic=MEMBERS_CLINIC,
    ),
    Account(
        "demo-editor",
        "Editor",
        (("/admin/articles/article/", "the articles: write, preview, schedule, publish"),),
        is_staff=True,
        group="Editors",
    ),
    Account(
        "demo-moderator",
        "Moderator",
        (
            (
                "/admin/desk/",
                "the moderators' desk: claims, reports, stale listings, expiring credentials",
            ),
        ),
        is_staff=True,
        group="Moderators",
    ),
)


def refusal():
    """Why no demo accounts may be made here, or "" when they may."""
    if settings.DEBUG:
        return ""
    return (
        "No demo accounts made: DEBUG is off. They share a published password, so they are "
        "made in development only (DEBUG=1)."
    )


def clinics():
    """The demo listings staff look after: the fullest ones, in name order."""
    return (
        Provider.objects.listed()
        .filter(locations__isnull=False, offers__isnull=False, practitioners__isnull=False)
        .distinct()
        .order_by("name")
    )


@transaction.atomic
def create():
    """
    Make (or bring back to the demo's state) every demo account, and what each finds when it
    logs in (demo.activity); safe to run again. The caller checks refusal() first: this is also
    what tests and the browser tests' set-up call.
    """
    listings = list(clinics()[: CLAIMED_LISTING + 1])
    users = []
    for account in ACCOUNTS:
        user, _ = get_user_model().objects.update_or_create(
            username=account.username,
            defaults={"email": f"{account.username}@example.org", "is_staff": account.is_staff},
        )
        user.set_password(PASSWORD)
        user.save()
        if account.group:
            user.groups.add(Group.objects.get(name=account.group))
        if account.membership and account.clinic < len(listings):
            clinic = listings[account.clinic]
            Membership.objects.update_or_create(
                user=user, provider=clinic, defaults={"role": account.membership}
            )
            activity.fill_inbox(clinic, user)
            activity.count_views(clinic)
            activity.report_a_mistake(clinic)
        users.append(user)
    if len(listings) > CLAIMED_LISTING:
        activity.ask_to_manage(listings[CLAIMED_LISTING])
    return users


def shown():
    """The demo accounts for the login page's note: none unless DEBUG is on and they exist."""
    if not settings.DEBUG:
        return []
    existing = set(
        get_user_model()
        .objects.filter(username__in=[account.username for account in ACCOUNTS])
        .values_list("username", flat=True)
    )
    return [account for account in ACCOUNTS if account.username in existing]
