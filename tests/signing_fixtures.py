"""Test key material and images: a throwaway CA, signer certificates, PKCS#12 files, signature and seal PNGs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "mat-khau-thu"


@dataclass
class Issued:
    key: object
    cert: x509.Certificate
    cert_pem: Path
    p12: Path | None = None


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(folder: Path, common: str = "CA thử nghiệm vanban") -> Issued:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    pem = folder / "ca.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Issued(key, cert, pem)


def _crl_point(crl_url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints([x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None,
                                                              None)])


def certify(ca: Issued, public_key, common: str, non_repudiation: bool = True,  # noqa: ANN001
            crl_url: str | None = None) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = x509.CertificateBuilder()
    if crl_url:
        builder = builder.add_extension(_crl_point(crl_url), critical=False)
    return (builder.subject_name(_name(common)).issuer_name(ca.cert.subject)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=non_repudiation,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))


def make_signer(folder: Path, ca: Issued, common: str, stem: str, key=None, non_repudiation: bool = True,  # noqa: ANN001
                crl_url: str | None = None) -> Issued:
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = certify(ca, key.public_key(), common, non_repudiation, crl_url)
    pem = folder / f"{stem}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    p12 = folder / f"{stem}.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        stem.encode(), key, cert, [ca.cert], serialization.BestAvailableEncryption(PASSWORD.encode())))
    return Issued(key, cert, pem, p12)


def weak_rsa_key():  # noqa: ANN201
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def ec_key():  # noqa: ANN201
    return ec.generate_private_key(ec.SECP256R1())


def signature_png(path: Path) -> Path:
    """A blue handwritten-looking stroke on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(40, 170), (110, 60), (170, 190), (240, 70), (300, 180), (380, 90), (450, 160), (560, 110)]
    draw.line(points, fill=(20, 40, 200, 255), width=9, joint="curve")
    draw.line([(60, 200), (540, 205)], fill=(20, 40, 200, 255), width=5)
    image.save(path, dpi=(300, 300))
    return path


def seal_png(path: Path, diameter_mm: float = 36, dpi: int = 300) -> Path:
    """A red round seal (two rings and a star) of the given real diameter, on a transparent background."""
    from PIL import Image, ImageDraw

    size = round(diameter_mm / 25.4 * dpi)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (220, 20, 30, 235)
    draw.ellipse((2, 2, size - 3, size - 3), outline=red, width=max(4, size // 45))
    inner = size * 0.3
    draw.ellipse((inner, inner, size - inner, size - inner), outline=red, width=max(3, size // 70))
    centre = size / 2
    draw.regular_polygon((centre, centre, size * 0.12), 5, fill=red)
    image.save(path, dpi=(dpi, dpi))
    return path


def make_tsa(folder: Path, ca: Issued, crl_url: str | None = None) -> Issued:
    """A timestamping certificate (extended key usage timeStamping, critical) from the test CA."""
    from cryptography.x509.oid import ExtendedKeyUsageOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.UTC)
    builder = x509.CertificateBuilder()
    if crl_url:
        builder = builder.add_extension(_crl_point(crl_url), critical=False)
    cert = (builder.subject_name(_name("Dịch vụ dấu thời gian thử")).issuer_name(ca.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    pem = folder / "tsa.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Issued(key, cert, pem)


def serve_timestamps(tsa: Issued, ca: Issued):  # noqa: ANN201 - (server, url)
    """A local RFC 3161 service over HTTP (pyHanko's reference timestamper behind http.server), for tests."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(tsa.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(ca.cert.public_bytes(serialization.Encoding.DER))])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # noqa: ANN002 - quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/tsa"


class RevocationService:
    """A local CRL distribution point over HTTP for the test CA: a fresh CRL, signed by the CA, on every request,
    listing the serial numbers in ``revoked``; ``stop`` takes it off the network."""

    def __init__(self, ca: Issued) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.ca = ca
        self.revoked: set[int] = set()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                body = service.crl()
                self.send_response(200)
                self.send_header("Content-Type", "application/pkix-crl")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:  # noqa: ANN002 - quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ca.crl"

    def crl(self) -> bytes:
        now = datetime.datetime.now(datetime.UTC)
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.ca.cert.subject)
                   .last_update(now - datetime.timedelta(minutes=5)).next_update(now + datetime.timedelta(days=7))
                   .add_extension(x509.CRLNumber(1), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()),
                                  critical=False))
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(serial)
                                                      .revocation_date(now - datetime.timedelta(minutes=1)).build())
        return builder.sign(self.ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
