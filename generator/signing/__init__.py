"""Electronic signing of issued PDFs as Nghị định 30 prescribes."""
