"""The decision DOCX with its annex rows streamed (rendering/docx_stream.py) is the very file docxtpl's whole-body
render makes: same word/document.xml, same zip bytes, for every example session and a 2.000-row list; a template
the streamed path cannot follow falls back to the whole-body render."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

from generator import pipeline
from generator.pipeline import BUILTIN_TEMPLATES, find_template
from generator.rendering import docx_stream
from generator.rendering.context import decision_context
from generator.rendering.docx import render_docx
from generator.rendering.environment import environment

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from large_list import write_list  # noqa: E402 - the bench's generated province list

TEMPLATE = find_template((BUILTIN_TEMPLATES,), "quyet-dinh/template.docx")


def document_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def both_paths(folder: Path) -> list[tuple[str, bytes, bytes | None, bytes]]:
    """(slug, whole-body DOCX, streamed DOCX or None, what render_docx gives) for each decision of a session."""
    checked = pipeline.check(folder)
    env = environment((BUILTIN_TEMPLATES,))
    made = []
    for decision in checked.decisions:
        context = decision_context(decision, env)
        made.append((decision.slug, render_docx(env, TEMPLATE, context, stream=False),
                     docx_stream.render_streamed(env, TEMPLATE, context), render_docx(env, TEMPLATE, context)))
    return made


@pytest.mark.parametrize("session", ["vi-du", "vi-du-2024", "qd-2284-lam-dong-2025", "qd-345-ttg-2008"])
def test_the_streamed_decision_is_the_whole_render_for_every_example(session):
    made = both_paths(ROOT / "data" / session)
    for slug, whole, streamed, default in made:
        assert default == whole, slug
        if streamed is not None:
            assert document_xml(streamed) == document_xml(whole), slug
            assert streamed == whole, slug
    if session != "qd-345-ttg-2008":  # its recipients stand in Điều 1: no annex to stream
        assert all(streamed is not None for _, _, streamed, _ in made), session


def test_a_2000_row_list_streams_the_same_bytes_across_batch_edges(tmp_path, monkeypatch):
    folder = tmp_path / "tinh"
    shutil.copytree(ROOT / "data" / "vi-du", folder)
    write_list(folder / "danh-sach.xlsx", 2000)
    monkeypatch.setattr(docx_stream, "ROWS_PER_BATCH", 333)  # rows of one section split across several batches
    made = both_paths(folder)
    longest = max(made, key=lambda item: len(item[1]))
    assert document_xml(longest[1]).count(b"<w:tr>") + document_xml(longest[1]).count(b"<w:tr ") > 1000
    for slug, whole, streamed, default in made:
        assert streamed is not None, slug
        assert document_xml(streamed) == document_xml(whole), slug
        assert streamed == whole == default, slug


def test_a_template_without_the_annex_caption_is_rendered_whole(tmp_path):
    source = zipfile.ZipFile(TEMPLATE)
    copy = tmp_path / "template.docx"
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                assert b'<w:tblCaption w:val="danh-sach"/>' in data
                data = data.replace(b'<w:tblCaption w:val="danh-sach"/>', b"")
            target.writestr(info, data)
    checked = pipeline.check(ROOT / "data" / "vi-du")
    env = environment((BUILTIN_TEMPLATES,))
    context = decision_context(checked.decisions[0], env)
    assert docx_stream.render_streamed(env, copy, context) is None
    assert render_docx(env, copy, context) == render_docx(env, copy, context, stream=False)


def test_the_row_loop_is_found_and_a_loop_with_else_refused():
    patched = ('<w:tbl><w:tblPr><w:tblCaption w:val="danh-sach"/></w:tblPr>{% for row in rows %}'
               '<w:tr><w:tc><w:p><w:r><w:t>{{ loop.index }}</w:t></w:r></w:p></w:tc></w:tr>{% endfor %}</w:tbl>')
    loop = docx_stream.find_row_loop(patched)
    assert loop.target == "row" and loop.iterable == "rows"
    with pytest.raises(docx_stream._NotStreamable):
        docx_stream.find_row_loop(patched.replace("{% endfor %}", "{% else %}<w:tr/>{% endfor %}"))
