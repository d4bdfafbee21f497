"""Turn the variable tables of rendering/fields.py into the reference maintainers read (fields command, guide)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..core.errors import InputError, TemplateError
from ..rendering.environment import BUILTIN_TEMPLATES, make_environment
from ..rendering.fields import COVERING_BODY, SECTIONS, TABLES
from ..rendering.template_folders import find_template
from .analysis import CERTIFICATE_DOCX, CERTIFICATE_WORDING, TemplateFinding, docx_source, html_sources, used_names


def fields_text(kind: str) -> str:
    """`vanban templates fields KIND`: each table of the kind under the files it serves (cong-van has two)."""
    if kind not in SECTIONS:
        raise InputError(f"Không có loại văn bản «{kind}»; chọn một trong: {', '.join(SECTIONS)}.")
    blocks = []
    for table, files in SECTIONS[kind]:
        width = max(len(path) for path in TABLES[table])
        lines = [f"Biến của {files}:"]
        lines += [f"  {path.ljust(width)}  {description}" for path, description in TABLES[table].items()]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def template_variables(template_dirs: tuple[Path, ...] = (BUILTIN_TEMPLATES,)) -> list[tuple[str, str, set[str]]]:
    """(file, its variable table, the names it reads) for every template with variables: what the guide must list.

    A name a template defines itself (loop variable, {% set %}, macro and its parameters) is not counted; nor, for
    template.docx of giay-khen, a c.texts.<field> whose field is a macro of loi-van.j2 (a field an office added).
    Files that do not parse are left out: lint reports them.
    """
    env = make_environment(template_dirs)
    ignored: list[TemplateFinding] = []
    result = []
    for kind in ("quyet-dinh", "cong-van"):
        for filename, tree in html_sources(env, f"{kind}/template.html", ignored):
            result.append((filename, kind, used_names(tree)))
    for name in (COVERING_BODY, CERTIFICATE_WORDING):
        for filename, tree in html_sources(env, name, ignored)[:1]:
            result.append((filename, name if name == COVERING_BODY else "giay-khen", used_names(tree)))
    macros = {node.name for _, tree in html_sources(env, CERTIFICATE_WORDING, ignored)
              for node in tree.find_all(nodes.Macro)}
    for relative, table, extra in (("quyet-dinh/template.docx", "quyet-dinh", set()),
                                   ("cong-van/template.docx", "cong-van", set()),
                                   (CERTIFICATE_DOCX, "giay-khen", macros)):
        try:
            tree = env.parse(docx_source(find_template(template_dirs, relative)))
        except (TemplateError, jinja2.TemplateSyntaxError):
            continue
        result.append((relative, table, used_names(tree) - extra))
    return result


GUIDE = BUILTIN_TEMPLATES / "README.md"
_GUIDE_MARK = re.compile(r"(<!-- bien: (?P<kind>[\w./-]+) -->\n).*?(<!-- het bien -->)", re.S)


def variables_table(table: str) -> str:
    """The guide's table of one variable table (a kind, or a text template), generated from rendering/fields.py."""
    lines = ["| Biến | Ý nghĩa |", "|---|---|"]
    # "\|" keeps a filter's bar inside a Markdown table cell (as in the guide's table of filters).
    lines += [f"| `{path}` | {description.replace('|', chr(92) + '|')} |"
              for path, description in TABLES[table].items()]
    return "\n".join(lines) + "\n"


def refreshed_guide(text: str) -> str:
    """templates/README.md with every variables table regenerated (python tools/update_templates_guide.py)."""
    return _GUIDE_MARK.sub(lambda m: m.group(1) + variables_table(m.group("kind")) + m.group(3), text)
