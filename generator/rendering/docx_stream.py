"""Turn a decision with a long annex into DOCX bytes in bounded memory: the annex's data rows go from the template's
own row XML straight into word/document.xml, a batch at a time, never as one giant string or tree.

docxtpl renders a document as one Jinja string parsed into one lxml tree: for a province's 50.000-row list that is
hundreds of MiB of text and gigabytes of tree. Here docxtpl renders everything the template controls — with the
annex table's data-row loop replaced by a marker — and the loop's body (the template's own row, already prepared by
docxtpl's tag patching) is rendered for a batch of rows at a time, through the same environment and the same
post-processing, shaped as docx_annex shapes a data row, serialised and deflated into the zip member. The
result is byte-identical to docxtpl's (tests/test_docx_stream.py compares them).

A template this cannot follow (no captioned annex table, not exactly one single-row loop in it, a loop that uses
``loop`` or has an ``else``) is left to the whole-document path: ``render_streamed`` answers None.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jinja2
import markupsafe
from jinja2 import meta

from .docx_annex import ANNEX_TABLE_CAPTION, annex_widths, shape_annex, shape_annex_row
from .docx_symbols import keep_symbols_whole
from .zip_members import fixed_member

ROWS_PER_BATCH = 500  # rows rendered, parsed and deflated together: a few MiB whatever the list's length
_MARKER_FUNCTION = "vanban_annex_rows_"
_ROWS_NAME = "vanban_rows_"
_MARKER = re.compile(rb"<!--vanban-annex-rows-(\d+)-->")
_TAG = re.compile(r"{%-?\s*(for|endfor|if|endif|else|elif)\b.*?%}", re.DOTALL)
_PLAIN_FOR = re.compile(r"{%\s*for\s+([A-Za-z_]\w*)\s+in\s+(.+?)\s*%}\Z", re.DOTALL)
_ROW_START = re.compile(r"<w:tr[ >]")


class _NotStreamable(Exception):
    """The template's annex is not one the streamed path can follow."""


class _Loop:
    """Where the annex's data-row loop sits in docxtpl's patched XML, and what its body needs."""

    def __init__(self, start: int, end: int, target: str, iterable: str, body: str) -> None:
        self.start, self.end, self.target, self.iterable, self.body = start, end, target, iterable, body


def find_row_loop(patched: str) -> _Loop:
    """The single-row loop of the captioned annex table in docxtpl's patched body XML, or _NotStreamable."""
    caption = patched.find(f'<w:tblCaption w:val="{ANNEX_TABLE_CAPTION}"/>')
    if caption < 0:
        raise _NotStreamable("no annex table")
    table_end = patched.find("</w:tbl>", caption)
    if table_end < 0 or re.search(r"<w:tbl[ >]", patched[caption:table_end]):
        raise _NotStreamable("annex table not found whole, or nested tables")
    stack: list[list] = []  # [kind, match, has_else]
    candidates = []
    for tag in _TAG.finditer(patched, caption, table_end):
        kind = tag.group(1)
        if kind in ("for", "if"):
            stack.append([kind, tag, False])
        elif kind in ("else", "elif"):
            if not stack:
                raise _NotStreamable("unbalanced tags")
            stack[-1][2] = True
        else:
            if not stack or stack[-1][0] != kind[3:]:
                raise _NotStreamable("unbalanced tags")
            opened, opening, has_else = stack.pop()
            body = patched[opening.end():tag.start()]
            if opened == "for" and body.startswith("<w:tr") and body.endswith("</w:tr>") \
                    and len(_ROW_START.findall(body)) == 1:
                candidates.append((opening, tag, has_else, body))
    if stack or len(candidates) != 1:
        raise _NotStreamable("not exactly one single-row loop")
    opening, closing, has_else, body = candidates[0]
    plain = _PLAIN_FOR.match(opening.group(0))
    if has_else or plain is None or closing.group(0) != "{% endfor %}" or " recursive" in plain.group(2) \
            or re.search(r"\sif\s", plain.group(2)):
        raise _NotStreamable("a loop with else, a filter, recursion or whitespace control")
    return _Loop(opening.start(), closing.end(), plain.group(1), plain.group(2), body)


