"""outbox: an index for each chat's queue in order

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_outbox_chat_queue', 'outbox', ['chat_id', 'status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_chat_queue', table_name='outbox')
