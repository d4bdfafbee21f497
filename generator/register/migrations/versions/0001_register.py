"""Create the register of outgoing documents and the certificates' Số sổ series.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("series", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("symbol", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(100), nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("signer", sa.String(300), nullable=False),
        sa.Column("recipients", sa.Text, nullable=False),
        sa.Column("archive", sa.Text, nullable=False),
        sa.Column("copies", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("session", sa.String(300), nullable=False),
        sa.Column("session_folder", sa.Text, nullable=False),
        sa.Column("document", sa.String(300), nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=True),
        sa.Column("void", sa.Boolean, nullable=False),
        sa.Column("void_reason", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("issuer", "year", "series", "number", name="uq_documents_series_number"),
    )
    op.create_index("ix_documents_session", "documents", ["session_folder", "document"])
    op.create_table(
        "certificates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("form", sa.String(300), nullable=False),
        sa.Column("form_key", sa.String(300), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("unit", sa.String(300), nullable=False),
        sa.Column("session", sa.String(300), nullable=False),
        sa.Column("session_folder", sa.Text, nullable=False),
        sa.Column("decision", sa.String(100), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("issuer", "form_key", "number", name="uq_certificates_form_number"),
    )
    op.create_index("ix_certificates_session", "certificates", ["session_folder"])


def downgrade() -> None:
    op.drop_table("certificates")
    op.drop_table("documents")
