"""Turn an issued PDF into a signed one: the signer's PAdES signature first, then the organisation's (Điều 32.2.d).

Signing writes an incremental update (the unsigned bytes stay as they were, so PDF/A identification and earlier
signatures survive) into a temporary file renamed over the original only once everything succeeded. A record of
each signature (who, role, when, SHA-256 of the signed file) goes into a JSON sidecar for the register.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from .appearance import TEXT_LEADING, Box, load_png, seal_box, seal_size, signature_box, text_block_box
from .errors import SigningError
from .keys import KeyMaterial, pss_refused

VIETNAM = timezone(timedelta(hours=7), "ICT")  # Vietnam keeps UTC+07:00 all year (no daylight saving)

SIGNER, ORGANISATION = "nguoi-ky", "co-quan"
ROLES = (SIGNER, ORGANISATION)
# Field names tell the roles apart when verifying; ASCII so every reader shows them.
FIELD_SIGNER, FIELD_ORGANISATION, FIELD_ORGANISATION_TEXT = "NguoiKy", "CoQuan", "CoQuanVanBanKem"
ROLE_OF_FIELD = {FIELD_SIGNER: SIGNER, FIELD_ORGANISATION: ORGANISATION, FIELD_ORGANISATION_TEXT: ORGANISATION}
ROLE_NAMES = {SIGNER: "người có thẩm quyền", ORGANISATION: "cơ quan, tổ chức"}
SIDECAR_SUFFIX = ".chu-ky.json"
MANIFEST = "manifest.json"
# Liberation Serif has Times New Roman's metrics and ships with the templates; embedded so PDF/A stays valid.
TEXT_FONT = Path(__file__).resolve().parents[2] / "templates" / "_shared" / "fonts" / "LiberationSerif-Regular.ttf"


@dataclass(frozen=True)
class TextBlock:
    """The image-less organisation signature of an attachment or a copy: its lines, then the signing time."""

    lines: tuple[str, ...]


def vietnam_time(moment: datetime) -> str:
    """ISO 8601 with the +07:00 offset, to the second, as mục II.8.b asks."""
    return moment.astimezone(VIETNAM).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ExistingSignature:
    field: str
    role: str | None
    page: int | None  # from 1
    box: Box | None


def existing_signatures(data: bytes) -> list[ExistingSignature]:
    """The signatures already in the file, in signing order, with their widget rectangles."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    found = []
    for embedded in reader.embedded_signatures:
        page, box = widget_placement(reader, embedded.sig_field)
        found.append(ExistingSignature(embedded.field_name, ROLE_OF_FIELD.get(embedded.field_name), page, box))
    return found


