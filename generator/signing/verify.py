"""Turn a signed PDF into a Vietnamese report on each signature and on the decree's rules for electronic documents.

For every signature: role, signer, time (Vietnam time), integrity, whether the document changed after it, the chain
against the trust roots the office configured; then the Nghị định 30 appearance rules: the signer's image centred
between title and name (when the manifest of `vanban build` is beside the file), the seal covering about the left
third of it, and the order signer → organisation (Điều 32.2.d).
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .appearance import SEAL_OVERLAP, Box, seal_overlap_share
from .errors import SigningError
from .pdfa import pdfa_problems
from .sign import (
    FIELD_ORGANISATION,
    FIELD_ORGANISATION_TEXT,
    FIELD_SIGNER,
    MANIFEST,
    ORGANISATION,
    ROLE_NAMES,
    ROLE_OF_FIELD,
    SIGNER,
    vietnam_time,
    widget_placement,
)
from .trust import load_trust_roots

# How far from "about one third" the seal may cover, and from the column's centre the signature may sit (points).
_OVERLAP_TOLERANCE = 0.12
_CENTRE_TOLERANCE = 3.0


@dataclass
class SignatureReport:
    field: str
    role: str | None
    signer: str
    time: str | None
    intact: bool
    changed_after: bool
    change_note: str
    chain: str  # "tin-cay" | "khong-tin-cay" | "chua-kiem-tra"
    chain_note: str
    page: int | None
    box: Box | None
    has_image: bool
    problems: list[str] = field(default_factory=list)
    timestamp: str | None = None  # the RFC 3161 time, Vietnam time, when the signature carries one
    # "du": the file's own certificates and revocation data prove the chain at the timestamp's time, offline
    # (PAdES B-LT); "thieu": some are embedded but not enough; "khong": none; "chua-kiem-tra": no trust roots.
    long_term: str = "khong"

    def as_json(self) -> dict:
        return {
            "truong": self.field, "vai_tro": self.role, "nguoi_ky": self.signer, "thoi_gian": self.time,
            "toan_ven": self.intact, "bi_sua_sau_khi_ky": self.changed_after, "ghi_chu_thay_doi": self.change_note,
            "chuoi_chung_thu": self.chain, "ghi_chu_chuoi": self.chain_note, "trang": self.page,
            "vi_tri": list(self.box.as_tuple()) if self.box else None, "co_hinh_anh": self.has_image,
            "dau_thoi_gian": self.timestamp, "kiem_tra_dai_han": self.long_term, "loi": self.problems,
        }


@dataclass
class Report:
    file: str
    signatures: list[SignatureReport]
    problems: list[str]  # rules of the decree and PDF/A
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems and all(not item.problems for item in self.signatures)

    def as_json(self) -> dict:
        return {"tep": self.file, "dat": self.ok, "chu_ky": [item.as_json() for item in self.signatures],
                "loi": self.problems, "ghi_chu": self.notes}


def verify_pdf(pdf: Path, trust_roots: list[Path] | None = None) -> Report:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    pdf = Path(pdf)
    try:
        data = pdf.read_bytes()
    except OSError as exc:
        raise SigningError(f"Không đọc được {pdf}: {exc.strerror}") from exc
    roots = load_trust_roots(list(trust_roots or []))
    notes = []
    if not roots:
        notes.append("Chưa khai báo chứng thư gốc tin cậy (--tin-cay): chưa kiểm tra chuỗi chứng thư.")
    # pyHanko logs every untrusted path as an English traceback; the report says it in Vietnamese instead.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
        return Report(str(pdf), [], [f"không đọc được cấu trúc PDF: {exc}"], notes)
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as exc:  # noqa: BLE001
            page, box = widget_placement(reader, signature.sig_field)
            reports.append(SignatureReport(signature.field_name, ROLE_OF_FIELD.get(signature.field_name), "?", None,
                                           False, True, f"không kiểm tra được: {exc}", "chua-kiem-tra", "", page,
                                           box, False, [f"chữ ký hỏng, không kiểm tra được ({exc})"]))
            continue
        report = _signature_report(reader, signature, status, bool(roots))
        report.long_term = _long_term(reader, signature, status, roots)
        reports.append(report)
    problems = _rule_problems(pdf, reports)
    if not embedded:
        problems.append("tệp không có chữ ký số nào")
    # PDF/A is how vanban issues documents, not a condition of a valid signature: a note, not a failure.
    notes.extend(f"chưa đúng PDF/A-2b: {item}" for item in pdfa_problems(data))
    return Report(str(pdf), reports, problems, notes)


def _signature_report(reader, signature, status, roots_given: bool) -> SignatureReport:  # noqa: ANN001
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from .keys import common_name

    role = ROLE_OF_FIELD.get(signature.field_name)
    page, box = widget_placement(reader, signature.sig_field)
    intact = bool(status.intact and status.valid)
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        changed, note = False, "không có thay đổi nào sau khi ký"
    elif status.modification_level is not None and status.modification_level <= ModificationLevel.FORM_FILLING \
            and status.docmdp_ok is not False:
        changed, note = False, "sau khi ký chỉ thêm chữ ký số khác (được phép)"
    else:
        changed, note = True, "văn bản bị sửa sau khi ký"
    if not roots_given:
        chain, chain_note = "chua-kiem-tra", "chưa khai báo gốc tin cậy"
    elif status.trusted:
        chain, chain_note = "tin-cay", "chuỗi chứng thư dẫn tới gốc tin cậy đã khai báo"
    else:
        chain, chain_note = "khong-tin-cay", "chuỗi chứng thư không dẫn tới gốc tin cậy nào đã khai báo"
    signer = common_name(status.signing_cert.dump())
    when = vietnam_time(status.signer_reported_dt) if status.signer_reported_dt else None
    problems = []
    if not intact:
        problems.append("chữ ký không còn toàn vẹn: nội dung đã bị thay đổi sau khi ký hoặc chữ ký hỏng")
    if changed:
        problems.append(note)
    if chain == "khong-tin-cay":
        problems.append(chain_note)
    if role is None:
        problems.append(f"trường chữ ký «{signature.field_name}» không rõ vai trò (không do vanban đặt)")
    has_image = _appearance_has_image(signature.sig_field)
    timestamp = None
    if status.timestamp_validity is not None:
        timestamp = vietnam_time(status.timestamp_validity.timestamp)
        if not (status.timestamp_validity.intact and status.timestamp_validity.valid):
            problems.append("dấu thời gian không còn toàn vẹn")
    return SignatureReport(signature.field_name, role, signer, when, intact, changed, note, chain, chain_note, page,
                           box, has_image, problems, timestamp)


def _long_term(reader, signature, status, roots: list) -> str:  # noqa: ANN001 - pyHanko objects
    """Whether the file alone proves the signer's chain when it was signed: validated offline, revocation data
    required, at the timestamp's time, with only the certificates and CRL/OCSP answers the file embeds (DSS)."""
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        store = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return "khong"
    if not roots:
        return "chua-kiem-tra"
    if status.timestamp_validity is None:
        return "thieu"  # without a trusted time, the embedded data proves nothing about the signing moment
    try:
        context = store.as_validation_context({
            "trust_roots": roots, "allow_fetching": False, "revocation_mode": "hard-fail",
            "moment": status.timestamp_validity.timestamp})
        offline = validate_pdf_signature(signature, context)
    except Exception:  # noqa: BLE001 - not enough embedded data is a finding, not a crash
        return "thieu"
    return "du" if offline.trusted and offline.bottom_line else "thieu"


