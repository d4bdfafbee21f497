"""Turn a PKCS#12 file or a PKCS#11 token (USB token, SoftHSM2) into a pyHanko signer, refusing weak or unclear keys.

Thông tư 15/2025/TT-BKHCN (in force 15/8/2025) asks signing software for RSA with RSASSA-PSS and keys of at least
2048 bits, or ECDSA of at least 256 bits, with SHA-256 or stronger: PSS is the default here, PKCS#1 v1.5 only when
the office asks for it (``pss=False``) because its token cannot do PSS.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .errors import SigningError

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
DIGEST = "sha256"


@dataclass
class KeyMaterial:
    """A ready pyHanko signer, the certificate it signs with, and a Vietnamese description of where it came from."""

    signer: object  # pyhanko.sign.signers.Signer
    certificate_der: bytes
    source: str
    session: object | None = None  # an open PKCS#11 session, closed by close()

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.certificate_der).hexdigest()

    @property
    def subject_name(self) -> str:
        return common_name(self.certificate_der)

    def close(self) -> None:
        if self.session is not None:
            try:
                self.session.close()
            finally:
                self.session = None


def common_name(certificate_der: bytes) -> str:
    cert = pyca_x509.load_der_x509_certificate(certificate_der)
    names = cert.subject.get_attributes_for_oid(pyca_x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def check_key_strength(certificate_der: bytes, where: str) -> str:
    """The key's family ("rsa" or "ec"), or a SigningError naming the rule of Thông tư 15/2025 it breaks."""
    public_key = pyca_x509.load_der_x509_certificate(certificate_der).public_key()
    if isinstance(public_key, rsa.RSAPublicKey):
        if public_key.key_size < MIN_RSA_BITS:
            raise SigningError(f"{where}: khóa RSA chỉ dài {public_key.key_size} bit; Thông tư 15/2025/TT-BKHCN yêu "
                               f"cầu tối thiểu {MIN_RSA_BITS} bit. Đề nghị tổ chức cung cấp dịch vụ chứng thực cấp "
                               f"lại chứng thư số.")
        return "rsa"
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        if public_key.curve.key_size < MIN_EC_BITS:
            raise SigningError(f"{where}: khóa ECDSA chỉ dài {public_key.curve.key_size} bit; cần tối thiểu "
                               f"{MIN_EC_BITS} bit (Thông tư 15/2025/TT-BKHCN).")
        return "ec"
    raise SigningError(f"{where}: loại khóa {type(public_key).__name__} không được dùng để ký văn bản; chỉ nhận RSA "
                       f"(ký RSASSA-PSS) hoặc ECDSA (Thông tư 15/2025/TT-BKHCN).")


def _check_signing_usage(certificate_der: bytes, where: str) -> None:
    """A document signature needs a certificate meant for it: non-repudiation (content commitment) key usage."""
    cert = pyca_x509.load_der_x509_certificate(certificate_der)
    try:
        usage = cert.extensions.get_extension_for_class(pyca_x509.KeyUsage).value
    except pyca_x509.ExtensionNotFound:
        return
    if not usage.content_commitment:
        raise SigningError(f"{where}: chứng thư số của «{common_name(certificate_der)}» không có mục đích "
                           f"«chống chối bỏ» (non-repudiation) nên không dùng để ký văn bản được; chọn đúng chứng "
                           f"thư ký số trên thiết bị.")


