"""Signed-ready PDF (issue #18): the right font in every glyph, PDF/A-2b, and empty signature
fields where Decree 30 puts the signatures; a field signs and validates with a test certificate.

Runs LibreOffice and poppler for real on every real plan (in CI: .ci/run installs them and
fonts-liberation2).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, PlansDir, require_tool, resolve

from kehoach.render.signing import APPENDIX, ORGANISATION, SIGNER, lines_of


def _repo(tmp: Path) -> PlansDir:
    for name in ("plans", "mkdocs.yml"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp / name)
    runner = PlansDir.__new__(PlansDir)
    runner.root = tmp
    return runner


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """``python build.py --pdf --no-site`` on the real plans; the folder of dist/."""
    for tool in ("soffice", "pdftotext", "pdffonts", "pdfinfo", "fc-match"):
        require_tool(tool)
    runner = _repo(tmp_path_factory.mktemp("repo"))
    code, out, err = runner.run("--pdf", "--no-site")
    assert code == 0, out + err
    return runner.root / "dist"


def _ids():
    return [p.id for p in resolve(ROOT / "plans").real()]


def test_every_pdf_uses_one_embedded_times_compatible_family(pdfs):
    for plan_id in _ids():
        listing = subprocess.run(["pdffonts", str(pdfs / f"{plan_id}.pdf")], capture_output=True, text=True).stdout
        rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
        assert rows, plan_id
        families = {re.sub(r"^[A-Z]{6}\+", "", r[0]).split("-")[0].split(",")[0] for r in rows}
        assert len(families) == 1 and families <= {"LiberationSerif", "Tinos", "TimesNewRomanPSMT", "TimesNewRoman"}, (
            plan_id,
            families,
        )
        emb = listing.splitlines()[0].split().index("emb")
        assert all(r[-5] == "yes" for r in rows), (
            plan_id,
            listing,
        )  # emb column (name type encoding emb sub uni object ID)
        assert emb


def test_pdf_a_2b_with_the_plans_metadata(pdfs):
    corpus = resolve(ROOT / "plans")
    for plan in corpus.real():
        data = (pdfs / f"{plan.id}.pdf").read_bytes()
        xmp = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S)
        assert xmp, plan.id
        assert re.search(rb"pdfaid:part(>|=\")2", xmp.group(0)) and re.search(
            rb"pdfaid:conformance(>|=\")B", xmp.group(0)
        )
        info = subprocess.run(["pdfinfo", str(pdfs / f"{plan.id}.pdf")], capture_output=True, text=True).stdout
        assert re.search(rf"^Title:\s+{plan.document.kind} ", info, re.M), info
        assert plan.unit.full in info  # Author
        assert plan.id in info  # Keywords
        # Phụ lục VI's PageAmount: the PDF's real page count, written once the PDF is made (issue #32)
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert json.loads((pdfs / f"{plan.id}.json").read_text(encoding="utf-8"))["PageAmount"] == pages


def _fields(pdf: bytes) -> dict[str, tuple[int, tuple[float, ...]]]:
    """Signature field name → (page from 0, rectangle), read back with pyHanko."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(pdf))
    pages = [reader.root["/Pages"]]
    order = []
    while pages:  # the page objects in order
        node = pages.pop(0)
        if node.get("/Type") == "/Pages":
            pages[0:0] = [k.get_object() for k in node["/Kids"]]
        else:
            order.append(node)
    out = {}
    for n, page in enumerate(order):
        for ref in page.get("/Annots", []):
            annot = ref.get_object()
            if annot.get("/FT") == "/Sig":
                out[str(annot["/T"])] = (n, tuple(float(v) for v in annot["/Rect"]))
    fields = {str(ref.get_object()["/T"]) for ref in reader.root["/AcroForm"]["/Fields"]}
    assert fields == set(out)  # every field of the form has its widget on a page
    return out


def test_signature_fields_where_decree_30_puts_them(pdfs):
    corpus = resolve(ROOT / "plans")
    for plan in corpus.real():
        pdf = pdfs / f"{plan.id}.pdf"
        found = _fields(pdf.read_bytes())
        assert {SIGNER, ORGANISATION} <= set(found), plan.id
        lines = lines_of(
            subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        )
        page, (x0, y0, x1, y1) = found[SIGNER]
        name = next(line for line in lines if " ".join(line.text.split()) == plan.signature.name)
        title = [
            line
            for line in lines
            if line.page == name.page and line.y1 <= name.y0 and line.text.casefold() == plan.signature.title.casefold()
        ][-1]
        h = name.page_height
        assert page == name.page
        # between the title line and the printed name (y grows upwards in PDF coordinates)
        assert h - title.y1 >= y1 - 2.5 and y0 + 2.5 >= h - name.y0, plan.id
        assert y1 - y0 > 20  # room to sign
        # across the block: the name and the title lie within the field's width
        assert x0 <= min(title.x0, name.x0) + 1 and x1 >= max(title.x1, name.x1) - 1
        seal_page, (s0, t0, s1, t1) = found[ORGANISATION]
        width = x1 - x0
        assert seal_page == page and (t0, t1) == (y0, y1)
        assert abs((s1 - x0) - width / 3) <= 1.5 and abs((s1 - s0) - width) <= 1.5  # covers the left third
        if plan.tasks:
            a_page, (a0, b0, a1, b1) = found[APPENDIX]
            heading = next(line for line in lines if line.page > page and line.text.casefold().startswith("phụ lục"))
            assert a_page == heading.page and b0 >= heading.page_height - heading.y0  # above the appendix heading
            assert a1 >= max(line.x1 for line in lines if line.page == a_page) - 1  # at the right of the text
        else:
            assert APPENDIX not in found


