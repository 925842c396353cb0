"""materials mailings: each sending of the group materials and each recipient's outcome

Revision ID: eeed3088d493
Revises: debc950f28a1
Create Date: 2026-11-26 09:09:36.499764

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eeed3088d493'
down_revision = 'debc950f28a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('materials_mailings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('without_email', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['design_sessions.id'], name=op.f('fk_materials_mailings_session_id_design_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['moderators.id'], name=op.f('fk_materials_mailings_started_by_id_moderators'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_materials_mailings'))
    )
    with op.batch_alter_table('materials_mailings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_materials_mailings_session_id'), ['session_id'], unique=False)

    op.create_table('mailing_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mailing_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['mailing_id'], ['materials_mailings.id'], name=op.f('fk_mailing_recipients_mailing_id_materials_mailings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mailing_recipients'))
    )
    with op.batch_alter_table('mailing_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mailing_recipients_mailing_id'), ['mailing_id'], unique=False)



def downgrade():
    with op.batch_alter_table('mailing_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mailing_recipients_mailing_id'))

    op.drop_table('mailing_recipients')
    with op.batch_alter_table('materials_mailings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_materials_mailings_session_id'))

    op.drop_table('materials_mailings')
