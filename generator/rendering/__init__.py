"""Turn documents into files: one Jinja environment and its filters feed the DOCX and the PDF renderer."""
