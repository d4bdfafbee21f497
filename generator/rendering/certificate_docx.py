"""Turn certificates into one Word file, a page each, from templates/giay-khen/template.docx, in chunks.

docxtpl renders the template's body with Jinja; rendering ten thousand certificates at once would hold the whole
document several times over (the Jinja output, docxtpl's regular-expression passes, an lxml tree). So the body is
rendered chunk by chunk (in the worker processes that draw the PDF pages) and only the pages' XML is kept: the
template's certificate loop starts the body, so a chunk renders as ``prefix + pages + suffix``, where ``prefix +
suffix`` is what the same template renders for no certificate at all. The pages are then joined into the template's
package, written with fixed zip dates so that two builds are byte-identical. The page size and the decorations come
from the stock profile, as in the PDF (certificate_word_layout.py).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import jinja2

from ..core.errors import TemplateError
from .certificate_profile import Profile
from .certificate_word_layout import HEADER_PART, decorations_header, page_setup, with_header_part
from .docx_symbols import keep_symbols_whole_xml
from .environment import undefined_text
from .sandbox import SandboxViolation
from .syntax import docx_syntax_message
from .zip_members import fixed_member

_BODY = re.compile(rb"<w:body\b[^>]*>.*</w:body>", re.S)


class CertificateDocx:
    """The template prepared once; ``pages`` renders a chunk, ``document`` assembles the file."""

    def __init__(self, template_path: Path, env: jinja2.Environment, profile: Profile) -> None:
        from docxtpl import DocxTemplate  # imported here: only the full design needs it

        self.path = template_path
        self.env = env
        self.profile = profile
        self.template = DocxTemplate(str(template_path))
        self.template.render_init()
        self.source = self.template.patch_xml(self.template.get_xml())
        empty = self._render([])
        # The body of the empty render is "<w:body …>" + the rest of the template after the loop + "</w:body>".
        self.prefix = empty[:empty.index(">") + 1]
        self.suffix = empty[len(self.prefix):]

    def _render(self, views: list) -> str:
        template = self.template
        try:
            rendered = template.render_xml_part(self.source, template.docx._part,
                                                {"certificates": views}, self.env)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(docx_syntax_message(self.env, exc, Path(self.path))) from exc
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"{self.path}: {undefined_text(exc)}") from exc
        except SandboxViolation as exc:
            raise SandboxViolation(f"{self.path}, {exc.message}") from None
        return keep_symbols_whole_xml(rendered)  # "05/QĐ-UBND" never breaks at its hyphen

    def pages(self, views: list) -> bytes:
        """The XML of the pages of ``views`` (body elements, without the template's closing part), UTF-8, deflated.

        Bytes rather than text: Vietnamese makes Python store text at two bytes a character, twice UTF-8; deflated
        because the build holds every chunk until ``document``: 50.000 certificates are ~14 KiB of XML each.
        """
        rendered = self._render(views)
        if not (rendered.startswith(self.prefix) and rendered.endswith(self.suffix)):
            raise TemplateError(f"{self.path}: vòng lặp {{%p for c in certificates %}} phải là đoạn đầu tiên của "
                                "mẫu, và không có gì sau {%p endfor %} phụ thuộc vào danh sách giấy khen.")
        return zlib.compress(rendered[len(self.prefix):len(rendered) - len(self.suffix)].encode("utf-8"), 1)

    def document(self, page_chunks: list[bytes]) -> bytes:
        """The finished .docx: the template's package with its body replaced by all the pages, in order."""
        output = io.BytesIO()
        with zipfile.ZipFile(self.path) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename != "word/document.xml":
                    _write(target, info.filename, with_header_part(info.filename, data))
                    continue
                match = _BODY.search(data)
                if match is None:
                    raise TemplateError(f"{self.path}: word/document.xml không có phần thân <w:body>")
                closing = page_setup(self.suffix, self.profile)  # the profile's sheet and decorations
                fixed = fixed_member(info.filename)
                # Written a chunk at a time (the same bytes as one write): never the whole body in memory.
                with target.open(fixed, "w") as member:
                    member.write(data[:match.start()] + self.prefix.encode("utf-8"))
                    for chunk in page_chunks:
                        member.write(zlib.decompress(chunk))
                    member.write(closing.encode("utf-8") + data[match.end():])
            _write(target, HEADER_PART, decorations_header(self.profile))
        return output.getvalue()


def _write(target: zipfile.ZipFile, name: str, data: bytes) -> None:
    target.writestr(fixed_member(name), data)
