"""Contract tests generated from the OpenAPI schema (schemathesis): for every operation a bounded
number of generated requests, half of them on this tenant's real rows; no answer may be a 5xx,
and every answer must match the schema (status code, content type, body)."""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import issue_token
from tests.api.test_isolation import ids_of

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process_wsgi():
    """The application called in this process and this test's transaction, as Django's test
    client does: a finished request must not close the test's database connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(world, in_process_wsgi, settings, capsys):
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", in_process_wsgi)
    headers = {"Authorization": f"Bearer {issue_token(world.admin, 'write')}"}
    ids = ids_of(world)
    cases: list[str] = []

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        names = re.findall(r"\{(\w+)\}", operation.path)
        strategy = st.one_of(
            operation.as_strategy(),
            operation.as_strategy(path_parameters={name: ids[name] for name in names}),
        )

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)
            cases.append(f"{case.method} {case.formatted_path}")

        check()

    with capsys.disabled():
        print(f"\ncontract cases run: {len(cases)} over {len(operations)} operations")
    assert len(operations) >= 30
    assert len(cases) >= len(operations)
