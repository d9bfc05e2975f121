"""``python build.py import FILE``: an existing plan (Word, old Word, OpenDocument, PDF, text) as a
plan file in plans/, checked, with every line that could not be placed listed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, Problems, UsageError
from ..intake import limits
from ..intake.differ import as_child
from ..intake.emit import plan_yaml
from ..intake.parse import Imported, recognise
from ..intake.reading import Block, read_docx, read_text
from ..paths import program, schema_ref
from ..plans.corpus import ID_PATTERN, plan_files
from ..reporting import Report
from ..text.vietnamese import slug
from .check import load_and_validate, plans_by_id
from .options import BuildOptions
from .staging import write_checked

MAX_UNPLACED_SHOWN = 50  # lines not placed that import lists; a foreign text can have thousands
_LEVEL_WORDS = ("ubnd", "phuong", "xa", "thi-tran", "quan", "huyen", "thi-xa", "thanh-pho", "tinh")


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if not path:
        raise OutputError(
            f"Không đọc được tệp: máy này chưa có '{name}'. Cài bằng 'apt-get install {package}' rồi chạy lại."
        )
    return path


def _convert(command: list[str], what: str, path: Path) -> subprocess.CompletedProcess:
    """A converter (LibreOffice, poppler) run on a document from anyone: bounded in time and
    memory (:mod:`kehoach.intake.limits`), and refused with a message when it goes past them."""
    try:
        return subprocess.run(
            command,
            capture_output=True,
            timeout=limits.TOOL_SECONDS,
            preexec_fn=limits.tool_limits,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise limits.TooLarge(path.name, f"{what} chạy quá {limits.TOOL_SECONDS} giây mà chưa xong") from None


def read_blocks(path: Path) -> list[Block]:
    """The blocks of any supported document, converting .doc/.odt (LibreOffice) and PDF (poppler),
    each within the limits of :mod:`kehoach.intake.limits`."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UsageError(f"import: không có tệp '{path}'.")
    if suffix == ".docx":
        return read_docx(path)
    if suffix in (".doc", ".odt", ".rtf"):
        if suffix == ".odt":
            limits.check_package(path)
        else:
            limits.check_file(path)
        soffice = shutil.which("soffice") or _tool("libreoffice", "libreoffice-writer-nogui")
        with tempfile.TemporaryDirectory() as tmp:
            _convert(
                [
                    soffice,
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    tmp,
                    str(path),
                ],
                "LibreOffice",
                path,
            )
            converted = Path(tmp) / (path.stem + ".docx")
            if not converted.exists():
                raise OutputError(
                    f"LibreOffice không chuyển được '{path.name}' sang .docx (tệp hỏng, có mật khẩu, hoặc quá lớn). "
                    "Mở bằng Word hoặc LibreOffice, lưu lại thành .docx rồi nhập tệp .docx đó."
                )
            return read_docx(converted)
    if suffix == ".pdf":
        limits.check_file(path)
        pdftotext = _tool("pdftotext", "poppler-utils")
        info = _convert([shutil.which("pdfinfo") or "pdfinfo", str(path)], "pdfinfo", path)
        pages = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.M)
        if info.returncode != 0 or pages is None:
            raise limits.NotADocument(path.name, "PDF")
        if int(pages.group(1)) > limits.MAX_PDF_PAGES:
            raise limits.TooLarge(path.name, f"có {int(pages.group(1))} trang, tối đa {limits.MAX_PDF_PAGES}")
        result = _convert([pdftotext, "-layout", str(path), "-"], "pdftotext", path)
        text = result.stdout.decode("utf-8", "replace")
        limits.check_lines(path.name, text)
        if not text.strip():
            raise OutputError(
                f"'{path}' không có lớp chữ (bản quét ảnh?): hãy nhận dạng chữ (OCR) trước rồi nhập tệp .txt."
            )
        return _with_table(read_text(text.replace("\f", "\n")), path, pdftotext)
    if suffix in (".txt", ".md"):
        limits.check_file(path)
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        limits.check_lines(path.name, text)
        return read_text(text)
    raise UsageError(f"import: không đọc được tệp '{path.suffix}'. Dùng .docx, .doc, .odt, .pdf hoặc .txt.")


