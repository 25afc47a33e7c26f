"""The operators' KPI samples are installation-wide: the app role can neither read nor write them
(they are read as the login role by the operators' page and ops_report only)."""

import pytest
from django.db import ProgrammingError, connection

from apps.core.tenancy import tenant_context


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM operations_kpi_sample",
        "INSERT INTO operations_kpi_sample (kpi, taken_at, value, status) "
        "VALUES ('x', now(), 1, 'OK')",
        "DELETE FROM operations_kpi_sample",
    ],
)
def test_the_app_role_has_no_privilege_on_the_kpi_samples(db, tenant, sql):
    with (
        pytest.raises(ProgrammingError, match="permission denied"),
        tenant_context(tenant),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
