"""``--pdf``: dist/<id>.pdf, ready to be signed (ký số).

Electronic signing is done on the PDF, not the DOCX (NĐ 30/2020, Phụ lục I, II.7.d, II.8.a).
Each PDF is:

- converted from the plan's DOCX by LibreOffice, as **PDF/A-2b** (fonts embedded; the title,
  subject, author and keywords are the DOCX's, see :func:`kehoach.render.docx._properties`),
  after :mod:`kehoach.pipeline.fonts` has checked the font that will stand for Times New Roman;
- given **empty signature fields** where the decree puts the signatures, found from the PDF's
  own text boxes (poppler's ``pdftotext -bbox-layout``, :mod:`kehoach.render.signing`), added
  with pyHanko as an incremental update, so that a PAdES signing tool signs into the right place.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from html import unescape
from io import BytesIO
from pathlib import Path

from ..errors import OutputError
from ..outputs import write_atomic
from ..plans.corpus import Corpus
from ..render.metadata import encode, metadata
from ..render.signing import Field, NotFound, fields, lines_of
from ..reporting import Report
from . import fonts

# LibreOffice's PDF export filter, with its options as JSON (LibreOffice 7.4 and later):
# SelectPdfVersion 2 is PDF/A-2b.
PDF_A2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def _tool(names: tuple[str, ...], label: str, package: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise OutputError(
        f"Không tạo được PDF: máy này chưa có {label}. Cài bằng 'apt-get install {package}' rồi chạy lại "
        "với --pdf. Các tệp DOCX đã được ghi."
    )


def docx_text(docx: bytes) -> str:
    """Every text run of a DOCX's body (what the PDF will print)."""
    with zipfile.ZipFile(BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return unescape(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


def check_fonts(texts: list[str], allow_fallback: bool, report: Report) -> None:
    found = fonts.check(fonts.characters(texts))
    if found is None or found.ok:
        return
    if not allow_fallback:
        raise OutputError(found.problem())
    report.info(f"Cảnh báo: {found.problem()} (vẫn tạo PDF vì có --allow-font-fallback)")


def add_fields(pdf: bytes, wanted: list[Field]) -> bytes:
    """The PDF with the empty signature fields, appended as an incremental update (what PDF/A
    allows, and what keeps the converted bytes as they are)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    # pyHanko would add itself to the Info dictionary's /Producer and move /ModDate, but not touch
    # LibreOffice's XMP packet: PDF/A wants the two to agree (ISO 19005-2, 6.6.2.3). Empty fields
    # change nothing a reader sees, so both keep the converter's values.
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    for field in wanted:
        x0, y0, x1, y1 = (round(v) for v in field.box)  # whole points, as pyHanko takes them
        append_signature_field(
            writer, SigFieldSpec(sig_field_name=field.name, on_page=field.page, box=(x0, y0, x1, y1))
        )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def write_pdfs(
    corpus: Corpus, plan_ids: list[str], out: Path, report: Report, allow_font_fallback: bool = False
) -> None:
    """Convert the DOCX files to PDF/A-2b with signature fields, each written atomically."""
    soffice = _tool(("soffice", "libreoffice"), "LibreOffice", "libreoffice-writer-nogui")
    pdftotext = _tool(("pdftotext",), "pdftotext (poppler)", "poppler-utils")
    docx = {pid: (out / f"{pid}.docx").read_bytes() for pid in plan_ids}
    check_fonts([docx_text(data) for data in docx.values()], allow_font_fallback, report)
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            PDF_A2B,
            "--outdir",
            tmp,
        ] + [str(out / f"{pid}.docx") for pid in plan_ids]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        for pid in plan_ids:
            pdf = Path(tmp) / f"{pid}.pdf"
            if not pdf.exists():
                raise OutputError(f"LibreOffice không chuyển được {pid}.docx sang PDF: {result.stderr.strip()[:300]}")
            boxes = subprocess.run(
                [pdftotext, "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, timeout=120
            )
            try:
                wanted = fields(lines_of(boxes.stdout), corpus.plans[pid])
            except NotFound as exc:
                report.info(f"{pid}.pdf: chưa đặt được ô ký số ({exc}); PDF vẫn được ghi.")
                wanted = []
            write_atomic(out / f"{pid}.pdf", add_fields(pdf.read_bytes(), wanted) if wanted else pdf.read_bytes())
            # the real page count, now known: Phụ lục VI's PageAmount in the plan's metadata
            write_atomic(out / f"{pid}.json", encode(metadata(corpus.plans[pid], boxes.stdout.count("<page "))))
    report.info(f"PDF/A: {len(plan_ids)} tệp trong {out}/, có ô ký số cho người ký và cơ quan.")