def widget_placement(reader, field) -> tuple[int | None, Box | None]:  # noqa: ANN001 - pyHanko objects
    """(page number from 1, rectangle) of a signature field's widget."""
    widget = field
    if "/Rect" not in widget and "/Kids" in widget:
        widget = widget["/Kids"][0].get_object()
    if "/Rect" not in widget:
        return None, None
    rect = [float(value) for value in widget["/Rect"]]
    box = Box(min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
    for number, page in enumerate(pages(reader), start=1):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if "/Rect" in annot and [float(value) for value in annot["/Rect"]] == rect and \
                    _field_name(annot) == _field_name(field):
                return number, box
    return None, box


def _field_name(node) -> str | None:  # noqa: ANN001
    while node is not None:
        if "/T" in node:
            return str(node["/T"])
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return None


def pages(reader) -> list:  # noqa: ANN001 - a pyHanko reader
    """Every page dictionary in order, walking the page tree."""
    found = []

    def walk(node) -> None:  # noqa: ANN001
        node = node.get_object()
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in node["/Kids"]:
                walk(kid)
        else:
            found.append(node)

    walk(reader.root["/Pages"])
    return found


def check_order(existing: list[ExistingSignature], role: str, text_block: TextBlock | None, file: str) -> None:
    """Điều 32.2.d: the authorised person signs first, the organisation after; each role signs once."""
    roles = [item.role for item in existing]
    if role in roles:
        raise SigningError(f"{file} đã có chữ ký số của {ROLE_NAMES[role]}; mỗi vai trò chỉ ký một lần. Không ký "
                           f"thêm (tệp giữ nguyên).")
    if role == SIGNER and ORGANISATION in roles:
        raise SigningError(f"{file} đã có chữ ký số của cơ quan, tổ chức; người có thẩm quyền phải ký trước "
                           f"(Nghị định 30, Điều 32). Lập lại văn bản rồi ký đúng thứ tự.")
    if role == ORGANISATION and text_block is None and SIGNER not in roles:
        raise SigningError(f"{file} chưa có chữ ký số của người có thẩm quyền; văn thư chỉ ký số của cơ quan, tổ "
                           f"chức sau khi người có thẩm quyền đã ký (Nghị định 30, Điều 32, khoản 2, điểm d).")
    if any(item.role is None for item in existing):
        others = ", ".join(item.field for item in existing if item.role is None)
        raise SigningError(f"{file} có chữ ký số không do vanban đặt (trường {others}); không ký chồng lên.")


def _signer_intact(data: bytes, file: str) -> None:
    """The organisation signs only what the signer signed: the signer's signature must still cover it intact."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    for embedded in reader.embedded_signatures:
        if embedded.field_name == FIELD_SIGNER:
            # Integrity only: whether the chain is trusted is `vanban verify`'s question, with the office's roots.
            logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
            status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[]))
            if not status.intact or not status.valid:
                raise SigningError(f"Chữ ký số của người có thẩm quyền trong {file} không còn nguyên vẹn; cơ quan, "
                                   f"tổ chức không ký văn bản này. Kiểm tra bằng: vanban verify {file}")


def layout_from_manifest(pdf: Path) -> dict:
    """The signature block recorded by `vanban build` for this file (manifest.json in the same folder)."""
    manifest = pdf.parent / MANIFEST
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except FileNotFoundError as exc:
        raise SigningError(f"Không thấy {manifest}: vanban cần vị trí khối chữ ký ghi khi lập văn bản. Ký tệp "
                           f"trong thư mục kết quả của vanban build.") from exc
    except (OSError, ValueError) as exc:
        raise SigningError(f"Không đọc được {manifest}: {exc}") from exc
    for entry in entries:
        if Path(entry.get("path", "")).name == pdf.name and "chu_ky" in entry:
            return entry["chu_ky"]
    raise SigningError(f"{manifest} không ghi vị trí khối chữ ký của {pdf.name}; lập lại bằng vanban build (bản "
                       f"mới ghi mục chu_ky) rồi ký.")


def _image_style(image):  # noqa: ANN001, ANN202 - PIL image -> pyHanko stamp style
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    fill = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                      y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins.uniform(0),
                                      inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)
    return StaticStampStyle(background=PdfImage(image), background_opacity=1.0, border_width=0,
                            background_layout=fill)


_font_1000: Path | None = None


def _text_font() -> Path:
    """The text font with 1000 units per em: pyHanko writes glyph widths (/W) in font units unscaled, which is only
    right for 1000-unit fonts; Liberation Serif has 2048, so its text would be spread to twice its width."""
    global _font_1000
    if _font_1000 is None or not _font_1000.is_file():
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        font = TTFont(str(TEXT_FONT))
        scale_upem(font, 1000)
        handle, name = tempfile.mkstemp(prefix="vanban-phong-", suffix=".ttf")
        os.close(handle)
        font.save(name)
        _font_1000 = Path(name)
    return _font_1000


def _text_style(lines: tuple[str, ...]):  # noqa: ANN202 - pyHanko stamp style
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import Margins
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # subsetting notes about tables it drops
    escaped = "\n".join(line.replace("%", "%%") for line in lines) + "\n%(thoi_gian)s"
    style = TextBoxStyle(font=GlyphAccumulatorFactory(str(_text_font())), font_size=10, leading=TEXT_LEADING,
                         text_color=(0, 0, 0))
    return TextStampStyle(stamp_text=escaped, text_box_style=style, border_width=0, background=None,
                          inner_content_layout=_text_layout(Margins))


def _text_layout(margins):  # noqa: ANN001, ANN202
    from pyhanko.pdf_utils import layout

    # Right-aligned in its box, no padding, never scaled: the text stays 10 pt as mục II.8.b asks.
    return layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MAX,
                                      margins=margins.uniform(0), inner_content_scaling=layout.InnerScaling.NO_SCALING)


def sign_pdf(pdf: Path, role: str, key: KeyMaterial, image: Path | None = None, text_block: TextBlock | None = None,
             seal_diameter_mm: float | None = None, layout: dict | None = None, tsa_url: str | None = None,
             ltv_roots: list[Path] | None = None) -> dict:
    """Sign ``pdf`` in place as ``role``; returns the signature record also appended to the JSON sidecar.

    ``tsa_url``: an RFC 3161 timestamping service; the signature then carries a trusted time (PAdES B-T).
    ``ltv_roots``: trust roots to validate the signer's (and the timestamp's) chain against at signing time; the
    certificates and the revocation data (CRL, OCSP) fetched for it are embedded, so that the signature can be
    checked years later without the network (PAdES B-LT). Needs ``tsa_url``.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    pdf = Path(pdf)
    file = str(pdf)
    if role not in ROLES:
        raise SigningError(f"Vai trò «{role}» không có; chỉ nhận: {', '.join(ROLES)}.")
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise SigningError(f"Không đọc được {file}: {exc.strerror}") from exc
    if not data.startswith(b"%PDF"):
        raise SigningError(f"{file} không phải tệp PDF.")
    check_ltv_options(tsa_url, ltv_roots)
    validation = _validation_context(ltv_roots) if ltv_roots else None
    if text_block is not None and role != ORGANISATION:
        raise SigningError("Văn bản kèm theo và bản sao chỉ mang chữ ký số của cơ quan, tổ chức (--vai-tro co-quan).")
    try:
        existing = existing_signatures(data)
    except Exception as exc:  # noqa: BLE001 - a damaged file, said in Vietnamese
        raise SigningError(f"Không đọc được cấu trúc PDF của {file}: {exc}") from exc
    check_order(existing, role, text_block, file)
    if role == ORGANISATION and text_block is None:
        _signer_intact(data, file)

    moment = datetime.now(UTC).replace(microsecond=0)
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    _keep_info_equal_to_xmp(writer)
    text_params = None
    if text_block is not None:
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        media = [float(value) for value in page["/MediaBox"]]
        box = text_block_box(media[2] - media[0], media[3] - media[1], len(text_block.lines) + 1)
        page_index, field_name, style = 0, FIELD_ORGANISATION_TEXT, _text_style(text_block.lines)
        text_params = {"thoi_gian": vietnam_time(moment)}
    else:
        if image is None:
            what = "chữ ký (--anh chu-ky.png)" if role == SIGNER else "con dấu (--anh con-dau.png)"
            raise SigningError(f"Cần ảnh {what} để đặt hình ảnh chữ ký số theo Nghị định 30, Phụ lục I.")
        what = "chữ ký" if role == SIGNER else "con dấu"
        picture = load_png(Path(image), what)
        block = layout if layout is not None else layout_from_manifest(pdf)
        if role == SIGNER:
            box = signature_box(block, picture.size)
            page_index, field_name = int(block["trang"]) - 1, FIELD_SIGNER
        else:
            signer_sig = next(item for item in existing if item.role == SIGNER)
            if signer_sig.box is None or signer_sig.page is None:
                raise SigningError(f"Không tìm thấy vị trí hình ảnh chữ ký của người có thẩm quyền trong {file}.")
            box = seal_box(signer_sig.box, seal_size(picture, seal_diameter_mm, Path(image)))
            page_index, field_name = signer_sig.page - 1, FIELD_ORGANISATION
        style = _image_style(picture)

    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=("Người có thẩm quyền ký ban hành" if role == SIGNER else "Cơ quan, tổ chức ký số (văn thư)"),
        name=key.subject_name, embed_validation_info=validation is not None, validation_context=validation)
    field_spec = fields.SigFieldSpec(field_name, on_page=page_index, box=box.as_tuple())
    timestamper = None
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url, timeout=30)
    pdf_signer = signers.PdfSigner(meta, signer=key.signer, stamp_style=style, new_field_spec=field_spec,
                                   timestamper=timestamper)
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=output, appearance_text_params=text_params)
    except Exception as exc:  # noqa: BLE001 - token and library failures, said in Vietnamese
        if validation is not None and _mentions(exc, ("PathValidationError", "PathBuildingError",
                                                      "InsufficientRevinfoError", "RevokedError", "ExpiredError")):
            raise _validation_failure(exc, file) from exc
        if tsa_url and _mentions(exc, ("TimestampRequestError", "ConnectionError", "Timeout", "HTTPError")):
            raise SigningError(f"Không lấy được dấu thời gian từ {tsa_url}: {exc}. Kiểm tra địa chỉ và kết nối "
                               f"mạng, hoặc ký không kèm dấu thời gian (bỏ --tsa). {file} giữ nguyên.") from exc
        raise _signing_failure(exc, key, file) from exc
    signed = output.getvalue()
    _replace(pdf, signed)
    record = signature_record(pdf, role, key, moment, signed)
    _append_sidecar(pdf, record)
    return record


