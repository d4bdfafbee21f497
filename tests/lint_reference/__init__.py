"""Turn a DOCX into a Layout the way the format checker's Word reader did before issue 19 made it faster.

A frozen copy of generator/lint/docx_reader.py as it was at commit 52794e2, the one module of the Word reader that
issue 19 rewrote (it imports docx_body, docx_package and docx_styles from generator.lint, which only gained a helper),
kept only so that tests/test_lint_docx_reference.py can prove the faster reader gives the very same layout and
findings.
"""
