"""mailing leases: the sending task's token, so a serving process takes over a dead one's mailing

Revision ID: 4c1d2b7e9a30
Revises: 2f10cc48cff3
Create Date: 2026-12-06 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c1d2b7e9a30'
down_revision = '2f10cc48cff3'
branch_labels = None
depends_on = None


def upgrade():
    # Mailings from before keep an empty owner: they wait for the moderator, as they did.
    with op.batch_alter_table('materials_mailings', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('lease_owner', sa.String(length=80), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('materials_mailings', schema=None) as batch_op:
        batch_op.drop_column('lease_owner')
