"""Turn nothing into the reference of template variables: what each document kind gives its templates.

This table is the single source of `vanban templates fields`, of the variable tables in templates/README.md (a test
checks that the guide lists every one) and of the template linter's "unknown variable" check.
"""

from __future__ import annotations

COMMON = {
    "doc": "cùng là văn bản `d` (tên dùng trong các phần dùng chung _shared/)",
    "lv": "các câu văn dùng chung trong _shared/loi-van.j2, gọi dạng {{ lv.trich_yeu(d) }}",
    "vv": "dòng «V/v …» của công văn; không có (none) ở quyết định",
    "assets.fonts": "địa chỉ thư mục phông chữ đi kèm (dùng trong @font-face)",
    "assets.font.regular": "tệp phông PDF nhúng, kiểu thường: Times New Roman của văn phòng khi có VANBAN_FONT_DIR, "
                           "nếu không là phông đi kèm (cũng có assets.font.bold, .italic, .bold_italic)",
    "assets.font.family": "tên họ phông khai báo trong @font-face: «Times New Roman» khi có VANBAN_FONT_DIR, nếu "
                          "không là «VanBan Serif» (phông đi kèm)",
    "assets.font.bold": "tệp phông PDF nhúng, kiểu đậm",
    "assets.font.italic": "tệp phông PDF nhúng, kiểu nghiêng",
    "assets.font.bold_italic": "tệp phông PDF nhúng, kiểu đậm nghiêng",
    "d.issuer.parent": "cơ quan chủ quản (ô 2, dòng trên, không đậm) hoặc không có — ví dụ «ỦY BAN NHÂN DÂN TỈNH …»",
    "d.issuer.header_parent": "các dòng cơ quan chủ quản như đơn vị ngắt dòng (chu_quan là một chuỗi hoặc danh sách)",
    "layout.header_sizes": "cỡ chữ (pt) từng dòng tên cơ quan: 13, nhỏ hơn khi dòng không vừa cột (không xuống dòng)",
    "layout.half_points": "(DOCX) cỡ chữ một dòng tên cơ quan, đơn vị nửa điểm: {{ layout.half_points(line) }}",
    "d.issuer.lines": "các dòng tên cơ quan ban hành (in đậm) — ví dụ [«ỦY BAN NHÂN DÂN», «XÃ HÒA BÌNH»]",
    "d.issuer.abbreviation": "chữ viết tắt cơ quan trong ký hiệu — ví dụ «UBND»",
    "d.issuer.place": "địa danh trước «, ngày …» — ví dụ «Hòa Bình»",
    "d.issuer.level": "cấp cơ quan: xa, huyen, tinh, so, don-vi, doanh-nghiep",
    "d.ref.number": "số văn bản (số nguyên) hoặc không có khi là dự thảo — in bằng bộ lọc so_ky_hieu",
    "d.ref.symbol": "ký hiệu — ví dụ «QĐ-UBND», «UBND-VHXH»",
    "d.ref.signed_on": "ngày ký (kiểu ngày) hoặc không có khi là dự thảo — in bằng bộ lọc ngay",
    "d.ref.year": "năm in trên văn bản, kể cả bản dự thảo — ví dụ 2026",
    "d.ref.is_draft": "đúng (true) khi chưa có số hoặc ngày",
    "d.signer.capacity": "quyền hạn ký hoặc không có — ví dụ «KT. CHỦ TỊCH»",
    "d.signer.title": "chức vụ người ký — ví dụ «PHÓ CHỦ TỊCH»",
    "d.signer.name": "họ tên người ký — ví dụ «Nguyễn Văn An»",
    "d.recipients": "các dòng Nơi nhận đã chuẩn hóa — ví dụ [«- Như Điều 3;», …, «- Lưu: VT, VHXH.»]",
    "layout.issuer_rule_mm": "độ dài đường kẻ dưới tên cơ quan (mm, 1/3–1/2 tên)",
    "layout.tieu_ngu_rule_mm": "độ dài đường kẻ dưới Tiêu ngữ (mm, bằng chữ)",
    "layout.issuer_rule_indent": "(DOCX) thụt lề hai bên của đường kẻ dưới tên cơ quan, đơn vị twip",
    "layout.tieu_ngu_rule_indent": "(DOCX) thụt lề hai bên của đường kẻ dưới Tiêu ngữ, đơn vị twip",
}

