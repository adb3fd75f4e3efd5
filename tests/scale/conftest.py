"""Spark runs where Java is: always in CI (``.ci/run`` installs a JRE), skipped with the reason elsewhere."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

JAVA_MISSING = shutil.which("java") is None and os.environ.get("CI") != "true"
needs_java = pytest.mark.skipif(JAVA_MISSING, reason="Spark needs Java 17+ and `java` is not on PATH (CI installs it)")


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    if JAVA_MISSING:
        pytest.skip("Spark needs Java 17+ and `java` is not on PATH (CI installs it)")
    from sitroom.scale.job import spark_session

    session = spark_session("local[2]", app_name="sitroom-tests")
    yield session
    session.stop()
