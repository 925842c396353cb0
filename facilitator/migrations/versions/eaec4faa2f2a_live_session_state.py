"""live session state

Revision ID: eaec4faa2f2a
Revises: 478ecd22be25
Create Date: 2026-11-26 01:08:17.232577

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eaec4faa2f2a'
down_revision = '478ecd22be25'
branch_labels = None
depends_on = None


def upgrade():
    # The live state of a running session: current agenda item, presenter, timer.
    op.create_table('live_states',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('current_item_id', sa.Integer(), nullable=True),
    sa.Column('presenting_group_id', sa.Integer(), nullable=True),
    sa.Column('timer_state', sa.Enum('stopped', 'running', 'paused', name='timerstate', native_enum=False, length=16), nullable=False),
    sa.Column('timer_ends_at_ms', sa.BigInteger(), nullable=True),
    sa.Column('timer_remaining_ms', sa.BigInteger(), nullable=False),
    sa.Column('timer_duration_ms', sa.BigInteger(), nullable=False),
    sa.Column('timer_label', sa.String(length=300), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['current_item_id'], ['agenda_items.id'], name=op.f('fk_live_states_current_item_id_agenda_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['presenting_group_id'], ['creative_groups.id'], name=op.f('fk_live_states_presenting_group_id_creative_groups'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['design_sessions.id'], name=op.f('fk_live_states_session_id_design_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_live_states'))
    )


def downgrade():
    op.drop_table('live_states')