DECISION = {
    **COMMON,
    "d.signer.authority": "dòng thẩm quyền in hoa — ví dụ «CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH»",
    "d.signer.authority_text": "thẩm quyền viết trong câu — ví dụ «Chủ tịch Ủy ban nhân dân xã Hòa Bình»",
    "d.slug": "tên tệp không dấu — ví dụ «quyet-dinh-giay-khen»",
    "d.form": "hình thức hoặc danh hiệu — ví dụ «Giấy khen», «Lao động tiên tiến»",
    "d.form_is_title": "đúng khi là danh hiệu (quyết định «công nhận»), sai khi là hình thức («tặng»)",
    "d.achievement_year": "năm của thành tích — ví dụ 2025",
    "d.citations": "các dòng căn cứ, đã có «;» và «.» ở dòng cuối",
    "d.articles": "các Điều; mỗi Điều có .number, .kind, .heading, .paragraphs (in bằng dieu_doan)",
    "article.number": "số của Điều",
    "article.kind": "loại Điều: award (tặng/công nhận), money (tiền thưởng), execution (thi hành), text (lời của "
                    "đơn vị, ghi trong [[quyet_dinh]] dieu)",
    "article.heading": "tên Điều do đơn vị ghi — ví dụ «Hiệu lực thi hành» (in «Điều 3. Hiệu lực thi hành»)",
    "article.paragraphs": "các đoạn (khoản) của Điều do đơn vị viết, đã điền chỗ trống",
    "dieu_doan": "các đoạn của phần Điều theo thứ tự in (cả hai định dạng dùng): mỗi đoạn có .label, .heading, "
                 ".text, .last",
    "para.label": "«Điều 2.» ở đoạn đầu của một Điều; trống ở các đoạn sau (khoản, dòng người nhận)",
    "para.heading": "tên Điều (in đậm sau «Điều N.»), hoặc trống",
    "para.text": "lời của đoạn",
    "para.last": "đúng ở đoạn cuối cùng trước chữ ký (giữ cùng trang với chữ ký)",
    "d.period": "kỳ của thành tích — ví dụ «năm 2025», «năm học 2023 - 2024» ([dot] ky hoặc [[quyet_dinh]] ky)",
    "d.subject_line": "trích yếu đơn vị tự ghi ([[quyet_dinh]] trich_yeu), hoặc trống: dùng lời mặc định",
    "d.inline": "các dòng người nhận in ngay trong Điều 1 (không có danh sách kèm theo), đã có dấu câu",
    "d.has_annex": "đúng khi quyết định có danh sách kèm theo (sai khi người nhận in trong Điều 1)",
    "d.annex.columns": "các cột của danh sách; mỗi cột có .key, .label, .width_mm, .is_money",
    "col.key": "mã cột: stt, ho_ten, chuc_vu_don_vi, chuc_vu, don_vi, thanh_tich, so_tien, ghi_chu",
    "col.label": "tiêu đề cột — ví dụ «Họ và tên / Tên tập thể»",
    "col.width_mm": "độ rộng cột (mm); các cột cộng lại bằng bề rộng trang (165 mm)",
    "col.is_money": "đúng ở cột số tiền",
    "d.annex.has_money": "đúng khi danh sách có cột số tiền (thì có dòng Tổng cộng và «Bằng chữ»)",
    "d.annex.sectioned": "đúng khi danh sách chia mục «I. TẬP THỂ», «II. CÁ NHÂN»",
    "d.annex.span_before_money": "số cột đứng trước cột số tiền (ô «Tổng cộng» trải qua các cột này, trừ STT)",
    "d.annex.heading": "các dòng tên danh sách đơn vị tự ghi, hoặc trống: «DANH SÁCH» và dòng mặc định",
    "d.annex.reference": "chữ mở đầu dòng «(Kèm theo Quyết định …)» đơn vị tự ghi, hoặc trống",
    "d.annex.closing": "dòng cuối danh sách đơn vị tự ghi (đã điền chỗ trống), hoặc trống",
    "d.annex.rows": "số dòng của danh sách",
    "d.achievement": "thành tích chung — ví dụ «đã có thành tích xuất sắc …»; trống ở quyết định công nhận danh hiệu",
    "d.counts.collectives": "số tập thể",
    "d.counts.individuals": "số cá nhân",
    "d.counts.households": "số hộ gia đình",
    "d.counts.total": "tổng số",
    "d.amount_per_subject": "mức thưởng theo đối tượng khi mọi người cùng mức — ví dụ {«ca-nhan»: 710000}",
    "d.uniform_amounts": "đúng khi mỗi đối tượng có một mức thưởng chung",
    "d.total": "tổng tiền thưởng (đồng, số nguyên)",
    "d.fund": "nguồn chi — ví dụ «Quỹ Thi đua, khen thưởng của xã»",
    "d.executors": "những người thi hành (Điều cuối)",
    "d.annex.sections": "các mục của danh sách (I. TẬP THỂ, II. CÁ NHÂN…)",
    "section.numeral": "số La Mã của mục — ví dụ «I»",
    "section.subject": "đối tượng của mục: tap-the, ca-nhan, ho-gia-dinh",
    "section.label": "tên mục in hoa — ví dụ «TẬP THỂ»",
    "section.rows": "các dòng của mục",
    "row.index": "số thứ tự trong mục",
    "row.honorific": "«Ông», «Bà» hoặc trống",
    "row.name": "họ tên hoặc tên tập thể",
    "row.position_unit": "chức vụ, đơn vị — ví dụ «Giáo viên, Trường Tiểu học Kim Đồng»",
    "row.amount": "số tiền (đồng)",
    "row.note": "ghi chú",
    "row.award": "dòng gốc của danh sách (position, unit, achievement…)",
    "row.award.position": "chức vụ (cột Chức vụ của danh sách) — ví dụ «Giáo viên»",
    "row.award.unit": "đơn vị (cột Đơn vị của danh sách) — ví dụ «Trường Tiểu học Kim Đồng»",
    "row.award.achievement": "thành tích riêng (cột Thành tích) hoặc trống",
    "d.annex.total": "tổng tiền của danh sách",
    "d.annex.counts": "số lượng theo đối tượng (như d.counts)",
    "d.legal": "căn cứ tính tiền (lương cơ sở, hệ số, nguồn) — để in nếu cần",
    "d.warnings": "các cảnh báo khi lập quyết định",
    "layout.subject_rule_mm": "độ dài đường kẻ dưới trích yếu (mm)",
    "layout.annex_rule_mm": "độ dài đường kẻ dưới dòng «(Kèm theo …)» (mm)",
    "layout.subject_rule_indent": "(DOCX) thụt lề hai bên của đường kẻ dưới trích yếu, twip",
    "layout.annex_rule_indent": "(DOCX) thụt lề hai bên của đường kẻ dưới dòng «(Kèm theo …)», twip",
    "line": "(vòng lặp) một dòng căn cứ hoặc một dòng tên cơ quan",
    "item": "(vòng lặp) một dòng Nơi nhận",
    "lv.trich_yeu": "câu trích yếu: {{ lv.trich_yeu(d) }} → «Về việc tặng Giấy khen năm 2025»",
    "lv.dieu": "lời của một Điều: {{ lv.dieu(article, d) }}",
    "lv.tieu_de_danh_sach": "dòng tên danh sách in hoa: «TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN NĂM 2025»",
    "lv.kem_theo": "dòng «(Kèm theo Quyết định số … ngày … của …)»",
    "lv.ket_thuc_danh_sach": "dòng «Danh sách này có 03 tập thể và 12 cá nhân./.»",
    "lv.doi_tuong": "số lượng bằng lời: «03 tập thể và 12 cá nhân»",
    "lv.nhom_doi_tuong": "các nhóm đối tượng: «tập thể và cá nhân»",
    "lv.o": "chữ của một ô danh sách: {{ lv.o(row, col) }}",
    "lv.ten_khen_thuong": "tên khen thưởng trong câu: «Giấy khen», «danh hiệu “Lao động tiên tiến” năm 2025»",
}

