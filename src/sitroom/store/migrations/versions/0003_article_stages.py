"""article stages: what each pipeline stage has done to an article, with which version

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_stages",
        sa.Column("article_id", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_article_stages_article_id_articles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("article_id", "stage", name=op.f("pk_article_stages")),
    )
    # Articles stored before this revision that already have mentions were extracted: record it, so an upgrade
    # does not redo them (their version is unknown, so `sitroom reprocess` still can).
    op.execute(
        "INSERT INTO article_stages (article_id, stage, version, done_at) "
        "SELECT DISTINCT article_id, 'extract', 'unknown', CURRENT_TIMESTAMP FROM event_mentions"
    )


def downgrade() -> None:
    op.drop_table("article_stages")
