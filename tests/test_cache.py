"""Derived data cached on disk: keyed by what it is built from, written atomically, rebuilt when unreadable."""

from __future__ import annotations

from pathlib import Path

from sitroom.cache import cache_key, cached_pickle
from sitroom.config import Settings


def test_built_once_then_read(tmp_path: Path) -> None:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"a": 1}

    assert cached_pickle(tmp_path, "index", "k1", build) == {"a": 1}
    assert cached_pickle(tmp_path, "index", "k1", build) == {"a": 1}
    assert len(calls) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["index-k1.pickle"], "no temporary file is left behind"


def test_a_new_key_replaces_the_old_file(tmp_path: Path) -> None:
    cached_pickle(tmp_path, "index", "k1", lambda: 1)
    assert cached_pickle(tmp_path, "index", "k2", lambda: 2) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["index-k2.pickle"]


def test_an_unreadable_file_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "index-k1.pickle").write_bytes(b"\x80garbage")
    assert cached_pickle(tmp_path, "index", "k1", lambda: 3) == 3
    assert cached_pickle(tmp_path, "index", "k1", lambda: 4) == 3


def test_keys_follow_sources_and_packages(tmp_path: Path) -> None:
    source = tmp_path / "builder.py"
    source.write_text("v1")
    first = cache_key(1, packages=["pydantic"], sources=[source])
    assert cache_key(1, packages=["pydantic"], sources=[source]) == first
    source.write_text("v2")
    assert cache_key(1, packages=["pydantic"], sources=[source]) != first
    assert cache_key(2, packages=["pydantic"]) != cache_key(2, packages=["no-such-package"])


def test_the_cache_folder_is_a_setting(tmp_path: Path) -> None:
    assert Settings(cache_dir=tmp_path).cache_path == tmp_path
    assert Settings().cache_path.name == "sitroom"


def test_place_indexes_come_back_equal_from_the_cache(tmp_path: Path) -> None:
    from sitroom.extract import countries

    built = countries._build_place_indexes()
    assert cached_pickle(tmp_path, "place-indexes", "k", countries._build_place_indexes) == built
    assert cached_pickle(tmp_path, "place-indexes", "k", lambda: {}) == built
