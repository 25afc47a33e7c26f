import io

import pytest
import redis
from django.conf import settings
from django.core.management import call_command

from apps.core import jobs
from apps.dashboard.services import dashboard_refresh_views
from apps.users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Reads the canvas back: Chart.js owns it and it has painted pixels (not a blank box).
CANVAS_STATE = """(canvas) => {
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted += 1; }
  return { chart: Boolean(window.Chart && window.Chart.getChart(canvas)),
           width: canvas.width, height: canvas.height, painted: painted };
}"""


@pytest.fixture
def sample_factory():
    call_command("seed_sample_data", stdout=io.StringIO())
    dashboard_refresh_views()
    yield
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete("celery")  # the queued refresh


def test_a_manager_signs_in_and_sees_the_dashboard_with_its_charts_drawn(page, sample_factory):
    page.goto("/")
    page.fill("#id_username", "john.smith@factorypulse.com")
    page.fill("#id_password", "FactoryPulse@2025")
    page.click("button[type=submit]")

    page.get_by_test_id("landing-heading").wait_for()
    page.get_by_test_id("dashboard-kpis").wait_for()
    assert page.locator('[data-kpi="active-projects"]').inner_text() == "15"
    page.get_by_test_id("dashboard-charts").wait_for()
    canvases = page.locator("canvas[data-chart]")
    # htmx fires htmx:load (which draws) once the swapped-in panel settles.
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".filter((c) => window.Chart && window.Chart.getChart(c)).length === 4"
    )
    assert canvases.count() == 4
    for index in range(4):
        state = canvases.nth(index).evaluate(CANVAS_STATE)
        assert state["chart"], state
        assert state["width"] > 0 and state["height"] > 0, state
        assert state["painted"] > 0, state
    page.get_by_test_id("dashboard-my-work").wait_for()
    page.get_by_test_id("dashboard-efficiency").wait_for()
    assert "Data as of" in page.get_by_test_id("data-as-of").inner_text()

    page.get_by_test_id("dashboard-refresh").click()
    page.get_by_test_id("refresh-message").wait_for()
    assert "Refresh queued" in page.get_by_test_id("refresh-message").inner_text()
    assert page.console_errors == []


def test_a_manager_sees_the_scheduled_job_that_needs_attention(
    page, sample_factory, no_job_records
):
    manager = User.objects.get(email="john.smith@factorypulse.com")
    jobs.job_failed(
        "apps.dashboard.tasks.refresh_dashboard_views", error="OperationalError: disk full"
    )
    page.goto("/")
    page.fill("#id_username", manager.email)
    page.fill("#id_password", "FactoryPulse@2025")
    page.click("button[type=submit]")

    jobs_panel = page.get_by_test_id("scheduled-jobs")
    jobs_panel.wait_for()
    assert "1 needs attention" in jobs_panel.locator("summary").inner_text()
    row = page.locator('tr[data-job="refresh-dashboard-views"]')
    assert row.is_visible()
    assert "failed on its last run: OperationalError: disk full" in row.inner_text()
    assert page.console_errors == []
