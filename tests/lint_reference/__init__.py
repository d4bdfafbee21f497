"""Turn a DOCX into a Layout the way the format checker's Word reader did before issue 19 made it faster.

A frozen copy of generator/lint/docx_reader.py, docx_body.py, docx_package.py and docx_styles.py as they were at
commit 52794e2 (imports of the modules left unchanged point at generator.lint), kept only so that
tests/test_lint_docx_reference.py can prove the faster reader gives the very same layout and findings.
"""