DISPATCH = {
    **COMMON,
    "d.slug": "tên tệp không dấu — ví dụ «cong-van-gui-quyet-dinh»",
    "d.subject": "trích yếu sau «V/v » — ví dụ «gửi Quyết định khen thưởng và Giấy khen năm 2025»",
    "d.addressees": "các dòng Kính gửi đã chuẩn hóa: một nơi [«X.»], nhiều nơi [«- A;», …, «- Z.»]",
    "d.single_addressee": "đúng khi chỉ gửi một nơi (in trên cùng dòng «Kính gửi:»)",
    "d.body": "các đoạn nội dung; mỗi đoạn có .kind (paragraph, bullet, heading) và .runs",
    "block.kind": "loại đoạn: paragraph, bullet, heading",
    "block.runs": "các đoạn chữ của một đoạn văn",
    "block.text": "toàn bộ chữ của đoạn",
    "run.text": "chữ",
    "run.bold": "đúng khi in đậm (**…**)",
    "run.italic": "đúng khi in nghiêng (*…*)",
    "layout.kinh_gui_left_mm": "lề trái của khối Kính gửi (mm) để khối nằm giữa",
    "layout.kinh_gui_indent_mm": "thụt lề các dòng nơi nhận để gạch đầu dòng thẳng dấu hai chấm (mm)",
    "layout.kinh_gui_left_twips": "(DOCX) như kinh_gui_left_mm, đơn vị twip",
    "layout.kinh_gui_hanging_mm": "độ thụt treo của một dòng nơi nhận dài: dòng sau thẳng chữ, không thẳng gạch đầu "
                                  "dòng (mm)",
    "layout.kinh_gui_text_mm": "lề của chữ các dòng nơi nhận, tính từ lề trái khối Kính gửi (mm)",
    "layout.kinh_gui_items_twips": "(DOCX) lề trái các dòng nơi nhận, twip",
    "layout.kinh_gui_hanging_twips": "(DOCX) như kinh_gui_hanging_mm, đơn vị twip",
    "line": "(vòng lặp) một dòng Kính gửi hoặc một dòng tên cơ quan",
    "item": "(vòng lặp) một dòng Nơi nhận",
}

