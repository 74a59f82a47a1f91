"""Malformed requests never crash the app: schemathesis generates requests from the app's OpenAPI schema (valid
and invalid values for every path, query and form field) and every answer must be a non-5xx response."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stancemap.web.app import create_app

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")


@pytest.mark.slow
def test_schema_no_request_gets_a_server_error(web_db: Path) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    failures: list[tuple[str, str, int]] = []
    tried = 0

    for operation in operations:
        for mode in ("positive", "negative"):
            strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))

            @hypothesis.settings(
                max_examples=15, deadline=None, suppress_health_check=list(hypothesis.HealthCheck), database=None
            )
            @hypothesis.given(case=strategy)
            def check(case: Any) -> None:
                response = case.call()
                if response.status_code >= 500:
                    failures.append((case.method, case.formatted_path, response.status_code))

            try:
                check()
            except hypothesis.errors.Unsatisfiable:
                # No invalid request exists for an operation without parameters (`GET /`).
                assert mode == "negative"
                continue
            tried += 1
    assert failures == []
    assert tried >= len(operations) + 4
