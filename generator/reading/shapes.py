"""Turn the [[quyet_dinh]] and [[hinh_thuc]] blocks of dot.toml into decision shapes and the office's own forms.

A decision is described by data: its trích yếu, articles, list placement and columns, Nơi nhận; what a block leaves
out keeps today's standard wording. Every value read here is text, never a template.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.legal import SUBJECTS, Coefficient, FormSpec
from ..core.model import ANNEX_COLUMNS, ArticleSpec, DecisionShape
from ..core.settings import Settings

PLACEMENTS = ("kem-theo", "trong-dieu")
DEFAULT_ARTICLES = ("trao-tang", "tien-thuong", "thi-hanh")


def decision_shape(s: Settings, key: str) -> DecisionShape:
    """What a [[quyet_dinh]] block says of its decision beyond the number: wording, articles, list, Nơi nhận."""
    articles = []
    for index, _ in enumerate(s.tables(f"{key}.dieu")):
        where = f"{key}.dieu.{index}"
        default = s.text(f"{where}.mac_dinh", required=False)
        if default and default not in DEFAULT_ARTICLES:
            s.problem(f"{where}.mac_dinh", f"chỉ được là: {', '.join(DEFAULT_ARTICLES)} (đang ghi «{default}»)")
            default = ""
        paragraphs = s.texts(f"{where}.noi_dung", required=not default)
        articles.append(ArticleSpec(s.text(f"{where}.tieu_de", required=False), paragraphs, default))
    placement = s.text(f"{key}.danh_sach", required=False)
    if placement and placement not in PLACEMENTS:
        s.problem(f"{key}.danh_sach", f"chỉ được là: {', '.join(PLACEMENTS)} (đang ghi «{placement}»)")
        placement = ""
    columns = s.texts(f"{key}.cot", required=False) or None
    if columns:
        unknown_columns = [column for column in columns if column not in ANNEX_COLUMNS]
        if unknown_columns:
            s.problem(f"{key}.cot", f"không có cột «{unknown_columns[0]}»; các cột: {', '.join(ANNEX_COLUMNS)}")
            columns = None
    labels = s.mapping(f"{key}.ten_cot")
    if any(name not in ANNEX_COLUMNS for name in labels):
        s.problem(f"{key}.ten_cot", f"tên cột chỉ được là: {', '.join(ANNEX_COLUMNS)}")
        labels = {}
    as_above = s.boolean(f"{key}.them_nhu_dieu")
    return DecisionShape(
        subject_line=s.text(f"{key}.trich_yeu", required=False),
        period=s.text(f"{key}.ky", required=False),
        citations=s.texts(f"{key}.can_cu", required=False) or None,
        articles=tuple(articles) or None,
        executors=s.texts(f"{key}.thi_hanh", required=False) or None,
        recipients=s.texts(f"{key}.noi_nhan", required=False) or None,
        as_above=True if as_above is None else as_above,
        placement=placement,
        columns=tuple(columns) if columns else None,
        column_labels=tuple(labels.items()),
        sectioned=s.boolean(f"{key}.chia_muc"),
        annex_heading=s.texts(f"{key}.tieu_de_danh_sach", required=False),
        annex_reference=s.text(f"{key}.kem_theo", required=False),
        annex_closing=s.text(f"{key}.ket_thuc", required=False),
    )


FORM_KINDS = {"tang": "hinh-thuc", "cong-nhan": "danh-hieu"}


def session_forms(s: Settings) -> tuple[FormSpec, ...]:
    """[[hinh_thuc]]: forms an office awards that the catalogue does not list (a ministry's Bằng khen, a union's
    Giấy khen, "Cờ thi đua của Chính phủ"), with their coefficients when they carry money."""
    forms = []
    for index, _ in enumerate(s.tables("hinh_thuc")):
        key = f"hinh_thuc.{index}"
        kind = s.choice(f"{key}.loai", tuple(FORM_KINDS), "tang")
        subjects = s.texts(f"{key}.doi_tuong", required=False) or SUBJECTS
        wrong = [subject for subject in subjects if subject not in SUBJECTS]
        if wrong:
            s.problem(f"{key}.doi_tuong", f"chỉ ghi: {', '.join(SUBJECTS)} (đang ghi «{wrong[0]}»)")
        coefficients = []
        for row_index, row in enumerate(s.tables(f"{key}.he_so")):
            where = f"{key}.he_so.{row_index}"
            start = s.day(f"{where}.tu_ngay")
            if start is None:
                s.problem(f"{where}.tu_ngay", "thiếu ngày bắt đầu áp dụng, ví dụ tu_ngay = 2025-07-01")
                continue
            by_subject = {}
            for subject in SUBJECTS:
                value = row.get(subject.replace("-", "_"))
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    s.problem(f"{where}.{subject.replace('-', '_')}", "hệ số phải là số không âm, ví dụ 0.3")
                    continue
                by_subject[subject] = Decimal(str(value))
            coefficients.append(Coefficient(start, s.day(f"{where}.den_ngay"), (), by_subject,
                                            s.text(f"{where}.nguon", required=False) or "ghi trong dot.toml"))
        forms.append(FormSpec(
            name=s.text(f"{key}.ten"),
            kind=FORM_KINDS[kind],
            subjects=tuple(subject for subject in subjects if subject in SUBJECTS),
            certificate=s.text(f"{key}.chung_nhan", required=False) or None,
            aliases=s.texts(f"{key}.bi_danh", required=False),
            coefficients=tuple(coefficients),
        ))
    return tuple(forms)