def check_ltv_options(tsa_url: str | None, ltv_roots: list[Path] | None) -> None:
    """B-LT builds on B-T, and on a chain to a trust root: said before the key's PIN is asked."""
    if ltv_roots is None:
        return
    if not tsa_url:
        raise SigningError("Nhúng dữ liệu kiểm tra dài hạn (--ltv, PAdES B-LT) cần dấu thời gian: thêm --tsa <địa chỉ "
                           "dịch vụ cấp dấu thời gian>.")
    if not ltv_roots:
        raise SigningError("Nhúng dữ liệu kiểm tra dài hạn (--ltv) cần chứng thư gốc tin cậy để dựng chuỗi chứng thư: "
                           "thêm --tin-cay <tệp .pem/.cer của CA gốc>.")
    from .trust import load_trust_roots

    load_trust_roots(ltv_roots)  # a missing or broken file is said now


def _validation_context(roots: list[Path]):  # noqa: ANN202 - pyhanko_certvalidator.ValidationContext
    """Fetching allowed (the CRL and OCSP addresses the certificates name), revocation required: what is embedded
    must prove the certificates were good when signed."""
    from pyhanko_certvalidator import ValidationContext

    from .trust import load_trust_roots

    return ValidationContext(trust_roots=load_trust_roots(roots), allow_fetching=True, revocation_mode="hard-fail")


