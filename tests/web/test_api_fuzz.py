"""schemathesis against the app's own OpenAPI document, on a real server: no generated
request, valid (positive) or not (negative), may get a server error (5xx).

The requests carry an admin's API token, so every operation is reached past sign-in; the
library holds the examples, so paths with real codes find documents.
"""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from tests.conftest import EXAMPLES
from tests.web.conftest import Site

from sopflow.library.store import open_library
from sopflow.services import users
from sopflow.services.access import Actor

EXAMPLES_PER_OPERATION = 25
"""Generated requests per operation: enough to reach odd values, small enough for the suite."""


@pytest.fixture
def fuzzed_site(site: Site) -> tuple[Site, str]:
    """The site with the examples imported and an admin's token."""
    site.load(EXAMPLES)
    with open_library(site.settings.library_url, create=False) as library:
        token = users.create_token(library=library, actor=Actor.local(), user="ada", name="fuzz")
    return site, token.secret


def test_no_generated_request_gets_a_server_error(fuzzed_site: tuple[Site, str]) -> None:
    site, token = fuzzed_site
    schema = schemathesis.openapi.from_url(f"{site.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3
    for operation, mode in itertools.product(operations, GenerationMode):

        @given(case=operation.as_strategy(mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case: schemathesis.Case) -> None:
            response = case.call(base_url=site.url, headers=headers)
            case.validate_response(response, checks=[not_a_server_error])

        try:
            no_server_error()
        except Unsatisfiable:
            # An operation with no parameters and no body has no invalid request to make.
            assert mode is GenerationMode.NEGATIVE, operation.label
