"""inbox and chat aliases

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.models


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('inbox',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('lane', sa.BigInteger(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('received_at', storage.models.UTCDateTime(), nullable=False),
    sa.Column('handled_at', storage.models.UTCDateTime(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.PrimaryKeyConstraint('update_id')
    )
    op.create_index('ix_inbox_pending', 'inbox', ['status', 'lane', 'update_id'], unique=False)
    op.create_table('chat_alias',
    sa.Column('old_chat_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('new_chat_id', sa.BigInteger(), nullable=False),
    sa.Column('created_at', storage.models.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('old_chat_id')
    )


def downgrade() -> None:
    op.drop_table('chat_alias')
    op.drop_index('ix_inbox_pending', table_name='inbox')
    op.drop_table('inbox')
