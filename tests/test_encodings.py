"""Tests for generator.reading.encodings: legacy Vietnamese fonts (TCVN3, VNI Windows, Windows-1258) to Unicode NFC.

Expected values are written by hand. Single code points come from the TCVN 5712:1993 table (VN3 for the .VnTime
fonts, VN1 for the full table) and the VNI Windows table; the phrases include strings met in real spreadsheets
("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "B¶o Th¾ng") and the spec's own example ("Xin chaøo caùc baïn").
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.reading.encodings import (
    VIETNAMESE_LETTERS,
    convert_cell,
    decode_windows_1258,
    font_encoding,
    guess_encoding,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

# ---------------------------------------------------------------------------------------------------------
# The alphabet, built here independently of the module: 12 vowels x 5 tones + ă â ê ô ơ ư đ, both cases.
# ---------------------------------------------------------------------------------------------------------

TONED = {
    "a": "àảãáạ",
    "ă": "ằẳẵắặ",
    "â": "ầẩẫấậ",
    "e": "èẻẽéẹ",
    "ê": "ềểễếệ",
    "i": "ìỉĩíị",
    "o": "òỏõóọ",
    "ô": "ồổỗốộ",
    "ơ": "ờởỡớợ",
    "u": "ùủũúụ",
    "ư": "ừửữứự",
    "y": "ỳỷỹýỵ",
}
PLAIN_LOWER = "ăâêôơưđ"
PLAIN_UPPER = "ĂÂÊÔƠƯĐ"
LOWER = PLAIN_LOWER + "".join(TONED.values())
UPPER = "".join(ch.upper() for ch in LOWER)
TONED_UPPER = "".join(ch.upper() for ch in "".join(TONED.values()))
ALL_LETTERS = LOWER + UPPER


def test_the_alphabet_has_134_letters_and_the_module_agrees():
    assert len(LOWER) == 67
    assert len(set(ALL_LETTERS)) == 134
    assert set(ALL_LETTERS) == VIETNAMESE_LETTERS
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in ALL_LETTERS)


# ---------------------------------------------------------------------------------------------------------
# TCVN3: single codes, by hand from the standard's table
# ---------------------------------------------------------------------------------------------------------

TCVN3_CODES = [
    ("\xa1", "Ă"), ("\xa2", "Â"), ("\xa3", "Ê"), ("\xa4", "Ô"), ("\xa5", "Ơ"), ("\xa6", "Ư"), ("\xa7", "Đ"),
    ("\xa8", "ă"), ("\xa9", "â"), ("\xaa", "ê"), ("\xab", "ô"), ("\xac", "ơ"), ("\xad", "ư"), ("\xae", "đ"),
    ("\xb5", "à"), ("\xb6", "ả"), ("\xb7", "ã"), ("\xb8", "á"), ("\xb9", "ạ"),
    ("\xbb", "ằ"), ("\xbc", "ẳ"), ("\xbd", "ẵ"), ("\xbe", "ắ"), ("\xc6", "ặ"),
    ("\xc7", "ầ"), ("\xc8", "ẩ"), ("\xc9", "ẫ"), ("\xca", "ấ"), ("\xcb", "ậ"),
    ("\xcc", "è"), ("\xce", "ẻ"), ("\xcf", "ẽ"), ("\xd0", "é"), ("\xd1", "ẹ"),
    ("\xd2", "ề"), ("\xd3", "ể"), ("\xd4", "ễ"), ("\xd5", "ế"), ("\xd6", "ệ"),
    ("\xd7", "ì"), ("\xd8", "ỉ"), ("\xdc", "ĩ"), ("\xdd", "í"), ("\xde", "ị"),
    ("\xdf", "ò"), ("\xe1", "ỏ"), ("\xe2", "õ"), ("\xe3", "ó"), ("\xe4", "ọ"),
    ("\xe5", "ồ"), ("\xe6", "ổ"), ("\xe7", "ỗ"), ("\xe8", "ố"), ("\xe9", "ộ"),
    ("\xea", "ờ"), ("\xeb", "ở"), ("\xec", "ỡ"), ("\xed", "ớ"), ("\xee", "ợ"),
    ("\xef", "ù"), ("\xf1", "ủ"), ("\xf2", "ũ"), ("\xf3", "ú"), ("\xf4", "ụ"),
    ("\xf5", "ừ"), ("\xf6", "ử"), ("\xf7", "ữ"), ("\xf8", "ứ"), ("\xf9", "ự"),
    ("\xfa", "ỳ"), ("\xfb", "ỷ"), ("\xfc", "ỹ"), ("\xfd", "ý"), ("\xfe", "ỵ"),
]  # fmt: skip


def test_the_tcvn3_code_list_covers_every_letter_typeable_in_a_vntime_font():
    assert len(TCVN3_CODES) == 74
    assert {letter for _, letter in TCVN3_CODES} == set(LOWER) | set(PLAIN_UPPER)


@pytest.mark.parametrize(("code", "letter"), TCVN3_CODES, ids=[f"{ord(c):#04x}" for c, _ in TCVN3_CODES])
def test_tcvn3_code_reads_as_its_letter_and_back(code, letter):
    assert tcvn3_to_unicode(code) == letter
    assert unicode_to_tcvn3(letter) == code


@pytest.mark.parametrize("letter", LOWER + PLAIN_UPPER)
def test_tcvn3_round_trip_of_every_letter_in_the_normal_font(letter):
    code = unicode_to_tcvn3(letter)
    assert len(code) == 1 and 0xA1 <= ord(code) <= 0xFE
    assert tcvn3_to_unicode(code) == letter


@pytest.mark.parametrize("letter", UPPER)
def test_tcvn3_round_trip_of_every_capital_through_an_upper_case_font(letter):
    code = unicode_to_tcvn3(letter)
    if letter in PLAIN_UPPER:
        assert tcvn3_to_unicode(code) == letter  # Ă Â Ê Ô Ơ Ư Đ have codes of their own
    else:
        # No VN3 code for a capital with a tone: users typed the small letter's code in a .VnTimeH font.
        assert code == unicode_to_tcvn3(letter.lower())
        assert tcvn3_to_unicode(code) == letter.lower()
    assert tcvn3_to_unicode(code, upper_font=True) == letter


def test_tcvn3_codes_are_all_different():
    codes = [unicode_to_tcvn3(ch) for ch in LOWER + PLAIN_UPPER]
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("code", "letter"),
    [
        pytest.param("\x80", "À", id="0x80-raw"),
        pytest.param("€", "À", id="0x80-cp1252"),
        pytest.param("\x81", "Ả", id="0x81-raw-no-cp1252-twin"),
        pytest.param("\x96", "Ọ", id="0x96-raw"),
        pytest.param("–", "Ọ", id="0x96-cp1252"),
        pytest.param("\x9f", "Ũ", id="0x9f-raw"),
        pytest.param("Ÿ", "Ũ", id="0x9f-cp1252"),
        pytest.param("\x01", "Ú", id="0x01"),
        pytest.param("\x17", "Ỵ", id="0x17"),
        pytest.param("\xaf", "Ằ", id="0xaf"),
        pytest.param("\xc0", "Ắ", id="0xc0"),
        pytest.param("\xff", "Ố", id="0xff"),
        pytest.param("\xb8", "á", id="0xb8-same-as-vn3"),
    ],
)
def test_tcvn3_full_vn1_table_reads_capitals_in_control_and_cp1252_slots(code, letter):
    assert tcvn3_to_unicode(code, vn1=True) == letter


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_tcvn3_vn1_round_trip_of_every_letter_in_both_cases(letter):
    code = unicode_to_tcvn3(letter, vn1=True)
    assert len(code) == 1
    assert tcvn3_to_unicode(code, vn1=True) == letter


def test_tcvn3_vn1_codes_are_all_different_and_what_excel_holds():
    codes = [unicode_to_tcvn3(ch, vn1=True) for ch in ALL_LETTERS]
    assert len(set(codes)) == 134
    assert unicode_to_tcvn3("À", vn1=True) == "€"  # Excel shows byte 0x80 as the euro sign
    assert unicode_to_tcvn3("Ả", vn1=True) == "\x81"  # cp1252 has no character for 0x81
    assert tcvn3_to_unicode("e\xb3", vn1=True) == "é"  # VN1's combining acute, composed


def test_tcvn3_vn1_spells_a_capital_with_a_tone_that_vn3_cannot():
    assert tcvn3_to_unicode("NguyÔn ThÞ ƒnh TuyÕt", vn1=True) == "Nguyễn Thị Ánh Tuyết"
    assert unicode_to_tcvn3("Nguyễn Thị Ánh Tuyết", vn1=True) == "NguyÔn ThÞ ƒnh TuyÕt"
    # Read as VN3, the same byte is only the florin sign a .VnTime font draws there.
    assert tcvn3_to_unicode("NguyÔn ThÞ ƒnh TuyÕt") == "Nguyễn Thị ƒnh Tuyết"


def test_tcvn3_vn3_leaves_windows_punctuation_alone():
    # In .VnTime fonts bytes 0x80–0x9F are the usual Windows punctuation, not letters.
    assert tcvn3_to_unicode("Phßng GD – §T “Kim §ång”") == "Phòng GD – ĐT “Kim Đồng”"
    # The same bytes as raw C1 controls are shown as the font shows them.
    assert tcvn3_to_unicode("GD \x96 \x93x\x94") == "GD – “x”"


def test_tcvn3_passes_through_what_is_not_in_the_table():
    assert tcvn3_to_unicode("Nguyen Van A, 30/4/1975; 100%") == "Nguyen Van A, 30/4/1975; 100%"
    assert tcvn3_to_unicode("à °") == "à °"  # 0xE0 and 0xB0 are unused in VN3


def test_tcvn3_upper_font_upper_cases_ascii_letters_too():
    assert tcvn3_to_unicode("chñ tÞch", upper_font=True) == "CHỦ TỊCH"
    assert tcvn3_to_unicode("Nguyen Van A 12", upper_font=True) == "NGUYEN VAN A 12"
    assert tcvn3_to_unicode("\xae\xa7", upper_font=True) == "ĐĐ"
    assert tcvn3_to_unicode("TÖ 1-2 (a)", upper_font=True) == "TỆ 1-2 (A)"


def test_unicode_to_tcvn3_refuses_characters_a_tcvn3_cell_would_misread():
    with pytest.raises(ValueError, match="TCVN3"):
        unicode_to_tcvn3("señor")  # ñ is the code of ủ
    with pytest.raises(ValueError):
        unicode_to_tcvn3("2×3")  # × is the code of ì
    assert unicode_to_tcvn3("A–B 100%") == "A–B 100%"


def test_unicode_to_tcvn3_composes_decomposed_input_first():
    assert unicode_to_tcvn3(unicodedata.normalize("NFD", "Việt")) == "Vi\xd6t"


# ---------------------------------------------------------------------------------------------------------
# TCVN3 phrases
# ---------------------------------------------------------------------------------------------------------

TCVN3_PHRASES = [
    pytest.param("Hµ Néi", "Hà Nội", id="ha-noi"),
    pytest.param("Tr\xadêng TiÓu häc Kim §ång", "Trường Tiểu học Kim Đồng", id="truong-tieu-hoc"),
    # No normal-font code for "Á": typed in .VnTime the name shows "ánh" in lower case, as here.
    pytest.param("NguyÔn ThÞ ¸nh TuyÕt", "Nguyễn Thị ánh Tuyết", id="nguyen-thi-anh-tuyet"),
    pytest.param("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "Cộng hoà xã hội chủ nghĩa Việt Nam", id="quoc-hieu"),
    pytest.param("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc", id="tieu-ngu"),
    pytest.param("§ç ThÞ Thuû Tiªn", "Đỗ Thị Thuỷ Tiên", id="do-thi-thuy-tien"),
    pytest.param("Hîp t¸c x·", "Hợp tác xã", id="hop-tac-xa"),
    pytest.param("B¶o Th¾ng", "Bảo Thắng", id="bao-thang"),
    pytest.param("M\xadêng Kh\xad\xacng", "Mường Khương", id="muong-khuong"),
    pytest.param("Ninh B×nh", "Ninh Bình", id="ninh-binh"),
    pytest.param("Phßng Gi¸o dôc vµ §µo t¹o", "Phòng Giáo dục và Đào tạo", id="phong-gd-dt"),
    pytest.param("TrÇn V¨n H\xadëng", "Trần Văn Hưởng", id="tran-van-huong"),
    pytest.param("Hoµn thµnh xuÊt s¾c nhiÖm vô n¨m häc 2023-2024", "Hoàn thành xuất sắc nhiệm vụ năm học 2023-2024",
                 id="htxs-nhiem-vu"),
    pytest.param("Huúnh ThÞ Mü Dung", "Huỳnh Thị Mỹ Dung", id="huynh-thi-my-dung"),
]  # fmt: skip


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_PHRASES)
def test_tcvn3_phrases(legacy, expected):
    assert tcvn3_to_unicode(legacy) == expected
    assert unicode_to_tcvn3(expected) == legacy


TCVN3_UPPER_PHRASES = [
    pytest.param("CHñ TÞCH ñY BAN NH¢N D¢N", "CHỦ TỊCH ỦY BAN NHÂN DÂN", id="chu-tich-ubnd"),
    pytest.param("chñ tÞch ñy ban nh©n d©n", "CHỦ TỊCH ỦY BAN NHÂN DÂN", id="chu-tich-typed-small"),
    pytest.param("NGUYÔN THÞ ¸NH TUYÕT", "NGUYỄN THỊ ÁNH TUYẾT", id="nguyen-thi-anh-tuyet"),
    pytest.param("QUYÕT §ÞNH", "QUYẾT ĐỊNH", id="quyet-dinh"),
    pytest.param("TR\xadêNG TIÓU HäC KIM §åNG", "TRƯỜNG TIỂU HỌC KIM ĐỒNG", id="truong-tieu-hoc"),
    pytest.param("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="quoc-hieu"),
]


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_UPPER_PHRASES)
def test_tcvn3_phrases_in_an_upper_case_font(legacy, expected):
    assert tcvn3_to_unicode(legacy, upper_font=True) == expected


def test_unicode_to_tcvn3_writes_capitals_with_tones_as_small_codes():
    assert unicode_to_tcvn3("CHỦ TỊCH ỦY BAN NHÂN DÂN") == "CHñ TÞCH ñY BAN NH¢N D¢N"


# ---------------------------------------------------------------------------------------------------------
# VNI Windows
# ---------------------------------------------------------------------------------------------------------

VNI_CODES = [
    # tones on a plain vowel: ø huyền, û hỏi, õ ngã, ù sắc, ï nặng (capitals take capital marks)
    ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aù", "á"), ("aï", "ạ"),
    ("AØ", "À"), ("AÛ", "Ả"), ("AÕ", "Ã"), ("AÙ", "Á"), ("AÏ", "Ạ"),
    ("aâ", "â"), ("aà", "ầ"), ("aå", "ẩ"), ("aã", "ẫ"), ("aá", "ấ"), ("aä", "ậ"),
    ("AÂ", "Â"), ("AÀ", "Ầ"), ("AÅ", "Ẩ"), ("AÃ", "Ẫ"), ("AÁ", "Ấ"), ("AÄ", "Ậ"),
    ("aê", "ă"), ("aè", "ằ"), ("aú", "ẳ"), ("aü", "ẵ"), ("aé", "ắ"), ("aë", "ặ"),
    ("AÊ", "Ă"), ("AÈ", "Ằ"), ("AÚ", "Ẳ"), ("AÜ", "Ẵ"), ("AÉ", "Ắ"), ("AË", "Ặ"),
    ("eâ", "ê"), ("eä", "ệ"), ("EÂ", "Ê"), ("EÄ", "Ệ"),
    ("oâ", "ô"), ("oà", "ồ"), ("OÂ", "Ô"), ("OÀ", "Ồ"),
    ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("í", "í"), ("ò", "ị"),
    ("Ì", "Ì"), ("Æ", "Ỉ"), ("Ó", "Ĩ"), ("Í", "Í"), ("Ò", "Ị"),
    ("ô", "ơ"), ("ôù", "ớ"), ("Ô", "Ơ"), ("ÔÙ", "Ớ"),
    ("ö", "ư"), ("öï", "ự"), ("Ö", "Ư"), ("ÖÏ", "Ự"),
    ("yø", "ỳ"), ("yù", "ý"), ("î", "ỵ"), ("YØ", "Ỳ"), ("YÙ", "Ý"), ("Î", "Ỵ"),
    ("ñ", "đ"), ("Ñ", "Đ"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "letter"), VNI_CODES, ids=[f"{c}={u}" for c, u in VNI_CODES])
def test_vni_code_reads_as_its_letter_and_back(code, letter):
    assert vni_to_unicode(code) == letter
    assert unicode_to_vni(letter) == code


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trip_of_every_letter_in_both_cases(letter):
    code = unicode_to_vni(letter)
    assert 1 <= len(code) <= 2 and code != letter or letter in "ìíÌÍ"
    assert vni_to_unicode(code) == letter


def test_vni_codes_are_all_different():
    codes = [unicode_to_vni(ch) for ch in ALL_LETTERS]
    assert len(set(codes)) == 134


VNI_PHRASES = [
    pytest.param("Xin chaøo caùc baïn", "Xin chào các bạn", id="spec-example"),
    pytest.param("Vieät Nam", "Việt Nam", id="viet-nam"),
    pytest.param("Nguyeãn Thò AÙnh Tuyeát", "Nguyễn Thị Ánh Tuyết", id="nguyen-thi-anh-tuyet"),
    pytest.param("Tröôøng Tieåu hoïc Kim Ñoàng", "Trường Tiểu học Kim Đồng", id="truong-tieu-hoc"),
    pytest.param("CHUÛ TÒCH UÛY BAN NHAÂN DAÂN", "CHỦ TỊCH ỦY BAN NHÂN DÂN", id="chu-tich-ubnd"),
    pytest.param("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam", id="quoc-hieu"),
    pytest.param("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc", id="tieu-ngu"),
    pytest.param("Ñoã Thò Thuyû Tieân", "Đỗ Thị Thuỷ Tiên", id="do-thi-thuy-tien"),
    pytest.param("Hôïp taùc xaõ", "Hợp tác xã", id="hop-tac-xa"),
    pytest.param("Phoøng Giaùo duïc vaø Ñaøo taïo", "Phòng Giáo dục và Đào tạo", id="phong-gd-dt"),
    pytest.param("Sôû Noäi vuï tænh Quaûng Ngaõi", "Sở Nội vụ tỉnh Quảng Ngãi", id="so-noi-vu"),
    pytest.param("Traàn Vaên Höôûng", "Trần Văn Hưởng", id="tran-van-huong"),
    pytest.param("Huyønh Thò Myõ Dung", "Huỳnh Thị Mỹ Dung", id="huynh-thi-my-dung"),
    pytest.param("QUYEÁT ÑÒNH", "QUYẾT ĐỊNH", id="quyet-dinh"),
    pytest.param("Ngöôøi thöïc hieän: 2 ngöôøi.", "Người thực hiện: 2 người.", id="punctuation-digits"),
]


@pytest.mark.parametrize(("legacy", "expected"), VNI_PHRASES)
def test_vni_phrases(legacy, expected):
    assert vni_to_unicode(legacy) == expected
    assert unicode_to_vni(expected) == legacy


def test_vni_mark_of_the_other_case_still_counts_and_case_follows_the_base():
    assert vni_to_unicode("Aùnh") == "Ánh"
    assert vni_to_unicode("aÙ") == "á"


def test_vni_passes_through_a_mark_with_no_vowel():
    assert vni_to_unicode("là") == "là"


def test_unicode_to_vni_refuses_characters_a_vni_cell_would_misread():
    with pytest.raises(ValueError, match="VNI"):
        unicode_to_vni("Ørsted")
    with pytest.raises(ValueError):
        unicode_to_vni("señor")  # ñ is đ in VNI


# ---------------------------------------------------------------------------------------------------------
# Windows-1258
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"Vi\xea\xf2t Nam", "Việt Nam", id="dot-below-on-e-circumflex"),
        pytest.param(b"Nguy\xea\xden", "Nguyễn", id="tilde"),
        pytest.param(b"Tr\xfd\xf5\xccng", "Trường", id="horn-letters-and-grave"),
        pytest.param(b"\xd0\xf4\xdeng", "Đỗng", id="d-stroke"),
        pytest.param(b"Th\xfd\xf5\xd2ng", "Thưởng", id="hook-above"),
        pytest.param(b"h\xe3\xecc", "hắc", id="breve-acute"),
        pytest.param(b"Ha\xcc", "Hà", id="decomposed-a-grave"),
    ],
)
def test_decode_windows_1258_composes_to_nfc(data, expected):
    decoded = decode_windows_1258(data)
    assert decoded == expected
    assert unicodedata.is_normalized("NFC", decoded)


def test_decode_windows_1258_is_strict_by_default():
    with pytest.raises(UnicodeDecodeError):
        decode_windows_1258(b"\x81")
    assert decode_windows_1258(b"a\x81", errors="replace") == "a\ufffd"


# ---------------------------------------------------------------------------------------------------------
# Font names
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        pytest.param(".VnTime", "tcvn3", id="vntime"),
        pytest.param(".VnArial", "tcvn3", id="vnarial"),
        pytest.param(".VnArial Narrow", "tcvn3", id="vnarial-narrow"),
        pytest.param(".VnTimeH", "tcvn3-upper", id="vntimeh"),
        pytest.param(".VnArialH", "tcvn3-upper", id="vnarialh"),
        pytest.param(".VnArial NarrowH", "tcvn3-upper", id="vnarial-narrowh"),
        pytest.param(" .vnTime ", "tcvn3", id="spaces-and-case"),
        pytest.param("VNI-Times", "vni", id="vni-times"),
        pytest.param("VNI-Helve", "vni", id="vni-helve"),
        pytest.param("VNI Times", "vni", id="vni-space"),
        pytest.param("vni-times", "vni", id="vni-lower"),
        pytest.param("Times New Roman", None, id="times"),
        pytest.param("Arial", None, id="arial"),
        pytest.param("VnTime", None, id="no-dot"),
        pytest.param("VNITimes", None, id="no-separator"),
        pytest.param(".Helvetica", None, id="dot-not-vn"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
    ],
)
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


# ---------------------------------------------------------------------------------------------------------
# Guessing without a font
# ---------------------------------------------------------------------------------------------------------

# Real Vietnamese syllables, covering the onsets, rhymes and both tone placements ("hoà" / "hòa").
WORDS = """
nguyễn thị ánh tuyết trường tiểu học kim đồng hợp tác xã đỗ thuỷ thủy tiên chủ tịch ủy uỷ ban nhân dân tỉnh huyện
phường giấy khen bằng chiến sĩ thi đua cơ sở lao động tiến tập thể cá hoàn hoà hòa thành xuất sắc nhiệm vụ năm
quyết định thưởng tích công phạm văn đức lê hoàng long trần quốc tuấn vũ ngọc huyền bùi hương người giữa khuya
quyển thuở rượu ngoằn khoẻ khỏe oanh huỳnh luật lực tươi yêu khuyết việt nam hà nội cộng hội nghĩa độc lập tự do
hạnh phúc giáo dục và đào tạo phòng quảng ngãi mỹ dung hưởng giám đốc phó trưởng kế toán thư điều khoản nghị
chính phủ ngày tháng tiền mặt một hai ba bốn sáu bảy tám chín mười trăm nghìn triệu tỷ lẻ linh mươi ông bà anh chị
em cháu gái trai ấy đây kia này những các của cho với được không có là đã sẽ đang rất nhiều ít mới cũ xuân hạ thu
sông núi biển rừng đường phố làng xóm khoá khóa quý quỳnh thuý thúy loan phượng nguyệt khuê tuệ thuận hiếu dũng
cường thắng lợi kiên trì giỏi gương mẫu điển hình tiêu biểu sinh giảng viên bác kỹ sư khuỷu ngoài xoáy ngoẹo
khuấy khuếch gì gìn giếng giường quà quạ quẹo mùa lụa kìa chịu gửi hưu nêu mũi nói kéo mây chào đấy tuổi ấm ở ý
ạ ừ ơi ồ ăn uống ích ếch ốc ước oai
""".split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Hµ Néi", "tcvn3", id="tcvn3-ha-noi"),
        pytest.param("Tr\xadêng TiÓu häc Kim §ång", "tcvn3", id="tcvn3-truong"),
        pytest.param("NguyÔn V¨n An", "tcvn3", id="tcvn3-name"),
        pytest.param("Lª ThÞ Hoa", "tcvn3", id="tcvn3-le-thi-hoa"),
        pytest.param("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", id="tcvn3-quoc-hieu"),
        pytest.param("CHñ TÞCH ñY BAN NH¢N D¢N", "tcvn3", id="tcvn3-typed-for-h-font"),
        pytest.param("M\xadêng Kh\xad\xacng", "tcvn3", id="tcvn3-soft-hyphen-letters"),
        pytest.param("Xin chaøo caùc baïn", "vni", id="vni-spec-example"),
        pytest.param("Vieät Nam", "vni", id="vni-viet-nam"),
        pytest.param("Tröôøng Tieåu hoïc Kim Ñoàng", "vni", id="vni-truong"),
        pytest.param("Nguyeãn Thò AÙnh Tuyeát", "vni", id="vni-name"),
        pytest.param("CHUÛ TÒCH UÛY BAN NHAÂN DAÂN", "vni", id="vni-upper"),
        pytest.param("Giaùo duïc", "vni", id="vni-marks-that-are-letters"),
        pytest.param("Caù", "vni", id="vni-tone-on-the-wrong-vowel-for-unicode"),
        pytest.param("Quoác gia", "vni", id="vni-qu-takes-no-second-glide"),
        pytest.param("TuÊn", "tcvn3", id="tcvn3-capital-inside-a-word"),
        pytest.param("ThÓ", "tcvn3", id="tcvn3-not-vni-capital-inside-a-word"),
    ],
)
def test_guess_encoding_recognises_legacy_text(text, expected):
    assert guess_encoding(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Nguyễn Thị Ánh Tuyết", id="unicode-name"),
        pytest.param("Trường Tiểu học Kim Đồng", id="unicode-school"),
        pytest.param("Hợp tác xã", id="unicode-hop-tac-xa"),
        pytest.param("Đỗ Thị Thuỷ Tiên", id="unicode-do-thi-thuy-tien"),
        pytest.param("CHỦ TỊCH ỦY BAN NHÂN DÂN", id="unicode-upper"),
        pytest.param(unicodedata.normalize("NFD", "Nguyễn Văn Ánh"), id="unicode-decomposed"),
        pytest.param("Tôi là Nam", id="unicode-latin1-letters-only"),
        pytest.param("Cà Mau", id="unicode-ca-mau"),
        pytest.param("Hoà", id="old-tone-placement-also-vni-for-ho"),
        pytest.param("Vò", id="valid-word-also-tcvn3-for-vu"),
        pytest.param("ñy", id="tcvn3-uy-or-vni-dy"),
        pytest.param("café", id="french-cafe"),
        pytest.param("Hôtel", id="french-hotel"),
        pytest.param("naïve", id="french-naive"),
        pytest.param("crème brûlée", id="french-creme-brulee"),
        pytest.param("señor", id="spanish"),
        pytest.param("Müller", id="german"),
        pytest.param("São Paulo", id="portuguese"),
        pytest.param("© 2020", id="copyright-sign"),
        pytest.param("2×3", id="times-sign"),
        pytest.param("Bµc Liªu", id="stop-closed-syllable-with-huyen-is-not-vietnamese"),
        pytest.param("Đỗ Lª", id="unicode-mixed-with-tcvn3"),
        pytest.param("Nguyen Van A", id="ascii"),
        pytest.param("12345", id="digits"),
        pytest.param("", id="empty"),
    ],
)
def test_guess_encoding_leaves_unicode_foreign_and_doubtful_text_alone(text):
    assert guess_encoding(text) is None


@pytest.mark.parametrize("word", WORDS)
def test_every_real_syllable_is_accepted_after_conversion(word):
    # An anchor word gives the evidence; the syllable under test must then read as Vietnamese, or guessing fails.
    assert guess_encoding("ViÖt " + unicode_to_tcvn3(word)) == "tcvn3"
    assert guess_encoding("Vieät " + unicode_to_vni(word)) == "vni"
    assert guess_encoding("VIEÄT " + unicode_to_vni(word.upper())) == "vni"


# ---------------------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "font", "expected"),
    [
        pytest.param("Hµ Néi", ".VnTime", ("Hà Nội", "tcvn3"), id="vntime"),
        pytest.param("chñ tÞch", ".VnTimeH", ("CHỦ TỊCH", "tcvn3-upper"), id="vntimeh"),
        pytest.param("Nguyen Van A", ".VnTimeH", ("NGUYEN VAN A", "tcvn3-upper"), id="vntimeh-ascii"),
        pytest.param("Nguyen Van A", ".VnTime", ("Nguyen Van A", None), id="vntime-ascii-unchanged"),
        pytest.param("Xin chaøo caùc baïn", "VNI-Times", ("Xin chào các bạn", "vni"), id="vni-times"),
        # The font name wins over statistics: "Vò" is a word, but in .VnTime it is "Vũ".
        pytest.param("Vò", ".VnTime", ("Vũ", "tcvn3"), id="font-beats-ambiguity"),
        pytest.param("Nguyễn Thị Ánh Tuyết", ".VnTime", ("Nguyễn Thị Ánh Tuyết", None), id="retyped-in-unicode"),
        pytest.param("CHỦ TỊCH", ".VnTimeH", ("CHỦ TỊCH", None), id="retyped-in-unicode-h-font"),
        pytest.param("Trường", "VNI-Times", ("Trường", None), id="retyped-in-unicode-vni"),
        pytest.param("Nguyễn Müller", ".VnTime", ("Nguyễn Müller", None), id="retyped-in-unicode-foreign-word"),
        pytest.param("Vò", "VNI-Times", ("Vị", "vni"), id="vni-font-beats-ambiguity"),
        pytest.param("Tôi là Nam", ".VnTime", ("Tôi là Nam", None), id="latin1-unicode-a-grave-not-in-tcvn3"),
        pytest.param("Tôi là Nam", "VNI-Times", ("Tôi là Nam", None), id="latin1-unicode-stray-vni-mark"),
        pytest.param("Hµ Néi", None, ("Hà Nội", "tcvn3"), id="guessed-tcvn3"),
        pytest.param("Hµ Néi", "Times New Roman", ("Hà Nội", "tcvn3"), id="guessed-under-unicode-font"),
        pytest.param("CHñ TÞCH ñY BAN", None, ("CHỦ TỊCH ỦY BAN", "tcvn3-upper"), id="guessed-h-font"),
        pytest.param("Lª ThÞ Hoa", None, ("Lê Thị Hoa", "tcvn3"), id="guessed-title-case"),
        pytest.param("Vieät Nam", "Arial", ("Việt Nam", "vni"), id="guessed-vni"),
        pytest.param("café", None, ("café", None), id="foreign-word"),
        pytest.param(unicodedata.normalize("NFD", "Hoà"), None, ("Hoà", None), id="nfd-composed"),
        pytest.param("", ".VnTime", ("", None), id="empty"),
    ],
)
def test_convert_cell(text, font, expected):
    assert convert_cell(text, font) == expected


# ---------------------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------------------

DIGITS_AND_SPACE = "0123456789 "
ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
ASCII_UPPER = ASCII_LOWER.upper()


@settings(max_examples=300)
@given(st.text(alphabet=LOWER + PLAIN_UPPER + ASCII_LOWER + ASCII_UPPER + DIGITS_AND_SPACE, max_size=40))
def test_tcvn3_round_trip_on_text_a_normal_font_can_hold(text):
    encoded = unicode_to_tcvn3(text)
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert tcvn3_to_unicode(encoded) == text


@settings(max_examples=300)
@given(st.text(alphabet=UPPER + ASCII_UPPER + DIGITS_AND_SPACE, max_size=40))
def test_tcvn3_round_trip_on_upper_case_text_through_an_h_font(text):
    assert tcvn3_to_unicode(unicode_to_tcvn3(text), upper_font=True) == text


@settings(max_examples=300)
@given(st.text(alphabet=ALL_LETTERS + ASCII_LOWER + ASCII_UPPER + DIGITS_AND_SPACE, max_size=40))
def test_tcvn3_vn1_round_trip_on_any_vietnamese_text(text):
    assert tcvn3_to_unicode(unicode_to_tcvn3(text, vn1=True), vn1=True) == text


@settings(max_examples=300)
@given(st.text(alphabet=ALL_LETTERS + ASCII_LOWER + ASCII_UPPER + DIGITS_AND_SPACE, max_size=40))
def test_vni_round_trip_on_any_vietnamese_text(text):
    encoded = unicode_to_vni(text)
    assert all(ord(ch) <= 0xFF for ch in encoded)
    assert vni_to_unicode(encoded) == text


CASES = (str.lower, str.title, str.upper)


@st.composite
def vietnamese_text(draw, cases=CASES):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    separators = draw(st.lists(st.sampled_from([" ", " ", " ", ", ", " - ", " 2024 ", ". "]), min_size=len(words)))
    case = draw(st.sampled_from(cases))
    return "".join(case(word) + sep for word, sep in zip(words, separators, strict=False)).strip()


@settings(max_examples=500)
@given(vietnamese_text())
def test_guess_encoding_never_flags_valid_vietnamese_unicode(text):
    assert guess_encoding(text) is None
    assert convert_cell(text, None) == (text, None)


@settings(max_examples=300)
@given(vietnamese_text(), st.sampled_from([".VnTime", ".VnTimeH", "VNI-Times"]))
def test_a_legacy_font_never_damages_text_already_in_unicode_beyond_latin1(text, font):
    if all(ord(ch) <= 0xFF for ch in text):
        return  # Latin-1-only text in a legacy font is legitimately legacy ("Vò" in .VnTime is "Vũ")
    assert convert_cell(text, font) == (text, None)


@settings(max_examples=300)
@given(vietnamese_text())
def test_guess_never_mistakes_vni_for_tcvn3_and_converts_back_exactly(text):
    legacy = unicode_to_vni(text)
    guessed = guess_encoding(legacy)
    assert guessed in ("vni", None)
    if guessed == "vni":
        assert convert_cell(legacy, None) == (text, "vni")


@settings(max_examples=300)
@given(vietnamese_text(cases=(str.lower,)))
def test_guess_never_mistakes_tcvn3_for_vni_and_converts_back_exactly(text):
    legacy = unicode_to_tcvn3(text)
    guessed = guess_encoding(legacy)
    assert guessed in ("tcvn3", None)
    if guessed == "tcvn3":
        assert convert_cell(legacy, None) == (text, "tcvn3")


def test_guessing_recognises_every_sample_phrase_in_either_encoding():
    # Not a property: a floor, so that a change that makes guessing give up is caught.
    phrases = [p.values[1] for p in TCVN3_PHRASES] + [p.values[1] for p in VNI_PHRASES]
    for phrase in phrases:
        assert guess_encoding(unicode_to_tcvn3(phrase.lower())) == "tcvn3", phrase
        legacy = unicode_to_vni(phrase)
        # "Ninh Bình" is the same in VNI: í and ì are bytes of their own there, and nothing tells it apart.
        assert guess_encoding(legacy) == ("vni" if legacy != phrase else None), phrase
