"""Turn a session's settings, a decision's date and its form into the legal choices of that decision.

The tables (generator/legal.py) know what was in force on a date; this module adds what the session says: who
signs (level-specific căn cứ lines, authority), and whether its dossiers fall under a transitional clause
(`ho_so_chuyen_tiep` in dot.toml). Building and `vanban check` ask the same questions here, so the printed
sources are those of the printed lines.
"""

from __future__ import annotations

from datetime import date

from .errors import Location, Problem
from .legal import Catalogue, CitationLine
from .model import Session

TRANSITION_KEY = "dot.ho_so_chuyen_tiep"


def rules_date(session: Session, catalogue: Catalogue, on: date) -> date:
    """The date whose coefficients and implementing decree apply to a decision signed (or dated) ``on``."""
    return catalogue.rules_date(on, session.transitional_dossiers)


def citations_in_force(session: Session, catalogue: Catalogue, on: date, form: str) -> list[CitationLine]:
    """The default căn cứ lines of the decision on ``form``, with their sources."""
    return catalogue.citations_in_force(on, session.issuer.level, form, rules_date(session, catalogue, on))


def default_citations(session: Session, catalogue: Catalogue, on: date, form: str) -> tuple[str, tuple[str, ...]]:
    """(the lines' sources joined with "; ", the lines) — what a decision prints when dot.toml has no can_cu."""
    lines = citations_in_force(session, catalogue, on, form)
    return "; ".join(dict.fromkeys(line.source for line in lines)), tuple(line.text for line in lines)


def transition_warnings(session: Session, catalogue: Catalogue, on: date, form: str) -> list[Problem]:
    """Say, for each decision, whether the transitional clause changed its rates and decree — or did nothing."""
    if not session.transitional_dossiers:
        return []
    where = Location(str(session.dot_file), key=TRANSITION_KEY.replace("dot.", "[dot] "))
    transition = catalogue.transition
    if transition is None:
        return [Problem(where, "danh mục không có quy định chuyển tiếp (data/danh-muc/chuyen-tiep.toml); "
                        "khóa này không có tác dụng", warning=True)]
    applied = rules_date(session, catalogue, on)
    if applied == on:
        return [Problem(where, f"quyết định «{form}» ngày {on:%d/%m/%Y} ký trước ngày "
                        f"{transition.starts:%d/%m/%Y}: không cần áp dụng chuyển tiếp, khóa này không có tác dụng",
                        warning=True)]
    return [Problem(where, f"quyết định «{form}» ngày {on:%d/%m/%Y} là hồ sơ chuyển tiếp: hệ số tiền thưởng và "
                    f"căn cứ nghị định áp dụng như ngày {applied:%d/%m/%Y}, mức lương cơ sở theo ngày ký "
                    f"({transition.source})", warning=True)]