def _with_table(blocks: list[Block], path: Path, pdftotext: str) -> list[Block]:
    """A PDF's blocks with its appendix table read as rows from the words' boxes
    (:mod:`kehoach.intake.pdftable`) in place of the text layout's wrapped lines."""
    from ..intake.pdftable import table_rows

    appendix = next((i for i, b in enumerate(blocks) if b.text.strip() in ("Phụ lục", "PHỤ LỤC")), None)
    if appendix is None:
        return blocks
    header = next((i for i in range(appendix, len(blocks)) if re.match(r"^S?TT\b", blocks[i].text.strip())), None)
    if header is None:
        return blocks
    boxes = _convert([pdftotext, "-bbox-layout", str(path), "-"], "pdftotext", path)
    rows = table_rows(boxes.stdout.decode("utf-8", "replace")) if boxes.returncode == 0 else None
    return [*blocks[:header], *rows] if rows else blocks


def derive_id(data: dict) -> str:
    """An id from the unit and the year ('UBND phường Thịnh Liệt', 2024 → 'thinh-liet-2024'); from
    the subject's 'của … năm …' when the document never names its unit."""
    name = data.get("unit", {}).get("full", "")
    if not slug(name).strip("-") or name == "…":
        found = re.search(r"của (.+?) năm \d{4}", " ".join(data.get("document", {}).get("subject", "").split()))
        name = found.group(1) if found else ""
    words = [w for w in slug(name).split("-") if w not in _LEVEL_WORDS and w != "khac"]
    year = data.get("year")
    return "-".join(words[:4] + ([str(year)] if year else [])) or "ke-hoach-moi"


@dataclass
class ImportResult:
    path: Path
    plan_id: str
    imported: Imported


def import_plan(
    options: BuildOptions,
    source: Path,
    plan_id: str | None,
    out: Path | None,
    force: bool,
    report: Report,
    extends: str | None = None,
) -> ImportResult:
    """Read ``source``, write the plan file (with ``extends``, only what differs from that
    parent), check it, and report what was recognised."""
    imported = recognise(read_blocks(source))
    data = imported.data
    plan_id = plan_id or derive_id(data)
    summary = None
    parent_folder = options.plans_dir
    if extends:
        files = plans_by_id(options.plans_dir, (extends, "--extends"))
        parent = load_and_validate(options.plans_dir, extends, report, files).plans[extends]
        data, summary = as_child(data, parent, extends)
        parent_folder = files[extends].parent
    if not ID_PATTERN.match(plan_id):
        raise UsageError(f"--id: '{plan_id}' không dùng được làm id kế hoạch: chỉ chữ thường không dấu, số và '-'.")
    target = out or parent_folder / f"{plan_id}.yaml"
    if target.exists() and not force:
        raise OutputError(f"Đã có tệp '{target}'; không ghi đè. Thêm --force nếu muốn thay nó.")
    if target.stem != plan_id:
        raise UsageError(f"Tên tệp là id của kế hoạch: '{target.name}' phải là '{plan_id}.yaml' (hoặc bỏ --id).")
    header = [
        f"Nhập từ {json.dumps(source.name, ensure_ascii=False)} bằng '{program()} import'. Hãy đọc lại trước khi dùng."
    ]
    header += [f"TODO {' '.join(comment.split())}" for comment in imported.comments.values()]
    header += [" ".join(doubt.split()) for doubt in imported.doubts]
    text = plan_yaml(data, schema_ref(target), header).replace("  remove: true\n", "  remove: true  # TODO lý do\n")
    if target.resolve().is_relative_to(options.plans_dir.resolve()):
        files = plan_files(options.plans_dir, Problems())
        if plan_id in files and os.path.abspath(files[plan_id]) != os.path.abspath(target):
            raise UsageError(
                f"Đã có kế hoạch '{plan_id}' ở {files[plan_id]}: id là tên tệp và phải duy nhất trong kho. "
                "Đặt id khác bằng --id."
            )
    write_checked(options.plans_dir, {target: text}, report, f"import {source.name}")
    body = imported.data.get("body", [])
    count = _count(body)
    tasks = len(imported.data.get("appendix", {}).get("tasks", []))
    cited = len(imported.data.get("legal_basis", {}).get("documents", []))
    report.info(
        f"Đã nhập {source} → {target}: {len(body)} mục lớn, {count} mục, {tasks} dòng phụ lục, "
        f"{cited} văn bản căn cứ, {len(imported.data.get('recipients', []))} nơi nhận."
    )
    if summary is not None:
        report.info(f"  Kế thừa '{extends}': {summary.line()}.")
    for doubt in imported.doubts:
        report.info(f"  {doubt}")
    for line, unplaced in imported.unplaced[:MAX_UNPLACED_SHOWN]:
        report.info(f"  Cảnh báo: {source.name}:{line}: chưa xếp được vào kế hoạch: {unplaced[:120]}")
    if len(imported.unplaced) > MAX_UNPLACED_SHOWN:
        report.info(
            f"  … và {len(imported.unplaced) - MAX_UNPLACED_SHOWN} dòng khác chưa xếp được (tệp có lẽ không phải "
            "một kế hoạch, hoặc có nhiều kế hoạch ghép lại)."
        )
    if target.resolve().is_relative_to(options.plans_dir.resolve()):
        report.info(f"Kiểm tra '{plan_id}' cùng cả kho trước khi ghi: không có lỗi.")
    return ImportResult(target, plan_id, imported)


