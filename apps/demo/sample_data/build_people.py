"""The tenant, its staff, customers, suppliers and their contacts."""

from __future__ import annotations

import datetime
import random
import secrets
import uuid
from dataclasses import dataclass, field

from django.utils.text import slugify

from apps.contacts.models import Contact
from apps.demo.sample_data.specs import TenantSpec
from apps.organizations.models import Organization, OrganizationType
from apps.organizations.services import tenant_create
from apps.users.models import Role, User

# Fixed ids (uuid5 of a stable name) for people and companies, so a --reset keeps links and open
# sessions pointing at the same rows.
SAMPLE_NAMESPACE = uuid.UUID("0f3c6d52-2f6b-4c39-9d47-5b1f2a6e2025")


def stable_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(SAMPLE_NAMESPACE, ":".join(parts))


@dataclass
class Directory:
    """Who and what a tenant's sample story refers to, by e-mail and company key."""

    tenant: Organization
    admin: User
    users: dict[str, User] = field(default_factory=dict)
    companies: dict[str, Organization] = field(default_factory=dict)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)

    def by_role(self) -> dict[str, list[User]]:
        roles: dict[str, list[User]] = {}
        for user in self.users.values():
            roles.setdefault(user.role, []).append(user)
        return roles

    def managers(self) -> list[User]:
        return [user for user in self.users.values() if user.role == Role.MANAGEMENT]


def create_tenant(spec: TenantSpec) -> tuple[Organization, User]:
    """The tenant, its admin and its standard workflow, through `tenant_create`.

    The documented sample password is too close to the sample e-mail addresses for Django's
    similarity check, so the admin starts with a random password; `build_directory` then gives
    every sample user, the admin included, the documented one.
    """
    admin = next(user for user in spec.users if user.email == spec.admin)
    return tenant_create(
        name=spec.name,
        slug=spec.slug,
        admin_email=spec.admin,
        admin_name=admin.name,
        admin_password=secrets.token_urlsafe(24),
        country=spec.country,
        timezone=spec.timezone,
        language=spec.language,
    )


def build_directory(
    spec: TenantSpec,
    *,
    tenant: Organization,
    admin: User,
    password_hash: str,
    rng: random.Random,
    now: datetime.datetime,
) -> Directory:
    """Inside the tenant's context: fill in the tenant, then its people and companies."""
    tenant.industry = spec.industry
    tenant.website = spec.website
    tenant.address = spec.address
    tenant.created_at = now - datetime.timedelta(days=1200)
    tenant.full_clean()
    tenant.save(update_fields=["industry", "website", "address", "created_at", "updated_at"])

    directory = Directory(tenant=tenant, admin=admin)
    _build_users(spec, directory, password_hash=password_hash, rng=rng, now=now)
    _build_companies(spec, directory, now=now)
    _build_portal_accounts(directory, password_hash=password_hash, now=now)
    return directory


def _build_users(
    spec: TenantSpec,
    directory: Directory,
    *,
    password_hash: str,
    rng: random.Random,
    now: datetime.datetime,
) -> None:
    # One hash for everyone: they share the documented password, and argon2 takes a tenth of a
    # second per hash. A user who changes the password gets a fresh salt as usual.
    for person in spec.users:
        if person.email == spec.admin:
            user = directory.admin
        else:
            user = User(id=stable_id("user", person.email), organization=directory.tenant)
        user.email = person.email.lower()
        user.name = person.name
        user.role = person.role
        user.department = person.department
        user.employee_id = person.employee_id
        user.phone = person.phone
        user.preferences = {
            "timezone": person.timezone,
            "language": person.language,
            "theme": "light",
        }
        user.password = password_hash
        user.last_login = now - datetime.timedelta(hours=rng.uniform(1, 72))
        user.full_clean()
        user.save()
        directory.users[user.email] = user

    for person in spec.users:
        user = directory.users[person.email]
        user.direct_manager = directory.users[person.manager] if person.manager else None
        user.created_at = now - datetime.timedelta(days=person.joined_days_ago)
    User.objects.bulk_update(directory.users.values(), ["direct_manager", "created_at"])


def _build_companies(spec: TenantSpec, directory: Directory, *, now: datetime.datetime) -> None:
    tenant = directory.tenant
    for position, company_spec in enumerate(spec.companies):
        company = Organization(
            id=stable_id(spec.slug, "company", company_spec.key),
            owner_organization=tenant,
            name=company_spec.name,
            slug=slugify(company_spec.name)[:100],
            organization_type=company_spec.organization_type,
            description=company_spec.description,
            country=company_spec.country,
            industry=company_spec.industry,
            website=company_spec.website,
            address=company_spec.address,
            timezone="Asia/Ho_Chi_Minh",
            default_currency="USD",
        )
        company.full_clean()
        company.save(force_insert=True)
        company.created_at = now - datetime.timedelta(days=900 - 60 * position)
        company.save(update_fields=["created_at"])
        directory.companies[company_spec.key] = company

        contacts = []
        for number, person in enumerate(company_spec.contacts):
            contact = Contact(
                id=stable_id(spec.slug, "contact", company_spec.key, str(number)),
                owner_organization=tenant,
                organization=company,
                type=company_spec.organization_type,
                contact_name=person.name,
                email=person.email,
                phone=person.phone,
                role=person.role,
                is_primary_contact=person.is_primary,
            )
            contact.full_clean()
            contact.save(force_insert=True)
            contacts.append(contact)
        Contact.objects.filter(organization=company).update(created_at=company.created_at)
        directory.contacts[company_spec.key] = contacts


def _build_portal_accounts(
    directory: Directory, *, password_hash: str, now: datetime.datetime
) -> None:
    """Every contact of a customer signs in to the customer portal with the sample password
    (issue 19): an account bound to the contact and its company, in Vietnamese. (No draw from
    the sample data's random generator: what follows stays as it was.)"""
    number = 0
    for company_key, contacts in directory.contacts.items():
        company = directory.companies[company_key]
        if company.organization_type != OrganizationType.CUSTOMER:
            continue
        for contact in contacts:
            if not contact.email:
                continue
            number += 1
            account = User(
                id=stable_id("user", contact.email),
                organization=directory.tenant,
                email=contact.email.lower(),
                name=contact.contact_name,
                role=Role.CUSTOMER,
                contact=contact,
                customer_organization=company,
                phone=contact.phone,
                preferences={"timezone": "Asia/Ho_Chi_Minh", "language": "vi"},
                password=password_hash,
                last_login=now - datetime.timedelta(hours=5 * number),
            )
            account.full_clean()
            account.save(force_insert=True)