def from_pkcs12(path: Path, password: str | None, pss: bool = True) -> KeyMaterial:
    """Key and certificate from a .p12/.pfx file; the password is used once and never stored."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    where = f"tệp {path}"
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(f"Không đọc được {where}: {exc.strerror}") from exc
    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None)
    except ValueError as exc:
        raise SigningError(f"{where}: mật khẩu sai hoặc tệp không phải PKCS#12 (.p12/.pfx). Kiểm tra lại mật khẩu "
                           f"rồi chạy lại.") from exc
    if key is None or cert is None:
        raise SigningError(f"{where}: tệp không chứa đủ khóa bí mật và chứng thư số.")
    cert_der = cert.public_bytes(Encoding.DER)
    family = check_key_strength(cert_der, where)
    _check_signing_usage(cert_der, where)
    store = SimpleCertificateStore()
    store.register_multiple(asn1_x509.Certificate.load(other.public_bytes(Encoding.DER)) for other in others or ())
    key_info = asn1_keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    signer = signers.SimpleSigner(signing_key=key_info, signing_cert=asn1_x509.Certificate.load(cert_der),
                                  cert_registry=store, prefer_pss=pss and family == "rsa")
    return KeyMaterial(signer, cert_der, f"tệp PKCS#12 {path}")


@dataclass(frozen=True)
class TokenChoice:
    """How the office names its key on a token: the module file, the token label, and one key selector."""

    module: Path
    token_label: str | None = None
    key_id: str | None = None  # hex, as `pkcs11-tool --list-objects` prints it
    fingerprint: str | None = None  # SHA-256 of the certificate, hex
    label: str | None = None  # the object label (often non-ASCII and duplicated on Vietnamese tokens)


def _hex(value: str) -> bytes:
    cleaned = value.replace(":", "").replace(" ", "").lower()
    try:
        return bytes.fromhex(cleaned)
    except ValueError as exc:
        raise SigningError(f"«{value}» không phải chuỗi hệ mười sáu (ví dụ 01 hoặc a1:b2:c3).") from exc


def _pick_token(lib, choice: TokenChoice):  # noqa: ANN001, ANN202 - python-pkcs11 objects
    slots = lib.get_slots(token_present=True)
    tokens = [(slot, slot.get_token()) for slot in slots]
    if choice.token_label is not None:
        tokens = [(slot, token) for slot, token in tokens if token.label.strip() == choice.token_label.strip()]
    names = ", ".join(f"«{token.label.strip()}»" for _, token in tokens)
    if not tokens:
        wanted = f" có nhãn «{choice.token_label}»" if choice.token_label else ""
        raise SigningError(f"Không thấy thiết bị ký (token){wanted} qua thư viện {choice.module}. Cắm thiết bị, "
                           f"kiểm tra phần mềm của nhà cung cấp đã cài, rồi chạy lại.")
    if len(tokens) > 1:
        raise SigningError(f"Có {len(tokens)} thiết bị ký cùng lúc ({names}); chọn một bằng --token <nhãn>. Nếu các "
                           f"thiết bị trùng nhãn, chỉ cắm thiết bị cần dùng.")
    return tokens[0]


def _describe_object(obj, certificate_der: bytes | None) -> str:  # noqa: ANN001 - python-pkcs11 object
    from pkcs11 import Attribute

    parts = [f"ID {obj[Attribute.ID].hex()}", f"nhãn «{obj[Attribute.LABEL]}»"]
    if certificate_der is not None:
        parts.append(f"chứng thư «{common_name(certificate_der)}», vân tay SHA-256 "
                     f"{hashlib.sha256(certificate_der).hexdigest()[:16]}…")
    return ", ".join(parts)


def _choose_key(session, choice: TokenChoice) -> tuple[bytes, bytes]:  # noqa: ANN001 - python-pkcs11 session
    """(key ID, certificate DER) of the one private key the choice names; never a silent pick among several."""
    from pkcs11 import Attribute, ObjectClass

    certificates: dict[bytes, list[bytes]] = {}
    for cert in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        certificates.setdefault(bytes(cert[Attribute.ID]), []).append(bytes(cert[Attribute.VALUE]))
    keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
    pairs = []
    for key in keys:
        key_id = bytes(key[Attribute.ID])
        for cert_der in certificates.get(key_id, []):
            pairs.append((key, key_id, cert_der))
    if choice.key_id is not None:
        wanted = _hex(choice.key_id)
        matches = [pair for pair in pairs if pair[1] == wanted]
        how = f"ID {choice.key_id}"
    elif choice.fingerprint is not None:
        wanted = _hex(choice.fingerprint)
        matches = [pair for pair in pairs if hashlib.sha256(pair[2]).digest() == wanted]
        how = f"vân tay {choice.fingerprint}"
    elif choice.label is not None:
        # Labels on Vietnamese tokens carry diacritics in several normalisations: compare NFC forms.
        import unicodedata

        wanted_label = unicodedata.normalize("NFC", choice.label.strip())
        matches = [pair for pair in pairs
                   if unicodedata.normalize("NFC", str(pair[0][Attribute.LABEL]).strip()) == wanted_label]
        how = f"nhãn «{choice.label}»"
    else:
        matches = pairs
        how = "mặc định"
    listing = "\n".join(f"    {_describe_object(key, cert_der)}" for key, _, cert_der in (matches or pairs))
    if not pairs:
        raise SigningError("Thiết bị ký không có cặp khóa bí mật và chứng thư số nào (cùng ID). Kiểm tra thiết bị "
                           "bằng phần mềm của nhà cung cấp.")
    if not matches:
        raise SigningError(f"Không thấy khóa ký theo {how}. Các khóa trên thiết bị:\n{listing}")
    if len(matches) > 1:
        selector = "--khoa-id hoặc --van-tay" if choice.label is not None else "--khoa-id, --van-tay hoặc --nhan"
        raise SigningError(f"Có {len(matches)} khóa ký khớp ({how}); không tự chọn thay. Chọn đúng một bằng "
                           f"{selector}:\n{listing}")
    _, key_id, cert_der = matches[0]
    return key_id, cert_der


def from_pkcs11(choice: TokenChoice, pin: str, pss: bool = True) -> KeyMaterial:
    """Log in once (a wrong PIN stops here: no retry that could lock the token) and pick exactly one key."""
    import pkcs11
    from asn1crypto import x509 as asn1_x509
    from pkcs11 import Mechanism, TokenFlag
    from pyhanko.sign.pkcs11 import PKCS11Signer

    module = Path(choice.module)
    if not module.is_file():
        raise SigningError(f"Không thấy thư viện PKCS#11 {module}. Xem README, mục «Ký số», để biết tệp thư viện "
                           f"của từng nhà cung cấp (Viettel-CA, VNPT-CA, BKAV-CA, FPT-CA…).")
    try:
        lib = pkcs11.lib(str(module))
    except Exception as exc:  # noqa: BLE001 - any loader failure means the same thing to the office
        raise SigningError(f"Không nạp được thư viện PKCS#11 {module}: {exc}") from exc
    slot, token = _pick_token(lib, choice)
    label = token.label.strip()
    if token.flags & TokenFlag.USER_PIN_LOCKED:
        raise SigningError(f"Thiết bị «{label}» đã bị khóa PIN. Liên hệ nhà cung cấp dịch vụ chứng thực để mở khóa.")
    if token.flags & TokenFlag.USER_PIN_FINAL_TRY:
        raise SigningError(f"Thiết bị «{label}» chỉ còn MỘT lần nhập PIN trước khi bị khóa; vanban không thử. Đổi "
                           f"hoặc kiểm tra PIN bằng phần mềm của nhà cung cấp rồi chạy lại.")
    try:
        session = token.open(user_pin=pin)
    except (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinLenRange, pkcs11.exceptions.PinInvalid) as exc:
        raise SigningError(f"Mã PIN của thiết bị «{label}» không đúng. vanban dừng ngay, không thử lại (thiết bị bị "
                           f"khóa sau vài lần sai). Kiểm tra PIN rồi chạy lại một lần.") from exc
    except pkcs11.exceptions.PinLocked as exc:
        raise SigningError(f"Thiết bị «{label}» đã bị khóa PIN. Liên hệ nhà cung cấp dịch vụ chứng thực.") from exc
    try:
        key_id, cert_der = _choose_key(session, choice)
        where = f"thiết bị «{label}»"
        family = check_key_strength(cert_der, where)
        _check_signing_usage(cert_der, where)
        if family == "rsa" and pss:
            mechanisms = set(slot.get_mechanisms())
            if not mechanisms & {Mechanism.SHA256_RSA_PKCS_PSS, Mechanism.RSA_PKCS_PSS}:
                raise SigningError(pss_refused(where))
        signer = PKCS11Signer(session, key_id=key_id, cert_id=key_id, prefer_pss=pss and family == "rsa",
                              signing_cert=asn1_x509.Certificate.load(cert_der))
    except BaseException:
        session.close()
        raise
    return KeyMaterial(signer, cert_der, f"thiết bị ký «{label}» ({module})", session)


def pss_refused(where: str) -> str:
    return (f"{where}: khóa ký không cho ký theo RSASSA-PSS mà Thông tư 15/2025/TT-BKHCN yêu cầu. Đề nghị nhà cung "
            f"cấp cập nhật thiết bị/chứng thư; nếu cần ký ngay theo chuẩn cũ PKCS#1 v1.5, chạy lại với --khong-pss "
            f"(chữ ký vẫn hợp lệ về toán học nhưng không đúng yêu cầu thuật toán mới).")
