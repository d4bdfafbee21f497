"""Turn a dispatch written as plain text (TOML front matter + a Markdown subset) into a Dispatch document.

The body understands paragraphs, "- " bullet lines, numbered headings ("1.", "2.", "a)"), **bold** and *italic*;
everything else is text (escaped by the templates). The covering dispatch of a session is written the same way:
templates/cong-van/gui-quyet-dinh.md is a Jinja template of such a text, filled from the session's decisions.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..core.errors import InputError, Location, Problem, collect
from ..core.model import DocumentRef, Issuer, Session, Signer
from ..core.nd30 import addressees_block, recipients_block
from ..core.settings import DISPATCH_SCHEMA, Settings, read_issuer, toml_message
from ..core.text import LITERAL_END, LITERAL_START, distinct_file_names, slugify, unprintable, unprintable_message

_INLINE = re.compile(r"(\*\*\*(.+?)\*\*\*|\*\*(.+?)\*\*|\*(.+?)\*)")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """One paragraph of the body; ``kind`` is "paragraph", "bullet" or "heading" (the text keeps its marker)."""

    kind: str
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Dispatch:
    """A công văn: header, V/v, Kính gửi, body, signer and Nơi nhận."""

    slug: str
    issuer: Issuer
    ref: DocumentRef
    subject: str  # the trích yếu after "V/v "
    addressees: tuple[str, ...]  # canonical lines (see nd30.addressees_block)
    body: tuple[Block, ...]
    signer: Signer
    recipients: tuple[str, ...]

    @property
    def single_addressee(self) -> bool:
        return len(self.addressees) == 1 and not self.addressees[0].startswith("- ")


# Inside data marked literal (between LITERAL_START and LITERAL_END) an asterisk is hidden as this noncharacter while
# the markup is read, so that only the template's own ** and * make bold and italic.
_HIDDEN_STAR = "\ufdd2"
_LITERAL = re.compile(f"{LITERAL_START}(.*?){LITERAL_END}", re.S)


def _literal_words(text: str) -> str:
    return text.replace("*", _HIDDEN_STAR)


def _unmark(text: str) -> str:
    return text.replace(LITERAL_START, "").replace(LITERAL_END, "").replace(_HIDDEN_STAR, "*")


def parse_inline(text: str) -> tuple[Run, ...]:
    text = _LITERAL.sub(lambda found: LITERAL_START + _literal_words(found.group(1)) + LITERAL_END, text)
    runs: list[Run] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position:match.start()]))
        if match.group(2) is not None:
            runs.append(Run(match.group(2), bold=True, italic=True))
        elif match.group(3) is not None:
            runs.append(Run(match.group(3), bold=True))
        else:
            runs.append(Run(match.group(4), italic=True))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    runs = [Run(_unmark(run.text), run.bold, run.italic) for run in runs]
    return tuple(run for run in runs if run.text)


_HEADING = re.compile(r"^(\d+(\.\d+)*\.|[a-zđ]\))\s+")
_BULLET = re.compile(r"^[-–•+*]\s+")


# A line that ends a sentence ends its paragraph too: text pasted from Word keeps one paragraph per line.
_ENDS_PARAGRAPH = re.compile(r"[.:;!?…](\*{1,3})?$")
# A run of three or more spaces inside a line is a blank left for the văn thư ("Quyết định số      /QĐ-UBND ngày
# tháng      năm 2026" in a draft): kept, as non-breaking spaces so that neither Word nor the PDF folds it.
# The marks around inserted data (LITERAL_START/END) may stand inside the run of spaces: they are not text.
_MARKS = re.escape(LITERAL_START + LITERAL_END)
_BLANK = re.compile(rf"(?<=[^\s{_MARKS}])[{_MARKS}]*(?: [{_MARKS}]*){{3,}}(?=[^\s{_MARKS}])")


def _keep_blanks(raw_line: str) -> str:
    line = _BLANK.sub(lambda found: found.group(0).replace(" ", "\x00"), raw_line.replace("\u00a0", " ").strip())
    return " ".join(line.split()).replace("\x00", "\u00a0")


def parse_body(text: str) -> tuple[Block, ...]:
    """Paragraphs are separated by blank lines, or end with a line that ends a sentence (. : ; ! ?) — what a text
    pasted from Word looks like; a line cut in the middle of a sentence continues its paragraph. A bullet or a
    numbered heading always starts its own block."""
    blocks: list[tuple[str, list[str]]] = []
    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line = _keep_blanks(raw_line)
        if not line:
            blocks.append(("", []))
            continue
        if _BULLET.match(line) and not line.startswith("**"):
            blocks.append(("bullet", ["- " + _BULLET.sub("", line, count=1)]))
        elif _HEADING.match(line):
            blocks.append(("heading", [line]))
        elif blocks and blocks[-1][0] == "paragraph" and not _ENDS_PARAGRAPH.search(blocks[-1][1][-1]):
            blocks[-1][1].append(line)
        elif blocks and blocks[-1][0] in ("bullet", "heading") and blocks[-1][1]:
            blocks[-1][1].append(line)  # a wrapped continuation of the item above
        else:
            blocks.append(("paragraph", [line]))
    result = [Block(kind, parse_inline(" ".join(lines))) for kind, lines in blocks if lines]
    if not result:
        return ()
    last = result[-1]
    if not last.text.endswith("./."):
        # The content of a document ends with "./." (Nghị định 30); added once, after any final punctuation.
        runs = list(last.runs)
        while runs and not runs[-1].text.rstrip(" .;,"):
            runs.pop()
        if runs:
            runs[-1] = Run(runs[-1].text.rstrip(" .;,"), runs[-1].bold, runs[-1].italic)
        result[-1] = Block(last.kind, (*runs, Run("./.")))
    return tuple(result)


def split_front_matter(text: str, file: str) -> tuple[dict, str]:
    """'+++' TOML '+++' then the body; a text without front matter has empty settings."""
    text = text.lstrip("\ufeff")
    match = re.match(r"^\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*\n?(.*)$", text, re.S)
    if not match:
        return {}, text
    try:
        return tomllib.loads(match.group(1)), match.group(2)
    except tomllib.TOMLDecodeError as exc:
        # Lines of the front matter start after the opening '+++'.
        message = toml_message(exc)
        shifted = re.sub(r"^dòng (\d+)", lambda m: f"dòng {int(m.group(1)) + 1}", message)
        raise InputError(f"Phần cài đặt đầu tệp {file} (giữa hai dòng +++) viết sai: {shifted}") from exc


def _issuer_and_signer(settings: Settings, session: Session | None) -> tuple[Issuer, Signer]:
    base_issuer = session.issuer if session else None
    if base_issuer is None or "co_quan" in settings.data:
        issuer = read_issuer(settings)
    else:
        issuer = base_issuer
    base_signer = session.signer if session else None
    if base_signer is None or "nguoi_ky" in settings.data:
        signer = Signer(
            authority="",
            authority_text="",
            capacity=settings.text("nguoi_ky.quyen_han", required=False) or None,
            title=settings.text("nguoi_ky.chuc_vu"),
            name=settings.text("nguoi_ky.ho_ten"),
        )
    else:
        signer = base_signer
    return issuer, signer


def dispatch_from_text(text: str, file: str, *, session: Session | None = None, slug: str = "cong-van",
                       default_date: date | None = None) -> Dispatch:
    """Read a dispatch; settings missing from the front matter come from the session (issuer, signer, Lưu)."""
    # Text pasted from another program may hold decomposed letters: everything vanban compares or prints is NFC.
    text = unicodedata.normalize("NFC", text)
    data, body_text = split_front_matter(text, file)
    front_lines = text.count("\n") - body_text.count("\n")
    for number, line in enumerate(body_text.split("\n"), start=front_lines + 1):
        if code := unprintable(line):
            raise InputError(f"Công văn {file} chưa đúng", [Problem(Location(file, row=number),
                                                                      unprintable_message(code))])
    return dispatch_from_parts(data, body_text, file, session=session, slug=slug, default_date=default_date)


def dispatch_from_parts(data: dict, body_text: str, file: str, *, session: Session | None, slug: str,
                        prefix: str = "", default_date: date | None = None) -> Dispatch:
    """Settings (``prefix`` names their table in the file, for messages) + body text -> a checked Dispatch."""
    problems: list[Problem] = []
    settings = Settings(data, file, problems)
    scoped = Settings(_scope(data, prefix), file, problems)
    _refuse_unknown_keys(_scope(data, prefix), prefix, settings)
    issuer, signer = _issuer_and_signer(scoped, session)
    number = settings.integer(f"{prefix}so")
    if number is not None and number <= 0:
        settings.problem(f"{prefix}so", "số công văn phải lớn hơn 0")
    # A draft has neither number nor date: the văn thư writes both when it issues the dispatch.
    signed_on = settings.day(f"{prefix}ngay") or (default_date if number is not None else None)
    archive = settings.text(f"{prefix}luu", required=session is None) or (session.archive if session else "")
    drafting_unit = next((part.strip() for part in archive.split(",") if part.strip().upper() != "VT"), "")
    default_symbol = f"{issuer.abbreviation}-{drafting_unit}" if drafting_unit else issuer.abbreviation
    symbol = settings.text(f"{prefix}ky_hieu", required=False) or default_symbol
    if re.match(r"(?i)^CV(\b|-)", symbol):
        settings.problem(f"{prefix}ky_hieu", "công văn không có chữ viết tắt tên loại (không ghi «CV»); "
                         "ghi dạng UBND-VHXH")
    # Nghị định 30 prints "V/v" then the words, no colon: "V/v: tổ chức…" typed by the office loses its colon.
    subject = re.sub(r"(?i)^v/v\s*[:.]?\s*", "", settings.text(f"{prefix}trich_yeu"))
    addressees_raw = settings.texts(f"{prefix}kinh_gui")
    extra = settings.texts(f"{prefix}noi_nhan", required=False)
    year = signed_on.year if signed_on else (settings.integer(f"{prefix}nam") or (session.draft_year if session else 0))
    if not year:
        settings.problem(f"{prefix}ngay", "cần ngày ký (ngay = 2026-01-22) hoặc năm của bản dự thảo (nam = 2026)")
    body = parse_body(body_text)
    if not body:
        problems.append(Problem(Location(file), "công văn chưa có nội dung (phần sau dòng +++ thứ hai)"))
    collect(problems, f"Công văn {file} chưa đúng")
    return Dispatch(
        slug=slug,
        issuer=issuer,
        ref=DocumentRef(number, symbol, signed_on, year),
        subject=subject,
        addressees=addressees_block(addressees_raw),
        body=body,
        signer=signer,
        recipients=recipients_block(extra, first="Như trên", archive=archive),
    )


def _refuse_unknown_keys(data: dict, prefix: str, settings: Settings) -> None:
    """Anything but DISPATCH_SCHEMA is a typing mistake that would silently drop, say, recipients."""
    settings.refuse_unknown(DISPATCH_SCHEMA, prefix)


def _scope(data: dict, prefix: str) -> dict:
    node = data
    for part in prefix.strip(".").split(".") if prefix else []:
        node = node.get(part, {})
    return node


def dispatch_from_file(path: Path, session: Session | None = None) -> Dispatch:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(f"Không tìm thấy tệp công văn {path}.") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"Tệp {path} không phải văn bản UTF-8; lưu lại với bảng mã UTF-8.") from exc
    return dispatch_from_text(text, Path(path).name, session=session, slug=slugify(Path(path).stem))


def _read_dot(session: Session) -> dict:
    with session.dot_file.open("rb") as handle:
        return tomllib.load(handle)


def covering_dispatches(session: Session, decisions: list, render_body: Callable[[dict], str]) -> list[Dispatch]:
    """The công văn that sends the decisions to the units with awardees (``[cong_van]`` in dot.toml).

    With ``moi_don_vi = true`` there is one per unit, addressed to it and listing its awardees. ``render_body`` fills
    the office's body template (cong-van/gui-quyet-dinh.md) with a context: building a document decides what it
    says, the rendering layer owns the templates.
    """
    data = _read_dot(session).get("cong_van", {})
    file = str(session.dot_file)
    problems: list[Problem] = []
    settings = Settings({"cong_van": data}, file, problems)
    per_unit = data.get("moi_don_vi", False)
    if not isinstance(per_unit, bool):
        settings.problem("cong_van.moi_don_vi", "chỉ ghi true hoặc false")
        per_unit = False
    # Each per-unit dispatch has its own number (vanban issue writes them): { "Trường A" = 124, … }.
    unit_numbers = data.get("so_don_vi", {})
    if not isinstance(unit_numbers, dict) or not all(
            isinstance(value, int) and not isinstance(value, bool) for value in unit_numbers.values()):
        settings.problem("cong_van.so_don_vi", 'ghi dạng { "Tên đơn vị" = 124, … } (mỗi đơn vị một số)')
        unit_numbers = {}
    collect(problems, f"Tệp cài đặt {file} chưa đúng")

    units: list[str] = []
    for decision in decisions:
        for section in decision.annex.sections:
            for row in section.rows:
                if row.award.unit not in units:
                    units.append(row.award.unit)

    def rows_of(decision, unit: str) -> list:  # noqa: ANN001
        return [row for section in decision.annex.sections for row in section.rows if row.award.unit == unit]

    file_names = unit_file_names(units)
    front = {key: value for key, value in data.items() if key not in ("moi_don_vi", "so_don_vi")}
    front.setdefault("trich_yeu", f"gửi Quyết định khen thưởng và Giấy khen năm {session.achievement_year}")
    targets = [(unit, [unit]) for unit in units] if per_unit else [(None, units)]
    dispatches = []
    for unit, addressees in targets:
        body = render_body({"session": session, "decisions": decisions, "unit": unit, "rows_of": rows_of})
        settings_for = {**front, "kinh_gui": addressees}
        if unit is not None and unit in unit_numbers:
            settings_for["so"] = unit_numbers[unit]
        slug = "cong-van-gui-quyet-dinh" + (f"/{file_names[unit]}" if unit else "")
        dispatches.append(dispatch_from_parts({"cong_van": settings_for}, body, file, session=session, slug=slug,
                                              prefix="cong_van.", default_date=session.signed_on))
    return dispatches


def unit_file_names(units: list[str]) -> dict[str, str]:
    """A distinct, short file name per unit: units that differ only in case or accents get -2, -3…"""
    return distinct_file_names(units)