def _validation_failure(exc: BaseException, file: str) -> SigningError:
    """Why the chain could not be validated for --ltv, in Vietnamese; the file stays as it was."""
    names = _exception_names(exc)
    cause = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__
    detail = str(cause).strip() or type(cause).__name__
    if "RevokedError" in names:
        why = "chứng thư số đã bị thu hồi theo danh sách thu hồi (CRL/OCSP) của CA; không ký bằng chứng thư này"
    elif "ExpiredError" in names:
        why = "chứng thư số (hoặc chứng thư của CA) đã hết hạn"
    elif "InsufficientRevinfoError" in names:
        why = ("không lấy được dữ liệu thu hồi (CRL/OCSP) mà chứng thư chỉ tới; kiểm tra kết nối mạng, hoặc ký không "
               "kèm --ltv")
    else:
        why = "chuỗi chứng thư không dẫn tới gốc tin cậy đã khai báo (--tin-cay); kiểm tra tệp gốc tin cậy"
    return SigningError(f"Không nhúng được dữ liệu kiểm tra dài hạn (PAdES B-LT) vào {file}: {why} ({detail}). "
                        f"{file} giữ nguyên.")


def _exception_names(exc: BaseException) -> set[str]:
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    return {cls.__name__ for item in chain for cls in type(item).__mro__}


def _mentions(exc: BaseException, names: tuple[str, ...]) -> bool:
    return bool(_exception_names(exc) & set(names))


def _keep_info_equal_to_xmp(writer) -> None:  # noqa: ANN001 - pyHanko's incremental writer
    """PDF/A-2 wants /Info and XMP to agree; pyHanko writes its name alone as XMP pdf:Producer but appends it to the
    /Info Producer. Giving /Info the same value first keeps the two equal in the signed revision."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    info = getattr(writer, "_info", None)
    if info is None:
        return
    info.get_object()["/Producer"] = generic.TextStringObject(VENDOR)
    writer.mark_update(info)


def _signing_failure(exc: BaseException, key: KeyMaterial, file: str) -> SigningError:
    names = _exception_names(exc)
    if names & {"MechanismInvalid", "KeyFunctionNotPermitted", "MechanismParamInvalid", "FunctionNotSupported"}:
        return SigningError(pss_refused(key.source))
    if names & {"PinIncorrect", "UserNotLoggedIn", "PinExpired"}:
        return SigningError(f"{key.source} từ chối đăng nhập khi ký {file}; vanban không thử lại. Kiểm tra PIN.")
    return SigningError(f"Ký {file} bằng {key.source} không thành công: {exc}. Tệp giữ nguyên.")


def _replace(pdf: Path, data: bytes) -> None:
    """Write next to the file, then rename over it: a failure never leaves half a signed file."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{pdf.name}.dang-ky-", dir=pdf.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, pdf)
    except OSError as exc:
        raise SigningError(f"Không ghi được {pdf}: {exc.strerror or exc}. Tệp giữ nguyên.") from exc


def signature_record(pdf: Path, role: str, key: KeyMaterial, moment: datetime, signed: bytes) -> dict:
    """What the register keeps of one signature: who, in which role, when, and the signed file's SHA-256."""
    return {
        "tep": pdf.name,
        "vai_tro": role,
        "nguoi_ky": key.subject_name,
        "van_tay_chung_thu": key.fingerprint,
        "thoi_gian": vietnam_time(moment),
        "sha256": hashlib.sha256(signed).hexdigest(),
    }


def sidecar_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + SIDECAR_SUFFIX)


def signature_records(pdf: Path) -> list[dict]:
    """Every signature record vanban wrote for ``pdf``, oldest first (what the register will take over)."""
    path = sidecar_path(Path(pdf))
    if not path.is_file():
        return []
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return []
    return records if isinstance(records, list) else []


def _append_sidecar(pdf: Path, record: dict) -> None:
    # The register (another part of vanban) will take these records over; until then they live beside the file.
    path = sidecar_path(pdf)
    records = signature_records(pdf)
    records.append(record)
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
