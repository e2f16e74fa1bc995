"""Test data: one factory per model, each making the smallest valid, listed object."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from clinics.models import Membership
from enquiries.models import Enquiry, EnquiryKind
from providers.models import (
    Area,
    Condition,
    Credential,
    CredentialKind,
    Gender,
    Language,
    Location,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderKind,
    ProviderService,
    Service,
)
from tests.conftest import committed

PASSWORD = "correct horse battery staple"


class ModelFactory(factory.django.DjangoModelFactory):
    """Each object saved as if by a transaction of its own that commits (tests.conftest)."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with committed():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(ModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or []:
            self.groups.add(Group.objects.get(name=name))


class RegionFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    parent = None
    latitude = 1.35
    longitude = 103.82

    class Meta:
        model = Area


class AreaFactory(RegionFactory):
    """A planning area inside a region."""

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    parent = factory.SubFactory(RegionFactory)


class ServiceFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    description = factory.LazyAttribute(lambda s: f"What {s.name} is, in plain words.")

    class Meta:
        model = Service
        django_get_or_create = ["slug"]


class ConditionFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    description = factory.LazyAttribute(lambda c: f"What {c.name} is, in plain words.")

    class Meta:
        model = Condition
        django_get_or_create = ["slug"]


class LanguageFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Language {n}")
    slug = factory.Sequence(lambda n: f"language-{n}")
    code = factory.Sequence(lambda n: f"x-{n}")

    class Meta:
        model = Language
        django_get_or_create = ["slug"]


class ProviderFactory(ModelFactory):
    """
    A published provider. Pass `services=[...]` (Service objects, or (service, price) pairs),
    `conditions=[...]` and `languages=[...]` to relate it to taxonomy terms, and
    `is_verified=True` for one with the ✓ badge: a current registration a moderator checked.
    """

    name = factory.Sequence(lambda n: f"Provider {n:04d}")
    slug = factory.Sequence(lambda n: f"provider-{n:04d}")
    kind = ProviderKind.MASSAGE
    description = "Gentle, evidence-informed care for back pain."
    phone = "+65 6123 4567"
    is_published = True

    class Meta:
        model = Provider
        skip_postgeneration_save = True

    @factory.post_generation
    def services(self, create, services, **kwargs):
        for item in services or []:
            service, price = item if isinstance(item, tuple) else (item, Decimal("80.00"))
            ProviderServiceFactory(provider=self, service=service, price=price)

    @factory.post_generation
    def conditions(self, create, conditions, **kwargs):
        if conditions:
            with committed():
                self.conditions.add(*conditions)

    @factory.post_generation
    def languages(self, create, languages, **kwargs):
        if languages:
            with committed():
                self.languages.add(*languages)

    @factory.post_generation
    def is_verified(self, create, verified, **kwargs):
        # The badge is derived from the credentials (providers.derived), never set by hand.
        if verified:
            CredentialFactory(
                provider=self,
                issuing_body="Allied Health Professions Council",
                is_verified=True,
                verified_at=timezone.now(),
            )
            self.is_verified = True


class ProviderServiceFactory(ModelFactory):
    provider = factory.SubFactory(ProviderFactory)
    service = factory.SubFactory(ServiceFactory)
    price = Decimal("80.00")
    duration_minutes = 60

    class Meta:
        model = ProviderService


class LocationFactory(ModelFactory):
    """A branch. Pass `hours=[(weekday, "09:00", "18:00"), ...]` to give it opening hours."""

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Branch {n}")
    address = factory.Sequence(lambda n: f"{n} Example Road #01-{n:02d}")
    postal_code = factory.Sequence(lambda n: f"{520000 + n}")
    area = factory.SubFactory(AreaFactory)
    latitude = 1.3521
    longitude = 103.8198
    phone = "+65 6234 5678"

    class Meta:
        model = Location
        skip_postgeneration_save = True

    @factory.post_generation
    def hours(self, create, intervals, **kwargs):
        for weekday, opens, closes in intervals or []:
            OpeningHoursFactory(location=self, weekday=weekday, opens=opens, closes=closes)


def _time(value):
    if isinstance(value, str):
        return datetime.time.fromisoformat(value)
    return value


class OpeningHoursFactory(ModelFactory):
    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = datetime.time(9, 0)
    closes = datetime.time(18, 0)

    class Meta:
        model = OpeningHours

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        kwargs["opens"] = _time(kwargs["opens"])
        kwargs["closes"] = _time(kwargs["closes"])
        return kwargs


class PractitionerFactory(ModelFactory):
    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Practitioner {n}")
    gender = Gender.FEMALE
    years_of_practice = 12
    training = "Diploma in Physiotherapy, 2010."
    approach = "Ask how the first session is structured and what to do at home."

    class Meta:
        model = Practitioner
        skip_postgeneration_save = True

    @factory.post_generation
    def languages(self, create, languages, **kwargs):
        if languages:
            with committed():
                self.languages.add(*languages)

    @factory.post_generation
    def is_verified(self, create, verified, **kwargs):
        # The badge is derived from the credentials (providers.derived), never set by hand.
        if verified:
            CredentialFactory(
                provider=self,
                issuing_body="Allied Health Professions Council",
                is_verified=True,
                verified_at=timezone.now(),
            )
            self.is_verified = True


class CredentialFactory(ModelFactory):
    provider = factory.SubFactory(ProviderFactory)
    kind = CredentialKind.REGISTRATION
    issuing_body = factory.Sequence(lambda n: f"Allied Health Board {n}")
    number = factory.Sequence(lambda n: f"AHB-{n:05d}")
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(365))

    class Meta:
        model = Credential


class PhotoFactory(ModelFactory):
    """
    A photo of the provider's rooms (a small PNG), prepared (re-encoded, with its thumbnails) by
    the task queue once its upload commits, as the profile shows it.
    """

    provider = factory.SubFactory(ProviderFactory)
    image = factory.django.ImageField(filename="room.png", format="PNG", width=60, height=40)
    alt_text = factory.Sequence(lambda n: f"The treatment room, view {n}")
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Photo

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        photo = super()._create(model_class, *args, **kwargs)
        photo.refresh_from_db()  # the task saved the prepared files on another copy
        return photo


class MembershipFactory(ModelFactory):
    user = factory.SubFactory(UserFactory)
    provider = factory.SubFactory(ProviderFactory)

    class Meta:
        model = Membership


class EnquiryFactory(ModelFactory):
    """A patient's enquiry as the form stores it; `token` holds its private link's token."""

    provider = factory.SubFactory(ProviderFactory)
    kind = EnquiryKind.ENQUIRY
    name = "Lim Wei Jie"
    phone = "+65 9123 4567"
    email = "wei.jie@example.org"
    best_times = ["evenings"]
    message = "Do you treat lower back pain on a weekday evening?"
    consent = "I agree that the clinic receives this enquiry."
    consented_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Enquiry

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        enquiry = model_class(*args, **kwargs)
        token = enquiry.new_token()
        with committed():
            enquiry.save()
        enquiry.token = token
        return enquiry