_LONG_TERM_NOTES = {
    "du": "có (PAdES B-LT): tệp tự chứa chứng thư và dữ liệu thu hồi, kiểm tra được lâu dài không cần mạng",
    "thieu": "chưa đủ: dữ liệu nhúng trong tệp chưa chứng minh được chuỗi chứng thư lúc ký (cần --tsa và --ltv khi ký)",
    "khong": "không có (ký kèm --ltv để nhúng)",
    "chua-kiem-tra": "có dữ liệu nhúng; chưa kiểm tra vì chưa khai báo gốc tin cậy",
}


def _appearance_has_image(field) -> bool:  # noqa: ANN001
    widget = field if "/Rect" in field or "/Kids" not in field else field["/Kids"][0].get_object()
    appearance = widget.get("/AP")
    if appearance is None:
        return False
    normal = appearance.get_object().get("/N")
    return normal is not None and _contains_image(normal.get_object(), set())


def _contains_image(stream, seen: set) -> bool:  # noqa: ANN001
    resources = stream.get("/Resources")
    if resources is None:
        return False
    xobjects = resources.get_object().get("/XObject")
    for reference in (xobjects.get_object() if xobjects is not None else {}).values():
        key = getattr(reference, "idnum", None)
        if key in seen:
            continue
        seen.add(key)
        item = reference.get_object()
        if item.get("/Subtype") == "/Image" or (item.get("/Subtype") == "/Form" and _contains_image(item, seen)):
            return True
    return False