# The body of the covering dispatch (cong-van/gui-quyet-dinh.md) is a text template of its own: it is filled from
# the session and its decisions (generator/documents/dispatch.py covering_dispatches), before the dispatch exists,
# so it sees neither `d` as a dispatch nor `layout`.
COVERING = {
    "session.signer.authority_text": "thẩm quyền, viết trong câu — ví dụ «Chủ tịch Ủy ban nhân dân xã Hòa Bình»",
    "session.signer.authority": "như trên, in hoa — ví dụ «CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH»",
    "session.signer.title": "chức vụ người ký của đợt — ví dụ «PHÓ CHỦ TỊCH»",
    "session.signer.name": "họ tên người ký của đợt",
    "session.issuer.place": "địa danh của cơ quan — ví dụ «Hòa Bình»",
    "session.issuer.lines": "các dòng tên cơ quan — ví dụ [«ỦY BAN NHÂN DÂN», «XÃ HÒA BÌNH»]",
    "session.achievement_year": "năm của thành tích — ví dụ 2025",
    "session.signed_on": "ngày ký của đợt (kiểu ngày) hoặc không có khi là dự thảo",
    "session.fund": "nguồn chi tiền thưởng — ví dụ «Quỹ Thi đua, khen thưởng của xã»",
    "decisions": "các quyết định của đợt, theo thứ tự; lặp: {% for d in decisions %}",
    "d": "(vòng lặp) một quyết định; có các trường d.… dưới đây (như ở bảng Quyết định)",
    "d.form": DECISION["d.form"],
    "d.form_is_title": DECISION["d.form_is_title"],
    "d.achievement_year": DECISION["d.achievement_year"],
    "d.ref": "số, ký hiệu và ngày của quyết định — in bằng bộ lọc so_ky_hieu: {{ d.ref|so_ky_hieu }}",
    "d.ref.signed_on": DECISION["d.ref.signed_on"],
    "d.ref.year": DECISION["d.ref.year"],
    "d.ref.is_draft": DECISION["d.ref.is_draft"],
    "d.counts.collectives": DECISION["d.counts.collectives"],
    "d.counts.individuals": DECISION["d.counts.individuals"],
    "d.counts.total": DECISION["d.counts.total"],
    "d.total": DECISION["d.total"],
    "unit": "đơn vị nhận công văn khi mỗi đơn vị một công văn ([cong_van] moi_don_vi); không có (none) ở công văn "
            "chung — ví dụ «Trường Tiểu học Kim Đồng»",
    "rows_of": "các dòng danh sách của một đơn vị trong một quyết định: {% set rows = rows_of(d, unit) %}",
    "row.honorific": DECISION["row.honorific"],
    "row.name": DECISION["row.name"],
    "row.position_unit": DECISION["row.position_unit"],
    "row.amount": DECISION["row.amount"],
    "row.note": DECISION["row.note"],
    "row.award.position": "chức vụ (cột Chức vụ của danh sách) — ví dụ «Giáo viên»",
    "row.award.unit": "đơn vị (cột Đơn vị của danh sách)",
    "row.award.achievement": "thành tích riêng (cột Thành tích) hoặc trống",
    "lv": "các câu văn dùng chung trong _shared/loi-van.j2, ở đây là chữ thường (không thoát HTML)",
    "lv.trich_yeu": DECISION["lv.trich_yeu"],
    "lv.ten_khen_thuong": DECISION["lv.ten_khen_thuong"],
    "lv.doi_tuong": DECISION["lv.doi_tuong"],
}

