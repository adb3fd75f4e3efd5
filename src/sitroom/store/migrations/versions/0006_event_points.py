"""events get the columns the dashboard and the brief read (actors, their backers, place name, tolls), back-filled

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 15:40:00
"""

import json

import sqlalchemy as sa
from alembic import op

from sitroom.store.query import event_point_columns

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS: list[tuple[str, type[sa.Text | sa.Integer]]] = [
    ("actor1", sa.Text),
    ("actor2", sa.Text),
    ("actor1_backers", sa.Text),  # a JSON array of names; NULL without that actor
    ("actor2_backers", sa.Text),
    ("location", sa.Text),
    ("fatalities_best", sa.Integer),
    ("fatalities_low", sa.Integer),
    ("fatalities_high", sa.Integer),
]
BATCH = 2000  # events read and rewritten per round trip: memory stays flat on a store of millions


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind(), nullable=True))
    _backfill()


def _backfill() -> None:
    """Every stored event's new columns from its record, in keyset batches of ``BATCH`` ids."""
    connection = op.get_bind()
    events = sa.table(
        "events",
        sa.column("id", sa.String),
        sa.column("record", sa.JSON),
        *(sa.column(name, kind()) for name, kind in COLUMNS),
    )
    update = (
        sa.update(events)
        .where(events.c.id == sa.bindparam("event_id"))
        .values({name: sa.bindparam(f"new_{name}") for name, _kind in COLUMNS})
    )
    last = ""
    while True:
        rows = connection.execute(
            sa.select(events.c.id, events.c.record).where(events.c.id > last).order_by(events.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        values = [{"event_id": ident, **{f"new_{k}": v for k, v in _columns(record).items()}} for ident, record in rows]
        connection.execute(update, values)
        last = rows[-1][0]


def _columns(record: str | dict[str, object]) -> dict[str, object]:
    return event_point_columns(json.loads(record) if isinstance(record, str) else record)


def downgrade() -> None:
    # ALTER TABLE DROP COLUMN (SQLite >= 3.35), not a batch: a batch copies the table on SQLite and loses the
    # expression indexes of 0004 (lower(country), ...), which reflection skips.
    for name, _kind in reversed(COLUMNS):
        op.drop_column("events", name)