def _count(items: list) -> int:
    return sum(1 + _count(i.get("items", [])) for i in items)


def import_into(options: BuildOptions, source: Path, into: Path, dry_run: bool, report: Report) -> list[str]:
    """``import EDITED.docx --into plans/…/x.yaml``: the edits of a reviewed DOCX written into that
    plan's own file (never a parent's); returns the summary lines."""
    import difflib

    from ..intake.edited import read_edited
    from ..intake.into import apply, compare

    if source.suffix.lower() != ".docx":
        raise UsageError("import --into đọc tệp .docx do công cụ này xuất (đã sửa trên Word hoặc LibreOffice).")
    if not source.is_file():
        raise UsageError(f"import: không có tệp '{source}'.")
    files = plans_by_id(options.plans_dir)
    plan_id = next((pid for pid, path in files.items() if path.resolve() == into.resolve()), None)
    if plan_id is None:
        raise UsageError(f"--into: '{into}' không phải tệp kế hoạch trong {options.plans_dir}/.")
    plan = load_and_validate(options.plans_dir, plan_id, report, files).plans[plan_id]
    pieces, comments = read_edited(source)
    if not any(piece.names for piece in pieces):
        raise UsageError(
            f"--into: '{source.name}' không mang khóa nào của kế hoạch (không phải DOCX do công cụ này xuất cho "
            f"'{plan_id}', hoặc nội dung đã được chép sang tệp mới). Không sửa gì. Muốn nhập nó thành kế hoạch riêng: "
            f"{program()} import {json.dumps(str(source), ensure_ascii=False)} --id <id-mới>"
        )
    found = compare(plan, pieces, comments)
    before = into.read_text(encoding="utf-8")
    after = apply(before, plan, found.changes)
    counts = {kind: sum(1 for c in found.changes if c.kind == kind) for kind in ("text", "remove", "add")}
    summary = [
        f"{source.name} → {into}: {counts['text']} mục sửa, {counts['remove']} mục bỏ, {counts['add']} mục thêm, "
        f"{len(found.comments)} góp ý."
    ]
    summary += [
        f"  {'sửa' if c.kind == 'text' else 'bỏ' if c.kind == 'remove' else 'thêm'}: {c.where}" for c in found.changes
    ]
    summary += [f"  Góp ý ({c.author or 'không tên'}) ở {place}: {c.text}" for place, c in found.comments]
    summary += [f"  Cảnh báo: {w}" for w in found.warnings]
    for line in summary:
        report.info(line)
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), str(into), str(into), lineterm="")
    for line in diff:  # what will change, shown before it changes
        report.info(line)
    if dry_run:
        report.info("(--dry-run: chưa ghi gì)")
        return summary
    write_checked(options.plans_dir, {into: after}, report, f"import {source.name} --into")
    report.info(f"Kiểm tra '{plan_id}' cùng cả kho trước khi ghi: không có lỗi.")
    return summary
