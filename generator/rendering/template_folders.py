"""Turn an office's template folder into the stack of folders templates are looked up in, and a name into its file.

The office's folder comes first (its files win), the built-in templates behind it: an office keeps only the files it
changed, and an upgrade of vanban never overwrites them.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError, TemplateError

BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def template_dirs_for(override: Path | None) -> tuple[Path, ...]:
    """An office's folder first (its files win), the built-in templates behind it."""
    if override is None:
        return (BUILTIN_TEMPLATES,)
    if not Path(override).is_dir():
        raise InputError(f"Không tìm thấy thư mục mẫu «{override}».")
    return (Path(override).resolve(), BUILTIN_TEMPLATES)


def find_template(template_dirs: tuple[Path, ...], name: str) -> Path:
    for folder in template_dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise TemplateError(f"Không tìm thấy mẫu {name} trong: {', '.join(str(d) for d in template_dirs)}")
