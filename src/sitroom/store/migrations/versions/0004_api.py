"""REST API and exports: API keys; events get a sort date, coordinates and search words, and keyset-page indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 07:40:00
"""

import json

import sqlalchemy as sa
from alembic import op

from sitroom.store.query import derived_event_columns

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (name, leading columns): each index ends with (sort_date, id), the keyset order, so a filtered page is an index
# range scan in either sort direction, never a sort of every matching row.
PAGE_INDEXES = [
    ("ix_events_page", []),
    ("ix_events_country_page", ["lower(country)"]),
    ("ix_events_country_type_page", ["lower(country)", "event_type"]),
    ("ix_events_admin1_page", ["lower(admin1)"]),
    ("ix_events_type_page", ["event_type"]),
    ("ix_events_sub_type_page", ["sub_event_type"]),
]


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_keys_token_hash")),
    )
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("sort_date", sa.Date(), nullable=False, server_default="0001-01-01"))
        batch.add_column(sa.Column("latitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("longitude", sa.Float(), nullable=True))
        batch.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
    _backfill()
    for name, leading in PAGE_INDEXES:
        op.create_index(name, "events", [sa.text(c) for c in [*leading, "sort_date", "id"]])
    op.create_index("ix_events_lon_lat", "events", ["longitude", "latitude"])


def _backfill() -> None:
    connection = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.String),
        sa.column("record", sa.JSON),
        sa.column("sort_date", sa.Date),
        sa.column("latitude", sa.Float),
        sa.column("longitude", sa.Float),
        sa.column("search_text", sa.Text),
    )
    for ident, record in connection.execute(sa.select(events.c.id, events.c.record)).all():
        values = derived_event_columns(json.loads(record) if isinstance(record, str) else record)
        connection.execute(sa.update(events).where(events.c.id == ident).values(**values))


def downgrade() -> None:
    op.drop_index("ix_events_lon_lat", table_name="events")
    for name, _leading in PAGE_INDEXES:
        op.drop_index(name, table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("search_text")
        batch.drop_column("longitude")
        batch.drop_column("latitude")
        batch.drop_column("sort_date")
    op.drop_table("api_keys")
