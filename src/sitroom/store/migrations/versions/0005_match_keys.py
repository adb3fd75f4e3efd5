"""incremental corroboration: each mention's blocking keys, and which corroboration built the events

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 12:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Filled by corroboration (a mention without a row is one no event has seen yet); stores upgraded from 0004
    # have none, so their next corroboration is a full rebuild.
    op.create_table(
        "mention_keys",
        sa.Column("mention_id", sa.String(length=40), nullable=False),
        sa.Column("block", sa.String(length=100), nullable=False),
        sa.Column("match_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["mention_id"], ["event_mentions.id"], name=op.f("fk_mention_keys_mention_id_event_mentions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mention_id", name=op.f("pk_mention_keys")),
    )  # fmt: skip
    op.create_index("ix_mention_keys_block", "mention_keys", ["block", "match_date"])
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_store_state")),
    )


def downgrade() -> None:
    op.drop_table("store_state")
    op.drop_index("ix_mention_keys_block", table_name="mention_keys")
    op.drop_table("mention_keys")