def _certificate():
    """A throwaway signing certificate (self-signed), as a PAdES test needs one."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn Thử"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND phường Thử"),
        ]
    )
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=36500))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.DER), der_key


def test_the_signers_field_signs_and_validates(pdfs):
    from asn1crypto import keys, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert_der, key_der = _certificate()
    cert = x509.Certificate.load(cert_der)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([cert]),
    )
    plan_id = "thinh-liet-2024"
    writer = IncrementalPdfFileWriter(BytesIO((pdfs / f"{plan_id}.pdf").read_bytes()))
    signed = BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=SIGNER), signer=signer, output=signed)
    reader = PdfFileReader(BytesIO(signed.getvalue()))
    (embedded,) = reader.embedded_signatures
    assert embedded.field_name == SIGNER
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[cert]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # the signed page, to look at: the field lies in the signature block
    ARTIFACTS.mkdir(exist_ok=True)
    signed_pdf = ARTIFACTS / f"{plan_id}-da-ky.pdf"
    signed_pdf.write_bytes(signed.getvalue())
    page, _ = _fields(signed.getvalue())[SIGNER]
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            str(page + 1),
            "-l",
            str(page + 1),
            str(signed_pdf),
            str(ARTIFACTS / f"{plan_id}-da-ky"),
        ],
        check=True,
    )


def test_a_font_without_vietnamese_glyphs_stops_pdf_with_the_clerks_message(tmp_path):
    require_tool("soffice")
    old = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")  # Liberation 1.07 (fonts-liberation)
    if not old.exists():
        pytest.skip("Debian's fonts-liberation 1.07 is not installed")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "fc-match").write_text(f'#!/bin/sh\nprintf "%s\\nLiberation Serif\\n" "{old}"\n', encoding="utf-8")
    (fake / "fc-match").chmod(0o755)
    (tmp_path / "repo").mkdir()
    runner = _repo(tmp_path / "repo")
    env = os.environ.copy()
    os.environ["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    try:
        code, out, err = runner.run("--plan", "thinh-liet-2024", "--pdf", "--no-site")
        assert code == 3
        assert "thiếu các chữ" in err and "ơ" in err and "ư" in err and "fonts-liberation2" in err
        assert "Traceback" not in err
        assert (runner.root / "dist" / "thinh-liet-2024.docx").exists()  # the DOCX are written
        assert not (runner.root / "dist" / "thinh-liet-2024.pdf").exists()
        code, out, err = runner.run("--plan", "thinh-liet-2024", "--pdf", "--no-site", "--allow-font-fallback")
        assert code == 0 and (runner.root / "dist" / "thinh-liet-2024.pdf").exists()
        assert "--allow-font-fallback" in out
    finally:
        os.environ["PATH"] = env["PATH"]


def test_info_and_xmp_agree(pdfs):
    """PDF/A wants the Info dictionary and the XMP packet to agree; adding the fields must not make
    pyHanko's Producer and ModDate differ from LibreOffice's XMP (#25)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    for pdf in sorted(pdfs.glob("*.pdf")):
        data = pdf.read_bytes()
        info = PdfFileReader(BytesIO(data)).trailer["/Info"]
        (xmp_producer,) = set(re.findall(rb"<pdf:Producer>([^<]*)</pdf:Producer>", data))
        assert str(info["/Producer"]) == xmp_producer.decode(), pdf.name
        assert "/ModDate" not in info or str(info["/ModDate"]).startswith("D:"), pdf.name


def test_the_readme_signing_command_keeps_every_font_embedded(pdfs, tmp_path):
    """The README's pyHanko command line, run as written (with a throwaway certificate): the stamp's
    font is embedded, so the signed PDF keeps PDF/A's rule that every font is (#25)."""
    import shlex

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import load_der_private_key
    from cryptography.x509 import load_der_x509_certificate

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("pyhanko --config templates/pyhanko.yml sign addsig"))
    pyhanko = require_tool("pyhanko")
    cert_der, key_der = _certificate()
    (tmp_path / "khoa.pem").write_bytes(
        load_der_private_key(key_der, None).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (tmp_path / "chung-thu.pem").write_bytes(
        load_der_x509_certificate(cert_der).public_bytes(serialization.Encoding.PEM)
    )
    (tmp_path / "templates").mkdir()
    shutil.copy(ROOT / "templates" / "pyhanko.yml", tmp_path / "templates" / "pyhanko.yml")
    (tmp_path / "dist").mkdir()
    shutil.copy(pdfs / "thinh-liet-2024.pdf", tmp_path / "dist" / "thinh-liet-2024.pdf")
    done = subprocess.run([pyhanko, *shlex.split(line)[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    signed = tmp_path / "dist" / "thinh-liet-2024-da-ky.pdf"
    fonts = subprocess.run(["pdffonts", str(signed)], capture_output=True, text=True, check=True).stdout
    rows = [r for r in fonts.splitlines()[2:] if r.strip()]
    assert rows and all(re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", r) for r in rows), fonts
    assert not [r for r in rows if "Courier" in r], fonts
