"""Turn the paper register of outgoing documents (Phụ lục IV, Nghị định 30) into SQLAlchemy Core tables.

The tables are the schema at the newest migration; the migrations in ``migrations/versions`` create them on a new
register and bring an older one up to date. Change both together, never one alone.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

# One row per number ever taken: a document issued, or a number withdrawn (void). Rows are never deleted.
documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issuer", String(300), nullable=False),  # the issuing body: its name lines, joined
    Column("year", Integer, nullable=False),  # calendar year of the signing date: numbers restart on 01/01
    Column("series", String(100), nullable=False),  # "chung" (one shared series) or the type ("Quyết định"…)
    Column("number", Integer, nullable=False),
    Column("symbol", String(100), nullable=False),  # ký hiệu: "QĐ-UBND", "UBND-VHXH"
    Column("kind", String(100), nullable=False),  # tên loại: "Quyết định", "Công văn"
    Column("signed_on", Date, nullable=False),
    Column("summary", Text, nullable=False, default=""),  # trích yếu nội dung
    Column("signer", String(300), nullable=False, default=""),
    Column("recipients", Text, nullable=False, default=""),  # nơi nhận
    Column("archive", Text, nullable=False, default=""),  # đơn vị, người nhận bản lưu ("VT, VHXH")
    Column("copies", Integer, nullable=True),  # số lượng bản
    Column("note", Text, nullable=False, default=""),  # ghi chú
    Column("session", String(300), nullable=False, default=""),  # the session folder's name (đợt)
    Column("session_folder", Text, nullable=False, default=""),  # its absolute path: who holds the number
    Column("document", String(300), nullable=False, default=""),  # the document inside the session (its slug)
    Column("files", Text, nullable=False, default=""),  # file names, one per line
    Column("pdf_sha256", String(64), nullable=True),
    Column("void", Boolean, nullable=False, default=False),
    Column("void_reason", Text, nullable=False, default=""),
    Column("recorded_at", DateTime, nullable=False),
    UniqueConstraint("issuer", "year", "series", "number", name="uq_documents_series_number"),
)

# Số sổ of certificates (sổ vàng): one series per issuing body and form, continuing across sessions and years.
certificates = Table(
    "certificates", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("issuer", String(300), nullable=False),
    Column("form", String(300), nullable=False),  # the catalogue form ("Giấy khen")
    Column("form_key", String(300), nullable=False),  # the same, compared without case and diacritics
    Column("number", Integer, nullable=False),  # Số sổ
    Column("name", String(300), nullable=False),
    Column("unit", String(300), nullable=False, default=""),
    Column("session", String(300), nullable=False, default=""),
    Column("session_folder", Text, nullable=False, default=""),
    Column("decision", String(100), nullable=False, default=""),  # "05/QĐ-UBND ngày 20/01/2026"
    Column("recorded_at", DateTime, nullable=False),
    UniqueConstraint("issuer", "form_key", "number", name="uq_certificates_form_number"),
)
