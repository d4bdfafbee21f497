"""Turn the font setting into the four font files a PDF embeds: the office's Times New Roman, or the bundled font.

Nghị định 30 asks for Times New Roman, whose licence does not let the project ship it. By default PDFs embed the
bundled Liberation Serif (same metrics, free licence) and the format checker says so with a warning. An office that
owns Times New Roman sets the environment variable VANBAN_FONT_DIR to the folder holding its files (Windows:
C:\\Windows\\Fonts; times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf); the faces are recognised by the names inside
the files, not by the file names.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from ..core.errors import InputError
from ..core.metrics import FONTS_DIR

FONT_DIR_VARIABLE = "VANBAN_FONT_DIR"
BUNDLED_FAMILY = "VanBan Serif"  # the CSS name of the bundled Liberation Serif
FAMILY = "times new roman"
FACES = ("regular", "bold", "italic", "bold_italic")
_BUNDLED = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
            "italic": "LiberationSerif-Italic.ttf", "bold_italic": "LiberationSerif-BoldItalic.ttf"}
_SUBFAMILY = {"regular": "regular", "normal": "regular", "bold": "bold", "italic": "italic",
              "bold italic": "bold_italic", "bolditalic": "bold_italic"}


def pdf_font_files() -> dict[str, Path]:
    """Face ("regular", "bold", "italic", "bold_italic") -> font file the PDF templates embed."""
    folder = os.environ.get(FONT_DIR_VARIABLE, "").strip()
    if not folder:
        return {face: FONTS_DIR / name for face, name in _BUNDLED.items()}
    return _office_fonts(str(Path(folder).expanduser().resolve()))


def pdf_font_urls() -> dict[str, str]:
    """The same files as URLs, for the @font-face rules of the HTML templates (``assets.font.regular`` …), and the
    family name to declare (``assets.font.family``): WeasyPrint names the embedded font after it, so a PDF made with
    the office's files says "Times New Roman" and the bundled one keeps its own name."""
    files = pdf_font_files()
    family = BUNDLED_FAMILY if files["regular"].parent == FONTS_DIR else "Times New Roman"
    return {"family": family, **{face: path.as_uri() for face, path in files.items()}}


@cache
def _office_fonts(folder: str) -> dict[str, Path]:
    from fontTools.ttLib import TTFont, TTLibError  # imported here: only rendering a PDF needs it

    place = Path(folder)
    if not place.is_dir():
        raise InputError(f"{FONT_DIR_VARIABLE} = {folder}: không có thư mục này. Hãy ghi thư mục chứa các tệp phông "
                         "Times New Roman (ví dụ C:\\Windows\\Fonts), hoặc bỏ biến này để dùng phông đi kèm.")
    found: dict[str, Path] = {}
    for path in sorted(place.iterdir()):
        if path.suffix.lower() not in (".ttf", ".otf") or not path.is_file():
            continue
        try:
            names = TTFont(path, lazy=True)["name"]
        except (TTLibError, OSError, KeyError, ValueError):
            continue
        family = (names.getDebugName(16) or names.getDebugName(1) or "").strip().lower()
        style = (names.getDebugName(17) or names.getDebugName(2) or "").strip().lower()
        face = _SUBFAMILY.get(style)
        if family == FAMILY and face is not None:
            found.setdefault(face, path)
    missing = [face for face in FACES if face not in found]
    if missing:
        names = {"regular": "thường", "bold": "đậm", "italic": "nghiêng", "bold_italic": "đậm nghiêng"}
        raise InputError(f"{FONT_DIR_VARIABLE} = {folder}: không tìm thấy phông Times New Roman kiểu "
                         f"{', '.join(names[face] for face in missing)}. Thư mục cần đủ bốn tệp (Windows: times.ttf, "
                         "timesbd.ttf, timesi.ttf, timesbi.ttf), hoặc bỏ biến này để dùng phông đi kèm.")
    return found
