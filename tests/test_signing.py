"""Signing issued documents as Nghị định 30 prescribes: PKCS#12 and a SoftHSM2 token, appearances, verify, PDF/A."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from signing_fixtures import PASSWORD, ec_key, make_ca, make_signer, seal_png, signature_png, weak_rsa_key

from generator.cli import cli
from generator.signing.appearance import MM, Box, seal_overlap_share
from generator.signing.guard import refuse_overwriting_signed, signed_files
from generator.signing.pdfa import pdfa_problems
from generator.signing.sign import sidecar_path, signature_records, widget_placement

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "vi-du"
DECISION = "quyet-dinh-giay-khen.pdf"
SEAL_MM = 36


@pytest.fixture(scope="module")
def issued(tmp_path_factory) -> Path:
    """The bundled example's decisions and dispatch, PDF only, as `vanban build` issues them."""
    target = tmp_path_factory.mktemp("issued") / "vi-du"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE), "-o", str(target), "--format", "pdf", "--only",
                                      "quyet-dinh,cong-van", "-q", "--no-lint"])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def material(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("keys")
    ca = make_ca(folder)
    return {
        "ca": ca,
        "signer": make_signer(folder, ca, "Nguyễn Văn An", "nguoi-ky"),
        "organisation": make_signer(folder, ca, "Ủy ban nhân dân xã Hòa Bình", "co-quan"),
        "ec": make_signer(folder, ca, "Trần Thị Bình", "ec", key=ec_key()),
        "weak": make_signer(folder, ca, "Khóa ngắn", "yeu", key=weak_rsa_key()),
        "no_nr": make_signer(folder, ca, "Không chống chối bỏ", "khong-nr", non_repudiation=False),
        "signature": signature_png(folder / "chu-ky.png"),
        "seal": seal_png(folder / "con-dau.png", diameter_mm=SEAL_MM),
        "folder": folder,
    }


@pytest.fixture
def session(issued, tmp_path) -> Path:
    copy = tmp_path / "vi-du"
    shutil.copytree(issued, copy)
    return copy


def run(*args: str, secret: str | None = PASSWORD):
    return CliRunner().invoke(cli, [str(arg) for arg in args], input=(secret + "\n") if secret is not None else None)


def sign_p12(target: Path, role: str, material: dict, *extra: str, secret: str = PASSWORD):
    key = material["signer"] if role == "nguoi-ky" else material["organisation"]
    image = material["signature"] if role == "nguoi-ky" else material["seal"]
    return run("sign", target, "--vai-tro", role, "--anh", image, "--p12", key.p12, *extra, secret=secret)


def placements(pdf: Path) -> dict:
    """Field name -> (page, widget box, drawn image size) measured from the PDF itself."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    with pdf.open("rb") as stream:
        reader = PdfFileReader(stream, strict=False)
        found = {}
        for signature in reader.embedded_signatures:
            page, box = widget_placement(reader, signature.sig_field)
            normal = signature.sig_field["/AP"]["/N"].get_object()
            scales = [(float(a), float(d)) for a, d in re.findall(rb"([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm",
                                                                   normal.data)]
            width = height = 1.0
            for a, d in scales:
                width, height = width * a, height * d
            found[signature.field_name] = (page, box, (width, height) if scales else None)
    return found


def test_issued_pdfs_are_pdfa_2b_and_the_check_can_fail(issued):
    from generator.rendering.pdf import html_to_pdf

    for name in (DECISION, "cong-van-gui-quyet-dinh.pdf"):
        assert pdfa_problems((issued / name).read_bytes()) == []
    plain = html_to_pdf("<p style='font-family: serif'>Thử</p>", str(issued))[0]
    problems = pdfa_problems(plain)
    assert any("XMP" in problem for problem in problems)
    assert any("output intent" in problem for problem in problems)


def test_manifest_records_the_signature_block_from_rendering(issued):
    entries = {entry["path"]: entry for entry in json.loads((issued / "manifest.json").read_text())["files"]}
    block = entries[DECISION]["chu_ky"]
    assert block["trang"] == 1
    # The signer column is the right half of the text area (A4 595 pt wide, margins 30/15 mm).
    assert 30 * MM + 100 < block["cot_trai"] < block["cot_phai"] <= 595.3 - 15 * MM + 0.5
    # Room for signature and seal between the last title line and the name: 28 mm in nd30.css.
    assert 26 * MM < block["duoi_chuc_vu"] - block["tren_ho_ten"] < 32 * MM
    dispatch = entries["cong-van-gui-quyet-dinh.pdf"]["chu_ky"]
    assert dispatch["trang"] == entries["cong-van-gui-quyet-dinh.pdf"]["pages"]


def test_pkcs12_signer_then_organisation_verify_reports_both_intact_in_order(session, material):
    signed = sign_p12(session, "nguoi-ky", material)
    assert signed.exit_code == 0, signed.output
    sealed = sign_p12(session, "co-quan", material)
    assert sealed.exit_code == 0, sealed.output
    decisions = [entry["path"] for entry in json.loads((session / "manifest.json").read_text())["files"]]
    assert len(signed_files(session)) == len(decisions) == 5
    pdf = session / DECISION

    # pyHanko's own validation, independent of vanban's report.
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(material["ca"].cert.public_bytes(__import__(
        "cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]).Encoding.DER))
    with pdf.open("rb") as stream:
        reader = PdfFileReader(stream, strict=False)
        signatures = reader.embedded_signatures
        assert [signature.field_name for signature in signatures] == ["NguoiKy", "CoQuan"]
        for signature in signatures:
            status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
            assert status.intact and status.valid and status.trusted
            assert "pss" in status.pkcs7_signature_mechanism and status.md_algorithm == "sha256"

    result = run("verify", pdf, "--tin-cay", material["ca"].cert_pem, "--json", secret=None)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["dat"] is True
    assert [(item["vai_tro"], item["nguoi_ky"]) for item in report["chu_ky"]] == [
        ("nguoi-ky", "Nguyễn Văn An"), ("co-quan", "Ủy ban nhân dân xã Hòa Bình")]
    assert all(item["toan_ven"] and not item["bi_sua_sau_khi_ky"] and item["chuoi_chung_thu"] == "tin-cay"
               for item in report["chu_ky"])
    assert all(item["thoi_gian"].endswith("+07:00") for item in report["chu_ky"])
    text = run("verify", pdf, "--tin-cay", material["ca"].cert_pem, secret=None)
    assert "Người có thẩm quyền: Nguyễn Văn An" in text.output and "Kết quả: ĐẠT." in text.output

    # Still PDF/A-2b after two incremental signatures (fonts, output intent, XMP kept; no encryption).
    assert pdfa_problems(pdf.read_bytes()) == []
    # The register's record: who, role, when, SHA-256 of the file as signed.
    records = signature_records(pdf)
    assert records == json.loads(sidecar_path(pdf).read_text(encoding="utf-8"))
    assert [(record["vai_tro"], record["nguoi_ky"]) for record in records] == [
        ("nguoi-ky", "Nguyễn Văn An"), ("co-quan", "Ủy ban nhân dân xã Hòa Bình")]
    assert records[-1]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert records[0]["sha256"] != records[-1]["sha256"]


def test_appearances_are_placed_as_the_decree_says_measured_from_the_pdf(session, material):
    assert sign_p12(session / DECISION, "nguoi-ky", material).exit_code == 0
    assert sign_p12(session / DECISION, "co-quan", material).exit_code == 0
    block = next(entry for entry in json.loads((session / "manifest.json").read_text())["files"]
                 if entry["path"] == DECISION)["chu_ky"]
    found = placements(session / DECISION)
    page, signature, drawn = found["NguoiKy"]
    assert page == block["trang"]
    # Centred between the title and the name (ô 7c), in the signer column.
    assert signature.centre[0] == pytest.approx((block["cot_trai"] + block["cot_phai"]) / 2, abs=0.5)
    assert signature.centre[1] == pytest.approx((block["duoi_chuc_vu"] + block["tren_ho_ten"]) / 2, abs=0.5)
    assert block["tren_ho_ten"] < signature.y0 < signature.y1 < block["duoi_chuc_vu"]
    # The image fills the widget with its own proportions (600 × 240 px).
    assert drawn[0] == pytest.approx(signature.width, abs=0.5) and drawn[1] == pytest.approx(signature.height, abs=0.5)
    assert signature.width / signature.height == pytest.approx(600 / 240, rel=0.01)
    seal_page, seal, seal_drawn = found["CoQuan"]
    assert seal_page == page
    # Real size: the 36 mm seal is drawn 36 mm wide and high.
    assert seal_drawn[0] == pytest.approx(SEAL_MM * MM, abs=0.5) and seal_drawn[1] == pytest.approx(SEAL_MM * MM,
                                                                                                     abs=0.5)
    # Over about the left third of the signature image (ô 8), centred on it vertically.
    assert seal_overlap_share(signature, seal) == pytest.approx(1 / 3, abs=0.01)
    assert seal.x0 < signature.x0 and seal.centre[1] == pytest.approx(signature.centre[1], abs=0.5)


def test_rendered_page_shows_blue_signature_and_red_seal_where_measured(session, material, tmp_path):
    from PIL import Image

    assert sign_p12(session / DECISION, "nguoi-ky", material).exit_code == 0
    assert sign_p12(session / DECISION, "co-quan", material).exit_code == 0
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", str(session / DECISION),
                    str(tmp_path / "trang")], check=True)
    page = Image.open(next(tmp_path.glob("trang*.png"))).convert("RGB")
    found = placements(session / DECISION)
    height = page.size[1]

    def count(box: Box, wanted) -> int:  # noqa: ANN001
        hits = 0
        for x in range(int(box.x0), int(box.x1)):
            for y in range(int(height - box.y1), int(height - box.y0)):
                if wanted(*page.getpixel((x, y))):
                    hits += 1
        return hits

    def blue(r: int, g: int, b: int) -> bool:
        return b > 150 and r < 100 and g < 120

    def red(r: int, g: int, b: int) -> bool:
        return r > 170 and g < 90 and b < 90

    signature, seal = found["NguoiKy"][1], found["CoQuan"][1]
    right_of_seal = Box(seal.x1 + 1, signature.y0, signature.x1, signature.y1)
    assert count(right_of_seal, blue) > 100  # the blue strokes show beside the seal
    assert count(seal, red) > 100  # the red seal is drawn in its own rectangle
    above = Box(signature.x0, signature.y1 + 40, signature.x1, signature.y1 + 60)
    assert count(above, red) == 0 and count(above, blue) == 0  # nothing drawn over the title lines


def test_changing_one_signed_byte_makes_verify_fail(session, material):
    pdf = session / DECISION
    assert sign_p12(pdf, "nguoi-ky", material).exit_code == 0
    data = bytearray(pdf.read_bytes())
    position = data.rindex(b"/Producer (") + len(b"/Producer (")  # a text string inside the signed byte range
    data[position] = ord("Q") if data[position] != ord("Q") else ord("R")
    pdf.write_bytes(bytes(data))
    result = run("verify", pdf, "--tin-cay", material["ca"].cert_pem, secret=None)
    assert result.exit_code == 7, result.output
    assert "toàn vẹn: KHÔNG" in result.output and "Kết quả: KHÔNG ĐẠT." in result.output


def test_wrong_order_and_second_signature_are_refused_and_leave_the_file(session, material):
    pdf = session / DECISION
    before = pdf.read_bytes()
    first = sign_p12(pdf, "co-quan", material)
    assert first.exit_code == 6
    assert "chưa có chữ ký số của người có thẩm quyền" in first.output and "Điều 32" in first.output
    assert pdf.read_bytes() == before and not sidecar_path(pdf).exists()
    assert sign_p12(pdf, "nguoi-ky", material).exit_code == 0
    signed = pdf.read_bytes()
    again = sign_p12(pdf, "nguoi-ky", material)
    assert again.exit_code == 6 and "đã có chữ ký số của người có thẩm quyền" in again.output
    assert pdf.read_bytes() == signed
    assert "Traceback" not in first.output + again.output


def test_keys_that_break_the_rules_are_refused_in_vietnamese(session, material):
    pdf = session / DECISION
    weak = run("sign", pdf, "--vai-tro", "nguoi-ky", "--anh", material["signature"], "--p12", material["weak"].p12)
    assert weak.exit_code == 6 and "1024 bit" in weak.output and "2048" in weak.output
    no_nr = run("sign", pdf, "--vai-tro", "nguoi-ky", "--anh", material["signature"], "--p12",
                material["no_nr"].p12)
    assert no_nr.exit_code == 6 and "chống chối bỏ" in no_nr.output
    wrong = sign_p12(pdf, "nguoi-ky", material, secret="sai-mat-khau")
    assert wrong.exit_code == 6 and "mật khẩu sai" in wrong.output
    assert not signed_files(session)


def test_ecdsa_key_signs(session, material):
    pdf = session / DECISION
    result = run("sign", pdf, "--vai-tro", "nguoi-ky", "--anh", material["signature"], "--p12", material["ec"].p12)
    assert result.exit_code == 0, result.output
    report = json.loads(run("verify", pdf, "--json", secret=None).output)
    assert report["chu_ky"][0]["nguoi_ky"] == "Trần Thị Bình" and report["chu_ky"][0]["toan_ven"]


def test_signature_image_must_be_a_transparent_png(session, material, tmp_path):
    from PIL import Image

    opaque = tmp_path / "nen-trang.png"
    Image.new("RGB", (300, 100), "white").save(opaque)
    result = run("sign", session / DECISION, "--vai-tro", "nguoi-ky", "--anh", opaque, "--p12",
                 material["signer"].p12)
    assert result.exit_code == 6 and "nền trong suốt" in result.output


def test_attachment_gets_the_text_only_organisation_signature_top_right(session, material):
    from pyhanko.pdf_utils.reader import PdfFileReader

    annex = session / "phu-luc.pdf"
    shutil.copy(session / DECISION, annex)
    result = run("sign", annex, "--vai-tro", "co-quan", "--dinh-kem", "05/QĐ-UBND", "--p12",
                 material["organisation"].p12)
    assert result.exit_code == 0, result.output
    found = placements(annex)
    page, box, _ = found["CoQuanVanBanKem"]
    assert page == 1
    assert box.x1 == pytest.approx(595.28 - 15 * MM, abs=1) and box.y1 > 841.89 - 20 * MM
    with annex.open("rb") as stream:
        field = PdfFileReader(stream, strict=False).embedded_signatures[0].sig_field
        appearance = field["/AP"]["/N"].get_object()
        font = appearance["/Resources"]["/Font"]
        assert font and b"Tf" in appearance.data and b"/Image" not in appearance.data
    assert pdfa_problems(annex.read_bytes()) == []  # the Times-metric font is embedded
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(annex), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = {word: [float(value) for value in numbers] for *numbers, word in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', boxes)}
    assert "05/QĐ-UBND" in words
    time_word = next(word for word in words if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", word))
    x0, y0, x1, y1 = words[time_word]
    # 10 pt Times-metric text: 25 characters about 117 pt wide, inside the right margin and above the header.
    assert 100 < x1 - x0 < 135 and 9 < y1 - y0 < 13
    assert x1 <= 595.28 - 15 * MM and y1 < 20 * MM
    verified = run("verify", annex, "--tin-cay", material["ca"].cert_pem, secret=None)
    assert verified.exit_code == 0, verified.output


def test_rebuild_refuses_to_overwrite_a_signed_document(session, material):
    pdf = session / DECISION
    assert sign_p12(pdf, "nguoi-ky", material).exit_code == 0
    signed = pdf.read_bytes()
    from generator.core.errors import OutputError

    with pytest.raises(OutputError, match="đã ký số"):
        refuse_overwriting_signed(session)
    result = run("build", EXAMPLE, "-o", session, "--format", "pdf", "--only", "quyet-dinh", "-q", secret=None)
    assert result.exit_code == 5 and DECISION in result.output and "không lập đè" in result.output
    assert pdf.read_bytes() == signed
    refuse_overwriting_signed(session.parent / "chua-co")  # an absent or unsigned folder is fine


# ---- PKCS#11: a throwaway SoftHSM2 token, driven exactly like a USB token ----

SOFTHSM = next((path for path in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                                  "/usr/local/lib/softhsm/libsofthsm2.so") if Path(path).is_file()), None)
PIN, SO_PIN, TOKEN = "123456", "12345678", "VANBAN-THU"


@pytest.fixture(scope="module")
def token(tmp_path_factory, material) -> dict:
    """A throwaway token: the signer's key twice under one label (IDs 01, 02), and a key allowed only PKCS#1 v1.5.

    One per module: the PKCS#11 module reads SOFTHSM2_CONF once, when the process first loads it. SoftHSM2 and
    OpenSC are required in CI (.ci/run installs them) and skipped elsewhere when missing.
    """
    if SOFTHSM is None or not shutil.which("pkcs11-tool") or not shutil.which("softhsm2-util"):
        if os.environ.get("CI"):
            pytest.fail("SoftHSM2 and OpenSC must be installed in CI: .ci/run installs them")
        pytest.skip("SoftHSM2 and OpenSC are not installed here (.ci/run installs them)")
    from cryptography.hazmat.primitives import serialization

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def tool(*args: str) -> None:
        subprocess.run(["pkcs11-tool", "--module", SOFTHSM, "--token-label", TOKEN, "--login", "--pin", PIN, *args],
                       check=True, capture_output=True, env=env)

    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
                   check=True, capture_output=True, env=env)
    label = "Nguyễn Văn An"
    second = make_signer(material["folder"], material["ca"], "Nguyễn Văn An (bản 2)", "nguoi-ky-2")
    for key_id, issued in (("01", material["signer"]), ("02", second)):
        key_pem = folder / f"{key_id}.pem"
        key_pem.write_bytes(issued.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(key_pem), "--token", TOKEN, "--label", label, "--id", key_id,
                        "--pin", PIN], check=True, capture_output=True, env=env)
        key_pem.unlink()
        cert_der = folder / f"{key_id}.der"
        cert_der.write_bytes(issued.cert.public_bytes(serialization.Encoding.DER))
        tool("--write-object", str(cert_der), "--type", "cert", "--id", key_id, "--label", label)
    # A key the token will only use with PKCS#1 v1.5 (CKA_ALLOWED_MECHANISMS), as older tokens do.
    tool("--keypairgen", "--key-type", "rsa:2048", "--id", "03", "--label", "khong-pss",
         "--allowed-mechanisms", "SHA256-RSA-PKCS,RSA-PKCS")
    public_der = folder / "03.pub"
    tool("--read-object", "--type", "pubkey", "--id", "03", "-o", str(public_der))
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    from signing_fixtures import certify

    cert = certify(material["ca"], load_der_public_key(public_der.read_bytes()), "Khóa không PSS")
    (folder / "03.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    tool("--write-object", str(folder / "03.der"), "--type", "cert", "--id", "03", "--label", "khong-pss")
    yield {"module": SOFTHSM, "second": second}
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


def sign_token(target: Path, material: dict, *selector: str, pin: str = PIN, role: str = "nguoi-ky"):
    image = material["signature"] if role == "nguoi-ky" else material["seal"]
    return run("sign", target, "--vai-tro", role, "--anh", image, "--pkcs11", SOFTHSM, "--token", TOKEN, *selector,
               secret=pin)


def test_softhsm_token_signs_the_session_then_pkcs12_organisation(session, material, token):
    pdf = session / DECISION
    result = sign_token(session, material, "--khoa-id", "01")  # every decision and dispatch, one PIN
    assert result.exit_code == 0, result.output
    assert result.output.count("Đã ký") == 5
    from cryptography.hazmat.primitives.serialization import Encoding

    fingerprint = hashlib.sha256(material["signer"].cert.public_bytes(Encoding.DER)).hexdigest()
    assert json.loads(sidecar_path(pdf).read_text())[0]["van_tay_chung_thu"] == fingerprint
    assert sign_p12(pdf, "co-quan", material).exit_code == 0
    report = run("verify", pdf, "--tin-cay", material["ca"].cert_pem, "--json", secret=None)
    assert report.exit_code == 0, report.output
    items = json.loads(report.output)["chu_ky"]
    assert [item["vai_tro"] for item in items] == ["nguoi-ky", "co-quan"]
    assert all(item["toan_ven"] and item["chuoi_chung_thu"] == "tin-cay" for item in items)
    assert pdfa_problems(pdf.read_bytes()) == []
    dispatch = session / "cong-van-gui-quyet-dinh.pdf"
    assert sign_p12(dispatch, "co-quan", material).exit_code == 0
    assert run("verify", dispatch, "--tin-cay", material["ca"].cert_pem, secret=None).exit_code == 0


def test_softhsm_key_chosen_by_certificate_fingerprint(session, material, token):
    from cryptography.hazmat.primitives.serialization import Encoding

    fingerprint = hashlib.sha256(token["second"].cert.public_bytes(Encoding.DER)).hexdigest()
    result = sign_token(session / DECISION, material, "--van-tay", fingerprint)
    assert result.exit_code == 0, result.output
    assert "Nguyễn Văn An (bản 2)" in result.output


def test_duplicate_token_label_is_never_picked_silently(session, material, token):
    result = sign_token(session / DECISION, material, "--nhan", "Nguyễn Văn An")
    assert result.exit_code == 6
    assert "Có 2 khóa ký khớp" in result.output and "ID 01" in result.output and "ID 02" in result.output
    assert "--khoa-id" in result.output and not signed_files(session)
    unnamed = sign_token(session / DECISION, material)
    assert unnamed.exit_code == 6 and "không tự chọn thay" in unnamed.output


def test_wrong_pin_stops_after_the_first_failure(session, material, token):
    result = sign_token(session / DECISION, material, "--khoa-id", "01", pin="000000")
    assert result.exit_code == 6
    assert "Mã PIN" in result.output and "không thử lại" in result.output
    assert not signed_files(session) and "Traceback" not in result.output
    # One attempt only: the right PIN still works at once (SoftHSM2 counts failures but never locks).
    assert sign_token(session / DECISION, material, "--khoa-id", "01").exit_code == 0


def test_key_that_cannot_do_pss_gives_a_clear_message_and_the_fallback_works(session, material, token):
    pdf = session / DECISION
    before = pdf.read_bytes()
    refused = sign_token(pdf, material, "--khoa-id", "03")
    assert refused.exit_code == 6, refused.output
    assert "RSASSA-PSS" in refused.output and "--khong-pss" in refused.output
    assert pdf.read_bytes() == before and "Traceback" not in refused.output
    fallback = sign_token(pdf, material, "--khoa-id", "03", "--khong-pss")
    assert fallback.exit_code == 0, fallback.output


def test_verify_reports_organisation_before_signer_and_a_misplaced_seal(session, material):
    """A file signed out of order by another tool (vanban itself refuses): verify names both rules, exit 7."""
    from PIL import Image
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from generator.signing.keys import from_pkcs12
    from generator.signing.sign import _image_style

    pdf = session / DECISION
    for field_name, key, image, box in (
            ("CoQuan", material["organisation"], material["seal"], (60, 100, 162, 202)),
            ("NguoiKy", material["signer"], material["signature"], (354, 137, 524, 205))):
        keys = from_pkcs12(key.p12, PASSWORD)
        with pdf.open("rb") as stream:
            writer = IncrementalPdfFileWriter(stream, strict=False)
            meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256")
            signer = signers.PdfSigner(meta, keys.signer, stamp_style=_image_style(Image.open(image).convert("RGBA")),
                                       new_field_spec=fields.SigFieldSpec(field_name, on_page=0, box=box))
            data = signer.sign_pdf(writer).getvalue()
        pdf.write_bytes(data)
    result = run("verify", pdf, "--tin-cay", material["ca"].cert_pem, secret=None)
    assert result.exit_code == 7, result.output
    assert "cơ quan, tổ chức ký trước người có thẩm quyền" in result.output
    assert "trùm lên khoảng 1/3" in result.output and "đang trùm 0%" in result.output
    assert "toàn vẹn: có" in result.output  # the signatures themselves are sound: only the decree's rules fail
    # pyHanko left to itself makes /Info and XMP disagree (not PDF/A any more); vanban sign keeps them equal.
    assert any("Producer" in problem for problem in pdfa_problems(pdf.read_bytes()))
    assert "chưa đúng PDF/A-2b" in result.output


def test_rfc3161_timestamp_from_a_local_service_is_reported(session, material):
    from signing_fixtures import make_tsa, serve_timestamps

    server, url = serve_timestamps(make_tsa(material["folder"], material["ca"]), material["ca"])
    try:
        result = sign_p12(session / DECISION, "nguoi-ky", material, "--tsa", url)
        assert result.exit_code == 0, result.output
    finally:
        server.shutdown()
        server.server_close()
    report = run("verify", session / DECISION, "--tin-cay", material["ca"].cert_pem, "--json", secret=None)
    assert report.exit_code == 0, report.output
    stamp = json.loads(report.output)["chu_ky"][0]["dau_thoi_gian"]
    assert stamp is not None and stamp.endswith("+07:00")
    # The service is gone now: signing again with it fails in Vietnamese and leaves the file as it was.
    other = session / "cong-van-gui-quyet-dinh.pdf"
    before = other.read_bytes()
    failed = sign_p12(other, "nguoi-ky", material, "--tsa", url)
    assert failed.exit_code == 6 and "dấu thời gian" in failed.output
    assert other.read_bytes() == before
