"""Turn a layout and its named elements into findings: one method per rule of Nghị định 30/2020/NĐ-CP.

One module per part of the document it judges: pages (paper, margins, fonts, page numbers), header, number_date,
title (type, trích yếu, căn cứ), body (articles, annexes), addressees (Kính gửi), signature (signer, Nơi nhận),
flow (paragraph format, headings alone at a page's foot, annex money columns).

References name the decree's text: Phụ lục I (thể thức và kỹ thuật trình bày), mục I (quy định chung: khổ giấy,
lề, phông chữ, số trang), mục II (the nine main elements, II.1 Quốc hiệu … II.9 Nơi nhận), mục III.1 (phụ lục);
Phụ lục III (chữ viết tắt tên loại, mẫu trình bày). A rule the decree does not state but practice does is marked
"thực tiễn văn thư" and is at most a warning.
"""


from __future__ import annotations

from ..model import Finding, Layout
from .addressees import AddresseeRules
from .base import *  # noqa: F403 - element names and references, used as rules.R_QH etc.
from .body import BodyRules
from .flow import FlowRules
from .header import HeaderRules
from .number_date import NumberDateRules
from .pages import PageRules
from .signature import SignatureRules
from .title import TitleRules


class Checker(PageRules, HeaderRules, NumberDateRules, TitleRules, BodyRules, AddresseeRules, SignatureRules,
              FlowRules):
    """Runs every rule over one layout, in reading order of the document."""

    def run(self) -> list[Finding]:
        self.page()
        self.fonts()
        self.page_numbers()
        self.national_title()
        self.issuer()
        self.number()
        self.date_line()
        self.draft()
        self.type_and_subject()
        self.citations()
        self.articles()
        self.body()
        self.addressees()
        self.recipients()
        self.signer()
        self.signature_place()
        self.annexes()
        self.dates_in_text()
        self.body_format()
        self.lonely_headings()
        self.money_columns()
        return self.findings


def check_layout(layout: Layout) -> list[Finding]:
    """Every finding for one file, errors first, in reading order within each severity."""
    unique = list(dict.fromkeys(Checker(layout).run()))  # findings are frozen, so hashable: linear de-duplication
    return sorted(unique, key=lambda finding: 0 if finding.is_error else 1)