# The certificate: templates/giay-khen/loi-van.j2 (one macro per field, each receives `c`) and template.docx
# (loops over `certificates`, prints c.texts.<field> at c.sizes.<field> in the frame c.o.<field>). See
# generator/rendering/certificates.py and certificate_word_layout.py.
CERTIFICATE_FIELDS = {
    "quoc_hieu": "Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»",
    "tieu_ngu": "Tiêu ngữ «Độc lập - Tự do - Hạnh phúc»",
    "co_quan": "cơ quan khen thưởng — ví dụ «CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA BÌNH»",
    "tang": "dòng «TẶNG» hoặc «TẶNG DANH HIỆU»",
    "ten_giay": "tên giấy — ví dụ «GIẤY KHEN», «CHIẾN SĨ THI ĐUA CƠ SỞ»",
    "ho_ten": "Ông/Bà và họ tên, hoặc tên tập thể — ví dụ «Bà Nguyễn Thị Ánh Tuyết» (bắt buộc)",
    "chuc_vu_don_vi": "chức vụ, đơn vị — ví dụ «Giáo viên, Trường Tiểu học Kim Đồng»",
    "thanh_tich": "thành tích — ví dụ «Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm 2025»",
    "quyet_dinh": "số và ngày quyết định — ví dụ «Quyết định số 05/QĐ-UBND ngày 20/01/2026» (bắt buộc)",
    "so_so": "số sổ — ví dụ «Số sổ vàng: 12» (bắt buộc)",
    "noi_ngay": "địa danh và ngày — ví dụ «Hòa Bình, ngày 20 tháng 01 năm 2026»",
    "chuc_vu_ky": "quyền hạn và chức vụ người ký, hai dòng — ví dụ «KT. CHỦ TỊCH» / «PHÓ CHỦ TỊCH»",
    "nguoi_ky": "họ tên người ký — ví dụ «Nguyễn Văn An»",
}

