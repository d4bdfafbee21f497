"""Turn the document's signature block (from the manifest) and the PNG images into the two widgets' rectangles.

Nghị định 30/2020/NĐ-CP, Phụ lục I:
- mục II.7.d (ô 7c): the signer's image is the handwritten signature, blue, PNG with a transparent background,
  "đặt canh giữa chức vụ của người ký và họ tên người ký";
- mục II.8.a (ô 8): the organisation's image is the seal, red, "kích thước bằng kích thước thực tế của con dấu",
  PNG with a transparent background, "trùm lên khoảng 1/3 hình ảnh chữ ký số của người có thẩm quyền về bên trái";
- mục II.8.b and Phần II (ô 14): attachments in a separate file and electronic copies carry no image but a text
  block at the top right of the first page, Times New Roman 10 pt, upright, black.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import SigningError

MM = 72 / 25.4  # points per millimetre
# The signature image fills at most this share of the room between the title lines and the name.
_SIGNATURE_SHARE_OF_GAP = 0.85
_SIGNATURE_SHARE_OF_COLUMN = 0.8
# "khoảng 1/3": the seal's right edge sits at one third of the signature image's width.
SEAL_OVERLAP = 1 / 3
# The text block of attachments and copies: inside the top margin, flush with the right margin (15 mm).
_TEXT_BLOCK_WIDTH = 62 * MM
_TEXT_BLOCK_RIGHT = 15 * MM
_TEXT_BLOCK_TOP = 6 * MM
TEXT_LEADING = 13


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF user space (points, origin bottom left)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2))


def load_png(path: Path, what: str):  # noqa: ANN201 - PIL.Image.Image
    """The image, refused unless it is a PNG with a transparent background as the decree asks."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(path)
        image.load()
    except FileNotFoundError as exc:
        raise SigningError(f"Không thấy tệp ảnh {what} {path}.") from exc
    except (UnidentifiedImageError, OSError) as exc:
        raise SigningError(f"Tệp {path} không phải ảnh đọc được ({what}).") from exc
    if image.format != "PNG":
        raise SigningError(f"Ảnh {what} {path} phải là tệp .png nền trong suốt (Nghị định 30, Phụ lục I), đang là "
                           f"{image.format}.")
    if image.mode not in ("RGBA", "LA") and "transparency" not in image.info:
        raise SigningError(f"Ảnh {what} {path} không có nền trong suốt (kênh alpha); Nghị định 30 yêu cầu ảnh .png "
                           f"nền trong suốt. Xuất lại ảnh có nền trong suốt.")
    return image.convert("RGBA")


def signature_box(block: dict, image_size: tuple[int, int]) -> Box:
    """Centred in the signer column, centred between the last title line and the name (ô 7c)."""
    top, bottom = float(block["duoi_chuc_vu"]), float(block["tren_ho_ten"])
    left, right = float(block["cot_trai"]), float(block["cot_phai"])
    aspect = image_size[0] / image_size[1]
    height = (top - bottom) * _SIGNATURE_SHARE_OF_GAP
    width = height * aspect
    if width > (right - left) * _SIGNATURE_SHARE_OF_COLUMN:
        width = (right - left) * _SIGNATURE_SHARE_OF_COLUMN
        height = width / aspect
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return Box(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)


def seal_size(image, diameter_mm: float | None, path: Path) -> tuple[float, float]:  # noqa: ANN001 - PIL image
    """The seal's real size in points: from --duong-kinh-dau, else from the PNG's own resolution (DPI)."""
    width_px, height_px = image.size
    if diameter_mm is not None:
        width = diameter_mm * MM
        return width, width * height_px / width_px
    dpi = image.info.get("dpi")
    if not dpi or not dpi[0] or not dpi[1]:
        raise SigningError(f"Ảnh con dấu {path} không ghi độ phân giải (DPI) nên không biết kích thước thật; ghi "
                           f"đường kính thật của con dấu bằng --duong-kinh-dau <mm> (ví dụ 36).")
    return width_px / float(dpi[0]) * 72, height_px / float(dpi[1]) * 72


def seal_box(signature: Box, size: tuple[float, float]) -> Box:
    """The seal's right edge at one third of the signature image from its left; centred on it vertically (ô 8)."""
    width, height = size
    right = signature.x0 + signature.width * SEAL_OVERLAP
    cy = signature.centre[1]
    return Box(right - width, cy - height / 2, right, cy + height / 2)


def text_block_box(page_width: float, page_height: float, lines: int) -> Box:
    """Top right of the first page, inside the margins' corner (mục II.8.b; Phần II ô 14)."""
    height = (lines + 1) * TEXT_LEADING + 4  # pyHanko sets the first baseline one leading below the top
    right = page_width - _TEXT_BLOCK_RIGHT
    top = page_height - _TEXT_BLOCK_TOP
    return Box(right - _TEXT_BLOCK_WIDTH, top - height, right, top)


def seal_overlap_share(signature: Box, seal: Box) -> float:
    """How much of the signature image's width the seal covers (0 when they do not meet)."""
    horizontal = min(signature.x1, seal.x1) - max(signature.x0, seal.x0)
    vertical = min(signature.y1, seal.y1) - max(signature.y0, seal.y0)
    if horizontal <= 0 or vertical <= 0:
        return 0.0
    return horizontal / signature.width
