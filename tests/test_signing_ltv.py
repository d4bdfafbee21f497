"""PAdES B-LT: `vanban sign --tsa … --ltv --tin-cay …` embeds the certificates and the CRLs fetched from the CA's
distribution point, so that `vanban verify` proves the chain at signing time from the file alone; a revoked
certificate, an unreachable CRL or an untrusted chain is refused in Vietnamese and leaves the file as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from signing_fixtures import RevocationService, make_ca, make_signer, make_tsa, serve_timestamps
from test_signing import DECISION, issued, run  # noqa: F401 - `issued` is a fixture

from generator.signing.sign import signature_records


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A CA with a live CRL service, signer and organisation certificates naming it, and a timestamping service."""
    from signing_fixtures import seal_png, signature_png

    folder = tmp_path_factory.mktemp("ltv")
    ca = make_ca(folder)
    crl = RevocationService(ca)
    tsa_server, tsa_url = serve_timestamps(make_tsa(folder, ca, crl.url), ca)
    yield {
        "ca": ca, "crl": crl, "tsa": tsa_url, "folder": folder,
        "signer": make_signer(folder, ca, "Nguyễn Văn An", "nguoi-ky", crl_url=crl.url),
        "organisation": make_signer(folder, ca, "Ủy ban nhân dân xã Hòa Bình", "co-quan", crl_url=crl.url),
        "signature": signature_png(folder / "chu-ky.png"), "seal": seal_png(folder / "con-dau.png"),
    }
    tsa_server.shutdown()
    tsa_server.server_close()
    crl.stop()


@pytest.fixture
def decision(issued, tmp_path) -> Path:  # noqa: F811 - the fixture imported above
    copy = tmp_path / "vi-du"
    shutil.copytree(issued, copy)
    return copy / DECISION


def sign(pdf: Path, pki: dict, role: str = "nguoi-ky", *extra: str, key: str | None = None):  # noqa: ANN201
    holder = pki[key or ("signer" if role == "nguoi-ky" else "organisation")]
    image = pki["signature"] if role == "nguoi-ky" else pki["seal"]
    return run("sign", pdf, "--vai-tro", role, "--anh", image, "--p12", holder.p12, "--tsa", pki["tsa"], *extra)


def verify(pdf: Path, roots: Path) -> dict:
    result = run("verify", pdf, "--tin-cay", roots, "--json", secret=None)
    return {"exit": result.exit_code, **json.loads(result.output)}


def test_both_signatures_carry_what_proves_them_offline(decision, pki):
    roots = pki["ca"].cert_pem
    first = sign(decision, pki, "nguoi-ky", "--ltv", "--tin-cay", roots)
    assert first.exit_code == 0, first.output
    second = sign(decision, pki, "co-quan", "--ltv", "--tin-cay", roots)
    assert second.exit_code == 0, second.output
    report = verify(decision, roots)
    assert report["exit"] == 0 and report["dat"], report
    assert [item["kiem_tra_dai_han"] for item in report["chu_ky"]] == ["du", "du"]
    assert all(item["dau_thoi_gian"] for item in report["chu_ky"])
    assert len(signature_records(decision)) == 2
    assert not [note for note in report["ghi_chu"] if "PDF/A" in note], report["ghi_chu"]  # the DSS keeps PDF/A-2b
    text = run("verify", decision, "--tin-cay", roots, secret=None).output
    assert text.count("dữ liệu kiểm tra dài hạn: có (PAdES B-LT)") == 2


def test_a_timestamp_alone_is_not_long_term(decision, pki):
    result = sign(decision, pki)  # --tsa without --ltv: PAdES B-T
    assert result.exit_code == 0, result.output
    report = verify(decision, pki["ca"].cert_pem)
    assert report["chu_ky"][0]["kiem_tra_dai_han"] == "khong"
    assert "dữ liệu kiểm tra dài hạn: không có" in run("verify", decision, "--tin-cay", pki["ca"].cert_pem,
                                                        secret=None).output


def test_a_revoked_certificate_is_refused_and_the_file_kept(decision, pki, tmp_path):
    revoked = make_signer(tmp_path, pki["ca"], "Lê Văn Cũ", "da-thu-hoi", crl_url=pki["crl"].url)
    pki["crl"].revoked.add(revoked.cert.serial_number)
    try:
        before = decision.read_bytes()
        result = run("sign", decision, "--vai-tro", "nguoi-ky", "--anh", pki["signature"], "--p12", revoked.p12,
                     "--tsa", pki["tsa"], "--ltv", "--tin-cay", pki["ca"].cert_pem)
    finally:
        pki["crl"].revoked.clear()
    assert result.exit_code == 6, result.output
    assert "đã bị thu hồi" in result.output and "giữ nguyên" in result.output
    assert decision.read_bytes() == before and not signature_records(decision)


def test_an_unreachable_crl_is_refused_and_the_file_kept(decision, pki, tmp_path):
    ca = make_ca(tmp_path, "CA không có mạng")
    gone = RevocationService(ca)
    url = gone.url
    gone.stop()
    holder = make_signer(tmp_path, ca, "Phạm Thị Dung", "khong-mang", crl_url=url)
    tsa_server, tsa_url = serve_timestamps(make_tsa(tmp_path, ca), ca)
    try:
        before = decision.read_bytes()
        result = run("sign", decision, "--vai-tro", "nguoi-ky", "--anh", pki["signature"], "--p12", holder.p12,
                     "--tsa", tsa_url, "--ltv", "--tin-cay", ca.cert_pem)
    finally:
        tsa_server.shutdown()
        tsa_server.server_close()
    assert result.exit_code == 6, result.output
    assert "không lấy được dữ liệu thu hồi (CRL/OCSP)" in result.output
    assert decision.read_bytes() == before


def test_a_chain_to_another_root_is_refused(decision, pki, tmp_path):
    other = make_ca(tmp_path, "CA khác")
    before = decision.read_bytes()
    result = sign(decision, pki, "nguoi-ky", "--ltv", "--tin-cay", other.cert_pem)
    assert result.exit_code == 6, result.output
    assert "không dẫn tới gốc tin cậy" in result.output
    assert decision.read_bytes() == before


@pytest.mark.parametrize(("options", "said"), [
    (("--ltv", "--tin-cay", "ROOTS"), "cần dấu thời gian: thêm --tsa"),
    (("--tsa", "TSA", "--ltv"), "cần chứng thư gốc tin cậy"),
    (("--tsa", "TSA", "--ltv", "--tin-cay", "MISSING"), "Không đọc được tệp chứng thư gốc tin cậy"),
])
def test_ltv_options_are_checked_before_the_password_is_asked(decision, pki, options, said):
    values = {"ROOTS": str(pki["ca"].cert_pem), "TSA": pki["tsa"], "MISSING": str(decision.parent / "khong-co.pem")}
    before = decision.read_bytes()
    result = run("sign", decision, "--vai-tro", "nguoi-ky", "--anh", pki["signature"], "--p12", pki["signer"].p12,
                 *[values.get(option, option) for option in options], secret=None)
    assert result.exit_code == 6, result.output
    assert said in result.output and "Mật khẩu" not in result.output
    assert decision.read_bytes() == before
