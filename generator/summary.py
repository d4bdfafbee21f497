"""Turn a checked session into the summary a secretary reads (text) or a machine reads (JSON)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .core.errors import LegalDataError
from .core.legal import SUBJECT_LABELS, UNCONFIRMED
from .core.legal_choice import default_citations
from .core.model import Decision
from .core.vietnamese import format_money, grouped
from .documents.building import legal_date
from .documents.certificates import register_ranges, resolve
from .pipeline import Checked
from .rendering.template_folders import template_dirs_for

# dot.toml's `lam_tron` keys are ASCII for typing; the secretary reads what they mean (legal.round_amount).
ROUNDING_LABELS = {
    "len": "làm tròn lên hàng chục nghìn đồng",
    "gan-nhat": "làm tròn đến hàng chục nghìn gần nhất",
    "khong": "không làm tròn",
}


def rounding_label(mode: str) -> str:
    # An unknown key cannot come from dot.toml (loading refuses it); showing it raw beats crashing a summary.
    return ROUNDING_LABELS.get(mode, mode)


def authority_verdict(checked: Checked, decision: Decision) -> str | None:
    """Whether the signer's level may award the decision's form on its date, with the text that says so."""
    authority = checked.catalogue.authority(checked.session.issuer.level)
    if authority is None:
        return None
    on = legal_date(checked.session, decision.ref.signed_on)
    verdict = authority.verdict(decision.form, on)
    if verdict is None:
        return f"{authority.title}: danh mục chưa có thẩm quyền cho ngày {on:%d/%m/%Y}, không kiểm tra"
    allowed, source = verdict
    return f"«{decision.form}» {'thuộc' if allowed else 'không thuộc'} thẩm quyền của {authority.title} ({source})"


def citations_source(checked: Checked, decision: Decision) -> str:
    """The sources of the căn cứ lines the decision prints (also for a form without money, which has no legal)."""
    if decision.legal is not None:
        return decision.legal.citations_source
    if checked.session.citations is not None:
        return "ghi trong dot.toml"
    try:
        on = legal_date(checked.session, decision.ref.signed_on)
        return default_citations(checked.session, checked.catalogue, on, decision.form)[0]
    except LegalDataError as exc:  # building has stopped earlier in that case; a summary never crashes
        return str(exc)


def unconfirmed_values(checked: Checked, decision: Decision) -> list[str]:
    """Every source of the decision that carries a "chưa xác nhận" note: values no published text confirmed."""
    sources = [citations_source(checked, decision), authority_verdict(checked, decision) or ""]
    if decision.legal is not None:
        sources += [decision.legal.base_salary_source, decision.legal.coefficient_source]
    return [source for source in sources if UNCONFIRMED in source]


def as_dict(checked: Checked, templates: Path | None = None) -> dict:
    decisions = []
    for decision in checked.decisions:
        legal = decision.legal
        decisions.append({
            "hinh_thuc": decision.form,
            "so": decision.ref.number,
            "ngay": decision.ref.signed_on.isoformat() if decision.ref.signed_on else None,
            "du_thao": decision.ref.is_draft,
            "counts": {"tap_the": decision.counts.collectives, "ca_nhan": decision.counts.individuals,
                       "ho_gia_dinh": decision.counts.households},
            "tong_tien": decision.total,
            "muc_tien": decision.amount_per_subject,
            "tham_quyen": authority_verdict(checked, decision),
            "nguon_can_cu": citations_source(checked, decision),
            "chua_xac_nhan": unconfirmed_values(checked, decision),
            "can_cu_phap_ly": None if legal is None else {
                "ngay_ap_dung": legal.on.isoformat(),
                "luong_co_so": legal.base_salary,
                "nguon_luong_co_so": legal.base_salary_source,
                "he_so": legal.coefficients,
                "nguon_he_so": legal.coefficient_source,
                "lam_tron": legal.rounding,
                "lam_tron_viet": rounding_label(legal.rounding),
                "nguon_can_cu": legal.citations_source,
            },
        })
    units = Counter(award.unit for award in checked.awards)
    return {
        "dot": checked.session.name,
        "danh_sach": {"tep": checked.session.list_file.name, "trang_tinh": checked.loaded.sheet,
                      "trang_khong_doc": checked.loaded.skipped_sheets},
        "so_nguoi_nhan": len(checked.awards),
        "quyet_dinh": decisions,
        "don_vi": dict(units),
        "tong_tien": sum(d.total for d in checked.decisions),
        "canh_bao": [warning.describe() for warning in checked.warnings],
        "cot_bo_qua": checked.loaded.ignored_columns,
        "o_da_chuyen_ma": [{"o": c.where, "bang_ma": c.encoding, "truoc": c.before, "sau": c.after}
                           for c in checked.loaded.conversions],
        "bang_ma_tep": [{"tep": n.file, "bang_ma": n.encoding, "so_o_co_dau": n.accented_cells,
                         "ghi_chu": n.describe()} for n in checked.loaded.notes],
        "giay_chung_nhan": certificate_summary(checked, templates),
    }


def certificate_summary(checked: Checked, templates: Path | None = None) -> dict:
    """Which certificates the build will print, per form, with their Số sổ; the stock profile and mode.

    The profile is looked for where `vanban build` looks: ``templates`` (--templates), else ``[mau] thu_muc``,
    layered over the built-in templates.
    """
    template_dirs = template_dirs_for(templates or checked.session.templates)
    profile, mode, settings = resolve(checked, None, None, template_dirs)
    per_form = {entry.form: {"hinh_thuc": entry.form, "giay": entry.certificate, "so_luong": entry.count,
                             "so_so_dau": entry.first, "so_so_cuoi": entry.last}
                for entry in register_ranges(checked, settings)}
    return {"ho_so": profile.name, "che_do": mode, "hinh_thuc": list(per_form.values())}


def list_source(checked: Checked) -> str:
    """'Danh sách: danh-sach.xlsx, trang tính «Danh sách» (không đọc: «Cũ» (trang ẩn))': which sheet was read."""
    loaded = checked.loaded
    text = f"Danh sách: {checked.session.list_file.name}"
    if loaded.sheet:
        text += f", trang tính «{loaded.sheet}»"
    if loaded.skipped_sheets:
        text += f" (không đọc: {', '.join(loaded.skipped_sheets)})"
    return text


def as_json(checked: Checked, templates: Path | None = None) -> str:
    return json.dumps(as_dict(checked, templates), ensure_ascii=False, indent=2)


def as_text(checked: Checked, templates: Path | None = None) -> str:
    session = checked.session
    lines = [f"Đợt: {session.name} — {grouped(len(checked.awards))} lượt khen thưởng, "
             f"{grouped(len(checked.decisions))} quyết định",
             list_source(checked)]
    for decision in checked.decisions:
        ref = decision.ref
        number = f"số {ref.number:02d}/{ref.symbol}" if ref.number else f"chưa có số (/{ref.symbol})"
        date_text = f"ngày {ref.signed_on:%d/%m/%Y}" if ref.signed_on else "chưa có ngày ký (dự thảo)"
        lines.append("")
        lines.append(f"• {decision.form}: {number}, {date_text}")
        counted = [f"{grouped(count)} {SUBJECT_LABELS[subject]}" for subject, count in
                   (("tap-the", decision.counts.collectives), ("ca-nhan", decision.counts.individuals),
                    ("ho-gia-dinh", decision.counts.households)) if count]
        lines.append(f"    Số lượng: {', '.join(counted)}")
        for subject, amount in decision.amount_per_subject.items():
            lines.append(f"    Mức thưởng mỗi {SUBJECT_LABELS[subject]}: {format_money(amount)} đồng")
        lines.append(f"    Tổng tiền: {format_money(decision.total)} đồng")
        legal = decision.legal
        if legal:
            coefficients = ", ".join(f"{SUBJECT_LABELS[s]} {v}" for s, v in legal.coefficients.items())
            lines.append(f"    Lương cơ sở tại ngày {legal.on:%d/%m/%Y}: {format_money(legal.base_salary)} đồng "
                         f"({legal.base_salary_source})")
            lines.append(f"    Hệ số: {coefficients} ({legal.coefficient_source}); "
                         f"{rounding_label(legal.rounding)}")
        lines.append(f"    Căn cứ: {citations_source(checked, decision)}")
        verdict = authority_verdict(checked, decision)
        if verdict:
            lines.append(f"    Thẩm quyền: {verdict}")
        doubts = unconfirmed_values(checked, decision)
        if doubts:
            lines.append(f"    Có {len(doubts)} nguồn {UNCONFIRMED} với văn bản đã công bố (ghi «{UNCONFIRMED}» ở "
                         "trên): kiểm tra trước khi ký, hoặc ghi đè trong dot.toml")
    certificates = certificate_summary(checked, templates)
    lines.append("")
    if certificates["hinh_thuc"]:
        mode = "in đủ mẫu" if certificates["che_do"] == "full" else "in lên phôi"
        lines.append(f"Giấy khen, giấy chứng nhận (giay-khen/): hồ sơ phôi {certificates['ho_so']}, {mode}")
        for entry in certificates["hinh_thuc"]:
            paper = "" if entry["giay"] == entry["hinh_thuc"] else f" ({entry['giay']})"
            lines.append(f"    {entry['hinh_thuc']}{paper}: {grouped(entry['so_luong'])} giấy, "
                         f"Số sổ {entry['so_so_dau']}–{entry['so_so_cuoi']}")
    else:
        lines.append("Không hình thức nào của đợt có giấy khen hay giấy chứng nhận để in.")
    lines.append("")
    lines.append("Theo đơn vị:")
    for unit, count in Counter(award.unit for award in checked.awards).items():
        lines.append(f"    {unit}: {grouped(count)}")
    lines.append("")
    lines.append(f"Tổng tiền thưởng của đợt: {format_money(sum(d.total for d in checked.decisions))} đồng")
    loaded = checked.loaded
    if loaded.ignored_columns:
        lines.append(f"Các cột không dùng đến (bỏ qua): {', '.join(loaded.ignored_columns)}")
    if loaded.notes:
        # A whole file read in a guessed code page: said before the cell-by-cell conversions, as it covers them all.
        lines.append("")
        lines.extend(note.describe() for note in loaded.notes)
    if loaded.conversions:
        lines.append("")
        lines.append(f"Đã chuyển bảng mã cũ sang Unicode ({len(loaded.conversions)} ô):")
        lines.extend(f"    {c.where} [{c.encoding}]: «{c.before}» → «{c.after}»" for c in loaded.conversions)
    if checked.warnings:
        lines.append("")
        lines.append(f"Cảnh báo ({len(checked.warnings)}):")
        lines.extend(f"    - {warning.describe()}" for warning in checked.warnings)
    else:
        lines.append("Không có cảnh báo.")
    return "\n".join(lines)
