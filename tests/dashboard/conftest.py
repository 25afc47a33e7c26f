"""Shared by the dashboard tests: refresh the views as the owner, and read what was recorded."""

import pytest

from apps.dashboard.models import DashboardRefreshLog
from apps.dashboard.services import dashboard_refresh_views


def refresh_now():
    """Refresh as a worker would (owner role, no tenant) and return the refresh's clock, the
    instant its "overdue" and "age" figures were computed against."""
    outcome = dashboard_refresh_views()
    assert outcome.refreshed, outcome.message
    return DashboardRefreshLog.objects.first().refreshed_at


@pytest.fixture
def refreshed(db):
    return refresh_now
