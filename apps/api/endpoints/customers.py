"""/api/v1/customers and their contacts: CRUD with soft delete (deactivation), through the
organizations and contacts services."""

import datetime
import uuid

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from apps.api.endpoints.common import NewestFirst, responses
from apps.api.endpoints.types import LongText, text
from apps.contacts import services as contact_services
from apps.contacts.models import ContactType
from apps.contacts.selectors import contacts_of, customer_contact_get_for_user
from apps.organizations import services as customer_services
from apps.organizations.models import OrganizationType
from apps.organizations.selectors import customer_get_for_user, external_organizations
from apps.users.permissions import permission_require

router = Router(tags=["customers"])


class CustomerOut(Schema):
    id: uuid.UUID
    name: str
    organization_type: str
    country: str
    industry: str
    website: str
    address: str
    description: str
    timezone: str
    default_currency: str
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CustomerIn(Schema):
    name: text(200)
    organization_type: OrganizationType = OrganizationType.CUSTOMER
    country: text(2) = ""
    industry: text(100) = ""
    website: text(300) = ""
    address: LongText = ""
    description: LongText = ""
    timezone: text(64) = "Asia/Ho_Chi_Minh"
    default_currency: text(3) = "USD"


class CustomerPatch(Schema):
    name: text(200) | None = None
    organization_type: OrganizationType | None = None
    country: text(2) | None = None
    industry: text(100) | None = None
    website: text(300) | None = None
    address: LongText | None = None
    description: LongText | None = None
    timezone: text(64) | None = None
    default_currency: text(3) | None = None


class ContactOut(Schema):
    id: uuid.UUID
    customer_id: uuid.UUID = Field(alias="organization_id")
    type: str
    contact_name: str
    email: str
    phone: str
    role: str
    notes: str
    is_primary_contact: bool
    is_active: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ContactIn(Schema):
    contact_name: text(200)
    type: ContactType | None = None
    email: text(254) = ""
    phone: text(50) = ""
    role: text(100) = ""
    notes: LongText = ""


class ContactPatch(Schema):
    contact_name: text(200) | None = None
    type: ContactType | None = None
    email: text(254) | None = None
    phone: text(50) | None = None
    role: text(100) | None = None
    notes: LongText | None = None


@router.get("/", response=responses(200, list[CustomerOut]))
@paginate(NewestFirst)
def customer_list(request: HttpRequest, include_inactive: bool = False):
    permission_require(request.user, "customers.view")
    customers = external_organizations(request.user)
    return customers if include_inactive else customers.filter(is_active=True)


@router.post("/", response=responses(201, CustomerOut))
def customer_create(request: HttpRequest, payload: CustomerIn):
    permission_require(request.user, "customers.create")
    return Status(201, customer_services.customer_create(user=request.user, **payload.dict()))


@router.get("/{customer_id}", response=responses(200, CustomerOut))
def customer_detail(request: HttpRequest, customer_id: uuid.UUID):
    permission_require(request.user, "customers.view")
    return customer_get_for_user(request.user, customer_id)


@router.patch("/{customer_id}", response=responses(200, CustomerOut))
def customer_edit(request: HttpRequest, customer_id: uuid.UUID, payload: CustomerPatch):
    permission_require(request.user, "customers.edit")
    customer = customer_get_for_user(request.user, customer_id)
    data = payload.dict(exclude_unset=True, exclude_none=True)
    return customer_services.customer_update(user=request.user, customer=customer, data=data)


@router.delete("/{customer_id}", response=responses(200, CustomerOut))
def customer_deactivate(request: HttpRequest, customer_id: uuid.UUID):
    """Soft delete: the customer stays (projects refer to it) but leaves the active lists."""
    permission_require(request.user, "customers.delete")
    customer = customer_get_for_user(request.user, customer_id)
    return customer_services.customer_deactivate(user=request.user, customer=customer)


@router.post("/{customer_id}/restore", response=responses(200, CustomerOut))
def customer_restore(request: HttpRequest, customer_id: uuid.UUID):
    permission_require(request.user, "customers.delete")
    customer = customer_get_for_user(request.user, customer_id)
    return customer_services.customer_reactivate(user=request.user, customer=customer)


@router.get("/{customer_id}/contacts", response=responses(200, list[ContactOut]))
@paginate(NewestFirst)
def contact_list(request: HttpRequest, customer_id: uuid.UUID):
    permission_require(request.user, "customers.view")
    customer = customer_get_for_user(request.user, customer_id)
    return contacts_of(request.user, customer)


@router.post("/{customer_id}/contacts", response=responses(201, ContactOut))
def contact_create(request: HttpRequest, customer_id: uuid.UUID, payload: ContactIn):
    permission_require(request.user, "customers.edit")
    customer = customer_get_for_user(request.user, customer_id)
    data = payload.dict()
    contact_type = data.pop("type") or ""
    contact = contact_services.contact_create(
        user=request.user, organization=customer, contact_type=contact_type, **data
    )
    return Status(201, contact)


@router.get("/{customer_id}/contacts/{contact_id}", response=responses(200, ContactOut))
def contact_detail(request: HttpRequest, customer_id: uuid.UUID, contact_id: uuid.UUID):
    permission_require(request.user, "customers.view")
    return customer_contact_get_for_user(request.user, customer_pk=customer_id, pk=contact_id)


@router.patch("/{customer_id}/contacts/{contact_id}", response=responses(200, ContactOut))
def contact_edit(
    request: HttpRequest, customer_id: uuid.UUID, contact_id: uuid.UUID, payload: ContactPatch
):
    permission_require(request.user, "customers.edit")
    contact = customer_contact_get_for_user(request.user, customer_pk=customer_id, pk=contact_id)
    data = payload.dict(exclude_unset=True, exclude_none=True)
    return contact_services.contact_update(user=request.user, contact=contact, data=data)


@router.delete("/{customer_id}/contacts/{contact_id}", response=responses(200, ContactOut))
def contact_deactivate(request: HttpRequest, customer_id: uuid.UUID, contact_id: uuid.UUID):
    """Soft delete: projects may still name the contact (the contact page's rule: edit)."""
    permission_require(request.user, "customers.edit")
    contact = customer_contact_get_for_user(request.user, customer_pk=customer_id, pk=contact_id)
    return contact_services.contact_deactivate(user=request.user, contact=contact)