def _streaming_template(base: type) -> type:
    """docxtpl's DocxTemplate that renders its body with the annex rows' loop replaced by a marker call."""

    class StreamingTemplate(base):
        def __init__(self, template_file: str, env: jinja2.Environment) -> None:
            super().__init__(template_file)
            self.env = env
            self.loop: _Loop | None = None
            self.batches: list[tuple[list, dict]] = []

        def build_xml(self, context: dict, jinja_env: jinja2.Environment | None = None) -> str:
            patched = self.patch_xml(self.get_xml())
            loop = find_row_loop(patched)
            try:
                needed = meta.find_undeclared_variables(self.env.parse(loop.body)) - {loop.target}
            except jinja2.TemplateSyntaxError:
                raise _NotStreamable("a syntax error: docxtpl's whole render reports it where it stands") from None
            if "loop" in needed or _ROWS_NAME in needed or _MARKER_FUNCTION in needed:
                raise _NotStreamable("the row uses loop")
            self.loop = loop
            # The names the row's body reads, taken where the loop stood (outer loop variables, {% set %} values).
            captured = ", ".join(f"{name!r}: {name}" for name in sorted(needed))
            marker = f"{{{{ {_MARKER_FUNCTION}(({loop.iterable}), {{{captured}}}) }}}}"
            patched = patched[:loop.start] + marker + patched[loop.end:]
            return self.render_xml_part(patched, self.docx._part, {**context, _MARKER_FUNCTION: self._marker},
                                        jinja_env)

        def _marker(self, rows: object, names: dict) -> markupsafe.Markup:
            self.batches.append((list(rows), names))
            return markupsafe.Markup(f"<!--vanban-annex-rows-{len(self.batches) - 1}-->")

        def rows_xml(self, index: int, decision: object, nsmap: dict) -> Iterator[bytes]:
            """The serialised data rows of one loop run, a batch at a time."""
            from lxml import etree

            rows, names = self.batches[index]
            # The same steps docxtpl's render_xml_part applies to the whole body, here to one batch of rows.
            source = re.sub(r"<w:p([ >])", r"\n<w:p\1", self.loop.body)
            template = self.env.from_string(f"{{% for {self.loop.target} in {_ROWS_NAME} %}}{source}{{% endfor %}}")
            widths = annex_widths(decision)
            namespaces = " ".join(f'xmlns:{prefix}="{uri}"' if prefix else f'xmlns="{uri}"'
                                  for prefix, uri in nsmap.items())
            parser = etree.XMLParser(recover=True)
            for first in range(0, len(rows), ROWS_PER_BATCH):
                xml = template.render({**names, _ROWS_NAME: rows[first:first + ROWS_PER_BATCH]})
                xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
                xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
                xml = self.resolve_listing(xml)
                wrapper = etree.fromstring(f"<w:tbl {namespaces}>{xml}</w:tbl>", parser=parser)
                for row in wrapper:
                    shape_annex_row(row, "data", widths, decision)
                keep_symbols_whole(wrapper)  # as docx.render_docx does for the whole body
                serialised = etree.tostring(wrapper, encoding="UTF-8", xml_declaration=False)
                if serialised.endswith(b"/>"):  # no row in this batch
                    continue
                yield serialised[serialised.index(b">") + 1:-len(b"</w:tbl>")]

    return StreamingTemplate


def render_streamed(env: jinja2.Environment, template_path: Path, context: dict) -> bytes | None:
    """The decision's DOCX with its annex rows streamed, or None when the template's annex cannot be streamed.

    Jinja and sandbox errors propagate as they do from docxtpl (docx.render_docx turns them into messages)."""
    from docxtpl import DocxTemplate

    decision = context.get("d")
    if getattr(decision, "annex", None) is None or not decision.has_annex:
        return None
    template = _streaming_template(DocxTemplate)(str(template_path), env)
    try:
        template.render(context, jinja_env=env)
    except _NotStreamable:
        return None
    body = template.docx.element.body
    expected = len(decision.annex.sections)
    if len(template.batches) != expected:
        return None  # the loop ran other than once per section: positions would not match shape_annex's
    shape_annex(body, decision, data_rows=False)
    keep_symbols_whole(body)  # "12/TTr-VHXH" never breaks at its hyphen
    nsmap = body.nsmap
    skeleton = io.BytesIO()
    template.save(skeleton)
    source = zipfile.ZipFile(io.BytesIO(skeleton.getvalue()))
    if len(_MARKER.findall(source.read("word/document.xml"))) != expected:
        return None  # a marker lost on the way (a template's comment handling): nowhere to put the rows
    target_buffer = io.BytesIO()
    with zipfile.ZipFile(target_buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = fixed_member(info.filename)
            data = source.read(info.filename)
            if info.filename != "word/document.xml":
                target.writestr(fixed, data)
                continue
            with target.open(fixed, "w") as member:
                position = 0
                for found in _MARKER.finditer(data):
                    member.write(data[position:found.start()])
                    for chunk in template.rows_xml(int(found.group(1)), decision, nsmap):
                        member.write(chunk)
                    position = found.end()
                member.write(data[position:])
    return target_buffer.getvalue()
