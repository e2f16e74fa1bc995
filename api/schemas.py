"""
The shapes of the API's query parameters and answers, from which django-ninja writes the
OpenAPI document. Answers follow HSDS 3.0's objects; the records themselves are built by
api.records, and these models check and document them (extra fields are kept, so that a field
of HSDS's that a model here does not name still reaches the client).
"""

import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict, field_validator

from providers.directory import MAX_RADIUS_KM

MAX_PER_PAGE = 100


class Filters(Schema):
    """HSDS's query parameters; given together, they combine as AND."""

    search: str | None = Field(None, description="Words to find, as the directory's search box.")
    page: int = Field(1, ge=1, description="Page number, from 1.")
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE, description="Records a page, at most 100.")
    taxonomy_term_id: UUID | None = Field(
        None,
        description="Only what this term (treatment, condition, language, area, kind) describes.",
    )
    taxonomy_id: UUID | None = Field(
        None, description="Only what some term of this taxonomy describes."
    )
    organization_id: UUID | None = Field(None, description="Only this organization's.")
    modified_after: datetime.datetime | None = Field(
        None,
        description="Only listings changed at or after this moment (ISO 8601): their own "
        "details, branches, offers, opening hours or closures.",
    )
    minimal: bool = Field(False, description="Services: only each one's id and last_modified.")
    full: bool = Field(False, description="Whole records, as /services/{id} gives them.")
    postcode: str | None = Field(
        None,
        description="Only what has a branch near this postal code (5 km unless proximity says).",
    )
    proximity: float | None = Field(
        None,
        gt=0,
        le=MAX_RADIUS_KM * 1000,
        description=f"With postcode: the distance in metres, at most {MAX_RADIUS_KM * 1000}.",
    )
    format: Literal["json", "ndjson"] = Field(
        "json",
        description="json: a page in HSDS's Page envelope. ndjson: every matching record, whole "
        "(or minimal), one JSON object a line, streamed without pagination "
        "(application/x-ndjson).",
    )

    @field_validator("modified_after", mode="before")
    @classmethod
    def iso_moment(cls, value):
        # pydantic would also read a number as seconds since 1970: the document says ISO 8601.
        if isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit():
            raise ValueError("A date and time in ISO 8601, such as 2026-01-31T09:00:00+08:00.")
        return value


class Loose(BaseModel):
    # HSDS objects carry more optional fields than each model names: keep them all (a plain
    # pydantic model: ninja's Schema reads only the fields it names).
    model_config = ConfigDict(extra="allow")


class Error(Schema):
    error: str
    message: str
    parameter: str | None = None


class About(Schema):
    version: str
    profile: str
    openapi_url: str


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class TaxonomyTerm(Loose):
    id: UUID
    name: str
    description: str
    code: str | None = None
    parent_id: UUID | None = None
    taxonomy: str | None = None
    taxonomy_id: UUID | None = None


class Taxonomy(Loose):
    id: UUID
    name: str
    description: str


class Attribute(Loose):
    id: UUID
    link_id: UUID
    link_type: str
    link_entity: str
    taxonomy_term_id: UUID
    taxonomy_term: TaxonomyTerm


class Phone(Loose):
    id: UUID
    number: str


class Schedule(Loose):
    id: UUID
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


class Address(Loose):
    id: UUID
    address_1: str
    city: str
    state_province: str
    postal_code: str
    postal_sector: str | None = Field(None, description="The profile's: the postal code's sector.")
    country: str
    address_type: str


class Location(Loose):
    id: UUID
    location_type: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[Address] | None = None
    phones: list[Phone] | None = None
    schedules: list[Schedule] | None = None
    attributes: list[Attribute] | None = None


class CostOption(Loose):
    id: UUID
    currency: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class Language(Loose):
    id: UUID
    name: str | None = None
    code: str | None = None


class Organization(Loose):
    id: UUID
    name: str
    description: str | None = None
    website: str | None = None
    email: str | None = None
    phones: list[Phone] | None = None
    locations: list[Location] | None = None
    services: list[dict] | None = None
    attributes: list[Attribute] | None = None


class Service(Loose):
    """A service; `minimal` gives only id and last_modified."""

    id: UUID
    name: str | None = None
    status: str | None = None
    organization_id: UUID | None = None
    last_modified: str | None = None
    organization: Organization | None = None
    service_at_locations: list[dict] | None = None
    phones: list[Phone] | None = None
    languages: list[Language] | None = None
    cost_options: list[CostOption] | None = None
    attributes: list[Attribute] | None = None


class ServiceAtLocation(Loose):
    id: UUID
    service_id: UUID
    location_id: UUID
    location: Location | None = None
    service: Service | None = None


class ServicePage(Page):
    contents: list[Service]


class OrganizationPage(Page):
    contents: list[Organization]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocation]


class TaxonomyPage(Page):
    contents: list[Taxonomy]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTerm]