CERTIFICATE = {
    "certificates": "(chỉ template.docx) các giấy khen; đoạn văn đầu tiên của mẫu Word là {%p for c in certificates %}",
    "c": "một giấy khen (tham số của mọi macro trong loi-van.j2; biến vòng lặp trong template.docx)",
    "c.register_number": "số sổ — ví dụ 12",
    "c.certificate": "tên giấy theo danh mục — ví dụ «Giấy khen», «Bằng chứng nhận»",
    "c.honorific": "«Ông», «Bà» cho cá nhân; trống cho tập thể",
    "c.position_unit": "chức vụ, đơn vị — ví dụ «Giáo viên, Trường Tiểu học Kim Đồng» (tập thể: đơn vị nếu khác tên)",
    "c.award.name": "họ tên hoặc tên tập thể (cột Họ và tên)",
    "c.award.gender": "giới tính (cột Giới tính) hoặc không có — in bằng bộ lọc danh_xung",
    "c.award.subject": "đối tượng: ca-nhan, tap-the, ho-gia-dinh",
    "c.award.position": "chức vụ (cột Chức vụ)",
    "c.award.unit": "đơn vị (cột Đơn vị)",
    "c.award.achievement": "thành tích riêng (cột Thành tích) hoặc trống",
    "c.decision": "quyết định khen thưởng của giấy; có các trường d.… của bảng Quyết định, thường dùng dưới đây",
    "c.decision.form": DECISION["d.form"],
    "c.decision.form_is_title": DECISION["d.form_is_title"],
    "c.decision.achievement_year": DECISION["d.achievement_year"],
    "c.decision.ref": "số, ký hiệu, ngày của quyết định — {{ c.decision.ref|so_ky_hieu }} → «05/QĐ-UBND»",
    "c.decision.ref.signed_on": "ngày ký quyết định hoặc không có (dự thảo) — {{ …|ngay_ngan }} → «20/01/2026»",
    "c.decision.ref.year": DECISION["d.ref.year"],
    "c.decision.issuer.place": DECISION["d.issuer.place"],
    "c.decision.signer.authority": DECISION["d.signer.authority"],
    "c.decision.signer.capacity": DECISION["d.signer.capacity"],
    "c.decision.signer.title": DECISION["d.signer.title"],
    "c.decision.signer.name": DECISION["d.signer.name"],
    "c.texts": "(chỉ template.docx) chữ của từng trường do macro cùng tên trong loi-van.j2 tạo ra, đúng như bản PDF",
    **{f"c.texts.{field}": meaning for field, meaning in CERTIFICATE_FIELDS.items()},
    "c.sizes": "(chỉ template.docx) cỡ chữ của từng trường, đơn vị nửa point, như bản PDF đã thu nhỏ — "
               "{{ c.sizes.ho_ten|default(44) }}",
    "c.o": "(chỉ template.docx) khung (Frame) của từng trường, đặt trên trang đúng chỗ bản PDF in, theo ô [o.tên] "
           "của hồ sơ phôi; không có (none) khi bản PDF không in trường đó — {%p if c.o.ho_ten %}, rồi "
           "{%p set o = c.o.ho_ten %} và {{ o.x }}…",
    "c.o.ho_ten.x": "(mọi trường như ho_ten) lề trái của khung, tính từ mép trái tờ giấy, đơn vị twip (1/1440 inch)",
    "c.o.ho_ten.y": "đỉnh khối chữ mà bản PDF in (sau khi căn dọc trong ô), tính từ mép trên tờ giấy, twip",
    "c.o.ho_ten.rong": "chiều rộng của ô, twip",
    "c.o.ho_ten.cao": "chiều cao khối chữ (số dòng × khoảng cách dòng), twip",
    "c.o.ho_ten.dong": "khoảng cách dòng (Exactly), twip",
    "c.o.ho_ten.can_le": "căn lề: left, center, right",
    "c.o.ho_ten.mau": "màu chữ «RRGGBB» — ví dụ «C00000»",
    "c.o.ho_ten.dam": "«1» chữ đậm, «0» không",
    "c.o.ho_ten.nghieng": "«1» chữ nghiêng, «0» không",
    "c.o.ho_ten.gach_chan": "«single» gạch chân (Tiêu ngữ), «none» không",
    "c.o.ho_ten.gian_chu": "khoảng cách thêm giữa các chữ cái, đơn vị 1/20 point",
    "c.o.ho_ten.co": "cỡ chữ bản PDF đã chọn, đơn vị nửa point (như c.sizes.ho_ten)",
    "c.texts.du_thao": "(chỉ template.docx) chữ «DỰ THẢO» in trên giấy khen của quyết định chưa có số hoặc ngày",
    "c.o.du_thao": "(chỉ template.docx) khung của dấu DỰ THẢO, đúng ô bản PDF kẻ viền ở góc trên bên phải; chỉ có "
                   "khi quyết định là bản dự thảo — {%p if c.o.du_thao %}; ngoài x, y, rong, cao (của cả ô có viền), "
                   "dong, co như các trường khác còn có truoc và net",
    "c.o.du_thao.truoc": "khoảng cách từ viền trên đến dòng chữ, twip (để chữ nằm đúng chỗ bản PDF in)",
    "c.o.du_thao.net": "độ dày nét viền, đơn vị 1/8 point",
}

