import datetime
import secrets

import factory
from django.utils import timezone

from apps.api.models import ApiToken, TokenScope, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.organizations.factories import TenantFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TENANT, TenantOwnedFactory


class ApiTokenFactory(TenantOwnedFactory):
    """A token row (tests that call the API issue tokens with `api_token_create`, which returns
    the secret)."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(
        UserFactory,
        organization=factory.LazyAttribute(lambda o: o.factory_parent.tenant or TenantFactory()),
    )
    organization = factory.SelfAttribute("user.organization")
    name = "ERP sync"
    prefix = "fp_abcdefg"
    token_hash = factory.LazyFunction(lambda: secrets.token_hex(32))
    scope = TokenScope.WRITE
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class WebhookEndpointFactory(TenantOwnedFactory):
    class Meta:
        model = WebhookEndpoint

    organization = TENANT
    url = "https://erp.example.com/hooks/factory-pulse"
    events = factory.LazyFunction(lambda: [WebhookEvent.PROJECT_CREATED])
    secret = factory.LazyFunction(lambda: secrets.token_hex(32))


class WebhookDeliveryFactory(TenantOwnedFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("endpoint.organization")
    event = WebhookEvent.PROJECT_CREATED
    payload = factory.LazyFunction(lambda: {"entity_type": "project"})
