"""The list's filter bar in a real browser: the search box searches as one types (no Enter, no
"Filter" button) and a dropdown applies as soon as it changes."""

import pytest
from playwright.sync_api import expect

from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.browser.helpers import sign_in
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sales(tenant):
    workflow_install_standard(organization_id=tenant.pk)
    user = UserFactory(organization=tenant, role=Role.SALES, name="Sara Sales")
    customer = CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    with tenant_context(tenant, user):
        for title, priority in (("Brake caliper fixture", "normal"), ("Welding jig", "urgent")):
            project_create(
                user=user, title=title, customer_organization=customer, priority_level=priority
            )
        honda = CustomerFactory(owner_organization=tenant, name="Honda Vietnam")
        project_create(user=user, title="Gearbox housing", customer_organization=honda)
    return user


def test_the_search_box_searches_as_one_types_and_dropdowns_apply_at_once(page, sales, password):
    sign_in(page, sales, password)
    page.goto("/projects/")
    rows = page.get_by_test_id("project-row")
    expect(rows).to_have_count(3)
    filters = page.get_by_test_id("project-filters")

    filters.get_by_label("Search").press_sequentially("caliper", delay=30)

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Brake caliper fixture")
    assert "q=caliper" in page.url  # the URL follows, so reload and back keep the search

    filters.get_by_label("Search").fill("")
    filters.get_by_label("Priority").select_option("urgent")

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Welding jig")
    assert page.console_errors == []


def test_the_customer_filter_loads_its_options_when_used_and_keeps_the_choice(
    page, sales, password
):
    sign_in(page, sales, password)
    page.goto("/projects/")
    rows = page.get_by_test_id("project-row")
    expect(rows).to_have_count(3)
    customer = page.get_by_test_id("project-filters").get_by_label("Customer")
    expect(customer.locator("option")).to_have_count(1)  # "Any customer" until it is used

    customer.hover()  # the pointer on it loads the tenant's customers

    expect(customer.locator("option", has_text="Honda Vietnam")).to_have_count(1)
    assert "/filter-options/" not in page.url
    customer.select_option(label="Honda Vietnam")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Gearbox housing")

    page.reload()  # the choice stays shown (and applied) without loading the list
    customer = page.get_by_test_id("project-filters").get_by_label("Customer")
    expect(customer.locator("option:checked")).to_have_text("Honda Vietnam")
    expect(rows).to_have_count(1)
    assert page.console_errors == []
