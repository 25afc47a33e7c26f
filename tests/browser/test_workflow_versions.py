"""Issue 24's journey in a real browser: a tenant admin makes v2 of the standard workflow as a
draft, moves a sub-stage up, adds one, publishes v2 as the default; the next inquiry follows v2
while an older project keeps v1, and the diff page shows exactly the two changes."""

import pytest
from playwright.sync_api import expect

from apps.core.tenancy import tenant_context
from apps.projects.models import Project
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.models import WorkflowDefinition
from apps.workflow.selectors import definition_plan
from apps.workflow.services import workflow_install_standard
from tests.browser.helpers import sign_in
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def older_project(tenant, admin_user):
    v1 = workflow_install_standard(organization_id=tenant.pk)
    customer = CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    with tenant_context(tenant, admin_user):
        project = project_create(
            user=admin_user, title="Older bracket", customer_organization=customer
        )
    return v1, project


def test_an_admin_publishes_v2_and_the_next_inquiry_follows_it(
    page, browser, live_server, admin_user, tenant, password, older_project
):
    v1, older = older_project
    sign_in(page, admin_user, password)

    # v1, seen whole, is the default; make v2 from it as a draft.
    page.goto("/admin/workflow/workflowdefinition/")
    expect(page.locator("#result_list")).to_contain_text("★ Default")
    page.get_by_role("link", name="See it whole").click()
    page.get_by_test_id("new-version").click()
    expect(page.get_by_test_id("status")).to_have_text("Draft")
    expect(page.locator("h1, h2").first).to_be_visible()

    # Technical Review: move "Quality and inspection requirements" up, add a sub-stage.
    page.get_by_test_id("edit-stage-technical_review").click()
    page.get_by_role("button", name="Move Quality and inspection requirements up").click()
    expect(page.locator(".sub-stage-row").nth(1)).to_have_attribute(
        "data-name", "Quality and inspection requirements"
    )
    page.fill("#id_new-name", "Customer drawing clarification")
    page.locator("#new-sub-stage input[name=new-responsible_roles][value=engineering]").check()
    page.fill("#id_new-duration", "1")
    page.select_option("#id_new-unit", "days")
    page.get_by_test_id("save-stage").click()
    expect(page.locator(".sub-stage-row").last).to_have_attribute(
        "data-name", "Customer drawing clarification"
    )

    # Publish as the default.
    page.get_by_role("link", name="Standard RFQ to delivery v2").click()
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("status")).to_have_text("Published")
    expect(page.get_by_test_id("default-mark")).to_be_visible()

    # The diff against v1 shows the two changes, and only them.
    page.select_option("#compare", label="Standard RFQ to delivery v1 (Published)")
    page.get_by_test_id("compare").click()
    diff = page.locator("#diff > ul > li")
    expect(diff).to_have_count(2)
    expect(page.locator("#diff .diff-moved")).to_contain_text("Quality and inspection requirements")
    expect(page.locator("#diff .diff-added")).to_contain_text("Customer drawing clarification")

    # Sales records the next inquiry: it follows v2; the older project keeps v1.
    sales_user = UserFactory(organization=tenant, role=Role.SALES, name="Sam Sales")
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    sales = context.new_page()
    sign_in(sales, sales_user, password)
    sales.get_by_test_id("nav-projects").click()
    sales.get_by_test_id("project-create").click()
    sales.check("#id_customer_mode_1")  # "New customer"
    sales.fill("#id_customer_name", "Mekong Motors")
    sales.fill("#id_customer_country", "VN")
    sales.fill("#id_new_contact_name", "Tran Thi Lan")
    sales.fill("#id_new_email", "lan@mekong.example.com")
    sales.fill("#id_title", "Gearbox housing, 200 pcs")
    sales.get_by_test_id("intake-submit").click()
    sales.get_by_test_id("project-workflow").wait_for()
    expect(sales.get_by_test_id("project-workflow")).to_contain_text(
        "Customer drawing clarification"
    )
    context.close()

    v2 = WorkflowDefinition.objects.get(organization=tenant, version=2)
    newer = Project.objects.get(title="Gearbox housing, 200 pcs")
    older.refresh_from_db()
    assert newer.workflow_definition == v2
    assert older.workflow_definition == v1
    assert len(definition_plan(v1)[1].sub_stages) == 4