def _rule_problems(pdf: Path, reports: list[SignatureReport]) -> list[str]:
    """Nghị định 30: order (Điều 32.2.d), one signature per role, image placement (Phụ lục I, II.7.d and II.8.a)."""
    problems = []
    roles = [item.role for item in reports]
    for role in (SIGNER, ORGANISATION):
        if roles.count(role) > 1:
            problems.append(f"có {roles.count(role)} chữ ký số của {ROLE_NAMES[role]}; mỗi vai trò chỉ ký một lần")
    fields = [item.field for item in reports]
    if FIELD_ORGANISATION in fields:
        if FIELD_SIGNER not in fields:
            problems.append("có chữ ký số của cơ quan, tổ chức nhưng không có chữ ký của người có thẩm quyền "
                            "(Nghị định 30, Điều 32, khoản 2, điểm d)")
        elif fields.index(FIELD_ORGANISATION) < fields.index(FIELD_SIGNER):
            problems.append("cơ quan, tổ chức ký trước người có thẩm quyền; đúng thứ tự là người có thẩm quyền ký "
                            "trước (Nghị định 30, Điều 32, khoản 2, điểm d)")
    signer = next((item for item in reports if item.field == FIELD_SIGNER), None)
    seal = next((item for item in reports if item.field == FIELD_ORGANISATION), None)
    if signer is not None:
        if not signer.has_image:
            problems.append("chữ ký của người có thẩm quyền không có hình ảnh chữ ký (Phụ lục I, mục II.7.d)")
        block = _manifest_block(pdf)
        if block is not None and signer.box is not None:
            problems.extend(_signer_position_problems(signer, block))
    if seal is not None:
        if not seal.has_image:
            problems.append("chữ ký số của cơ quan, tổ chức không có hình ảnh con dấu (Phụ lục I, mục II.8.a)")
        if signer is not None and signer.box is not None and seal.box is not None:
            share = seal_overlap_share(signer.box, seal.box)
            if signer.page != seal.page or abs(share - SEAL_OVERLAP) > _OVERLAP_TOLERANCE \
                    or seal.box.x0 > signer.box.x0:
                problems.append(f"con dấu phải trùm lên khoảng 1/3 hình ảnh chữ ký về bên trái (Phụ lục I, mục "
                                f"II.8.a); đang trùm {share:.0%}")
    text = next((item for item in reports if item.field == FIELD_ORGANISATION_TEXT), None)
    if text is not None and (text.page != 1 or text.box is None):
        problems.append("chữ ký số của cơ quan trên văn bản kèm theo phải ở góc trên bên phải trang đầu "
                        "(Phụ lục I, mục II.8.b)")
    return problems


def _manifest_block(pdf: Path) -> dict | None:
    try:
        entries = json.loads((pdf.parent / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError):
        return None
    for entry in entries:
        if Path(entry.get("path", "")).name == pdf.name:
            return entry.get("chu_ky")
    return None


def _signer_position_problems(signer: SignatureReport, block: dict) -> list[str]:
    box = signer.box
    centre_x = (float(block["cot_trai"]) + float(block["cot_phai"])) / 2
    problems = []
    if signer.page != int(block["trang"]):
        problems.append(f"hình ảnh chữ ký ở trang {signer.page}, khối chữ ký ở trang {block['trang']}")
    if abs(box.centre[0] - centre_x) > _CENTRE_TOLERANCE or box.y1 > float(block["duoi_chuc_vu"]) + 0.5 \
            or box.y0 < float(block["tren_ho_ten"]) - 0.5:
        problems.append("hình ảnh chữ ký phải đặt canh giữa chức vụ và họ tên người ký (Phụ lục I, mục II.7.d)")
    return problems


def describe(report: Report) -> list[str]:
    """The report as lines of Vietnamese text for the terminal."""
    lines = [f"Tệp {report.file}: {len(report.signatures)} chữ ký số."]
    for number, item in enumerate(report.signatures, start=1):
        role = ROLE_NAMES.get(item.role, "không rõ vai trò") if item.role else "không rõ vai trò"
        lines.append(f"  {number}. {role.capitalize()}: {item.signer}")
        lines.append(f"     thời gian ký: {item.time or 'không ghi'} (giờ Việt Nam)")
        if item.timestamp:
            lines.append(f"     dấu thời gian RFC 3161: {item.timestamp}")
        lines.append(f"     toàn vẹn: {'có' if item.intact else 'KHÔNG'}; thay đổi sau khi ký: {item.change_note}")
        lines.append(f"     chuỗi chứng thư: {item.chain_note}")
        lines.append(f"     dữ liệu kiểm tra dài hạn: {_LONG_TERM_NOTES[item.long_term]}")
        if item.page is not None:
            lines.append(f"     hình ảnh: {'có' if item.has_image else 'không'}, trang {item.page}")
        lines.extend(f"     LỖI: {problem}" for problem in item.problems)
    lines.extend(f"  LỖI: {problem}" for problem in report.problems)
    lines.extend(f"  Lưu ý: {note}" for note in report.notes)
    lines.append("Kết quả: ĐẠT." if report.ok else "Kết quả: KHÔNG ĐẠT.")
    return lines