KINDS: dict[str, dict[str, str]] = {"quyet-dinh": DECISION, "cong-van": DISPATCH, "giay-khen": CERTIFICATE}
KIND_TITLES = {"quyet-dinh": "Quyết định (kèm danh sách)", "cong-van": "Công văn", "giay-khen": "Giấy khen"}

# Every variable table: the kinds' (their template.html and template.docx, and for giay-khen also loi-van.j2),
# and the text template with variables of its own. Keys are what `names` takes and the guide's <!-- bien: … -->.
COVERING_BODY = "cong-van/gui-quyet-dinh.md"
TABLES: dict[str, dict[str, str]] = {**KINDS, COVERING_BODY: COVERING}
# What `vanban templates fields KIND` prints: the kind's tables, each under its title.
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "quyet-dinh": (("quyet-dinh", "quyet-dinh/template.html, quyet-dinh/template.docx"),),
    "cong-van": (("cong-van", "cong-van/template.html, cong-van/template.docx"),
                 (COVERING_BODY, f"{COVERING_BODY} (nội dung công văn gửi các quyết định)")),
    "giay-khen": (("giay-khen", "giay-khen/loi-van.j2, giay-khen/template.docx"),),
}

FILTERS = {
    "ngay": "ngày hành chính: {{ d.ref.signed_on|ngay(d.ref.year) }} → «ngày 05 tháng 01 năm 2026»; dự thảo để trống",
    "ngay_ngan": "ngày ngắn: 20/01/2026",
    "so_ky_hieu": "số và ký hiệu: {{ d.ref|so_ky_hieu }} → «05/QĐ-UBND»; dự thảo «     /QĐ-UBND»",
    "tien": "tiền có dấu chấm: 1410000 → «1.410.000»",
    "bang_chu": "tiền bằng chữ: 710000 → «Bảy trăm mười nghìn đồng»",
    "hai_chu_so": "số lượng hai chữ số: 3 → «03»",
    "viet_hoa": "in hoa giữ dấu: «Giấy khen» → «GIẤY KHEN»",
    "danh_xung": "Ông/Bà theo giới tính: «Nữ» → «Bà»",
    "chu_thuong_dau": "viết thường chữ đầu: «Về việc …» → «về việc …»",
    "giu_ky_hieu": "chỉ dùng trong HTML: số và ký hiệu văn bản («12/TTr-VHXH») không bị ngắt dòng ở dấu gạch nối "
                   "(bản Word tự giữ, bằng gạch nối không ngắt)",
}


def names(table: str) -> set[str]:
    """Every name segment a template checked against ``table`` (a kind or a key of TABLES) may use."""
    result: set[str] = set()
    for path in TABLES[table]:
        result.update(path.split("."))
    return result
