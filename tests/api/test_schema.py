"""schemathesis against the live server's OpenAPI schema: requests generated from the schema, valid and invalid,
for every operation; no response may be a server error, and each must match what the schema documents."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import Server

EXAMPLES = 10  # per operation and generation mode: 9 operations x 2 modes x 2 backends in about a minute
# Operations without parameters or body have no invalid request to make.
NOTHING_TO_BREAK = {("GET", "/health"), ("GET", "/stats")}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(server: Server) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.fixture(scope="module")
def token(server: Server) -> str:
    _key, token = server.store.create_api_key("schemathesis")
    return token


def operations(schema: schemathesis.BaseSchema) -> list[schemathesis.APIOperation]:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_every_endpoint(api_schema: schemathesis.BaseSchema) -> None:
    found = {(op.method.upper(), op.path) for op in operations(api_schema)}
    assert found == {
        ("GET", "/events"),
        ("GET", "/events.geojson"),
        ("GET", "/events.columns"),
        ("GET", "/events/{event_id}"),
        ("GET", "/actors"),
        ("GET", "/briefs"),
        ("POST", "/articles"),
        ("GET", "/health"),
        ("GET", "/stats"),
    }


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode))
def test_no_server_error_and_responses_match_the_schema(
    api_schema: schemathesis.BaseSchema, token: str, mode: schemathesis.GenerationMode
) -> None:
    for operation in operations(api_schema):
        if (
            mode is schemathesis.GenerationMode.NEGATIVE
            and (operation.method.upper(), operation.path) in NOTHING_TO_BREAK
        ):
            continue

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: schemathesis.Case) -> None:
            # With a key, so writes get past authentication to the pipeline.
            case.call_and_validate(headers={"X-API-Key": token}, checks=CHECKS)

        call()
