"""The PostgreSQL cluster the `postgres` tests run on: one per session, a fresh database
per test.

Without PostgreSQL on this machine those tests are skipped and the run ends with one
line saying so; under CI (CI=true) they fail instead, since CI must never pass on half
the suite.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.postgres_cluster import ClusterUnavailable, PostgresCluster, start_cluster

POSTGRES_FIXTURES = {"postgres_cluster", "postgres_url"}

_skipped_because: list[str] = []


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    try:
        cluster = start_cluster()
    except ClusterUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed under CI and could not be started: {error}")
        _skipped_because.append(str(error).splitlines()[0])
        pytest.skip(f"PostgreSQL unavailable: {error}")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> str:
    """The URL of a new, empty database of its own."""
    return postgres_cluster.create_database()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Marked before `-m` deselects, so `-m "not postgres"` drops every test that needs
    # the server, however it asks for it.
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped_because:
        terminalreporter.write_line(
            f"PostgreSQL half SKIPPED: {_skipped_because[0]}", yellow=True, bold=True
        )
