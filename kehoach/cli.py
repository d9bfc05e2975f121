"""Command line: ``python build.py [lệnh] [tùy chọn]``.

Exit codes: 0 success; 1 the plans have errors (nothing was written); 2 wrong usage;
3 an output could not be produced (e.g. LibreOffice missing for ``--pdf``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError, PlanError, UsageError
from .pipeline.annotations import FORMATS, RENDER
from .pipeline.options import BuildOptions

STAGES = {
    "load": "đọc, giải kế thừa và kiểm tra",
    "docx": "DOCX",
    "pages": "trang nguồn của web",
    "mkdocs": "MkDocs",
    "pdf": "PDF",
}
EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3
MAX_SHOWN = 200

DESCRIPTION = """\
Kiểm tra và kết xuất các kế hoạch thông tin, tuyên truyền CCHC trong plans/.

Lệnh:
  build   (mặc định) kiểm tra, rồi ghi DOCX vào dist/ và trang web vào site/
  check   chỉ kiểm tra (như --check)
  show    in một kế hoạch đã giải kế thừa, kèm nguồn gốc từng mục
  list    liệt kê các kế hoạch và cấp trên của chúng
  schema  ghi JSON Schema cho trình soạn thảo vào schema/plan.schema.json
  serve   xem trước trang web, tự cập nhật khi sửa YAML
  new     tạo kế hoạch cấp dưới nháp: python build.py new ID --extends CẤP-TRÊN
  import  đưa kế hoạch có sẵn (.docx, .doc, .odt, .pdf, .txt) vào plans/: python build.py import TỆP
  rebase  kế hoạch năm sau theo kế hoạch cấp trên mới: python build.py rebase ID --onto CẤP-TRÊN-MỚI --id ID-MỚI
  redline DOCX so sánh bằng Track Changes: python build.py redline ID [--against parent|ID-KHÁC|PHIÊN-BẢN-GIT]
  conformance  các đơn vị cấp dưới thực hiện việc cấp trên giao thế nào: python build.py conformance ID
  log     ghi một việc đã làm vào sổ theo dõi: python build.py log ID VIỆC --title "…" [--date dd/mm/yyyy] [--link URL]
  report  báo cáo kết quả thực hiện theo kỳ: python build.py report ID --period quy-1|6-thang|9-thang|nam

Ví dụ:
  python build.py
  python build.py --check
  python build.py --plan thinh-liet-2024 --pdf
  python build.py show ha-noi-ttpvhcc-2025
  python build.py list
  python build.py --check --format github   (chú thích trên pull request)
  python build.py serve --port 8001
  python build.py new dinh-cong-2025 --extends ha-noi-2025 --unit "UBND phường Định Công"
  python build.py import ke-hoach-cu.docx --extends ha-noi-2025
  python build.py import da-duyet.docx --into plans/ha-noi/thinh-liet-2024.yaml --dry-run
  python build.py redline ha-noi-ttpvhcc-2025
  python build.py conformance ha-noi-2025
  python build.py check --fix          (sửa tự động các cảnh báo sửa được, như thứ tự dòng Lưu)
  python build.py check --strict       (coi cảnh báo là lỗi)

Mã thoát: 0 thành công; 1 kế hoạch có lỗi (không ghi gì); 2 sai cú pháp lệnh;
3 không tạo được đầu ra (ví dụ thiếu LibreOffice khi dùng --pdf, cổng của serve đang bận).
"""


# What each command names after it, with an example (a command without it is a usage error).
NEEDS = {
    "show": "id kế hoạch, ví dụ: python build.py show ha-noi-2025",
    "new": "id kế hoạch mới, ví dụ: python build.py new dinh-cong-2025 --extends ha-noi-2025",
    "import": "tệp cần nhập, ví dụ: python build.py import ke-hoach-2024.docx",
    "rebase": "id kế hoạch, ví dụ: python build.py rebase thinh-liet-2024 --onto hoang-mai-2025 --id thinh-liet-2025",
    "redline": "id kế hoạch, ví dụ: python build.py redline ha-noi-ttpvhcc-2025",
    "conformance": "id kế hoạch cấp trên, ví dụ: python build.py conformance ha-noi-2025",
    "log": 'id kế hoạch và việc, ví dụ: python build.py log ha-noi-ttpvhcc-2025 tin-bai-trang-thanh-pho --title "…"',
    "report": "id kế hoạch, ví dụ: python build.py report ha-noi-ttpvhcc-2025 --period quy-1",
}
COMMANDS = (
    "build",
    "check",
    "show",
    "list",
    "schema",
    "serve",
    "new",
    "import",
    "rebase",
    "redline",
    "conformance",
    "log",
    "report",
)


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors said in Vietnamese (exit code 2, as argparse)."""

    def error(self, message: str):
        hint = "Xem 'python build.py --help'."
        choice = re.match(r"argument command: invalid choice: '([^']*)'", message)
        unknown = re.match(r"unrecognized arguments: (.*)", message)
        option = re.match(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)", message)
        value = re.match(r"argument (\S+?)(?:/\S+)?: invalid (\w+) value: '([^']*)'", message)
        if choice:
            text = f"không có lệnh '{choice.group(1)}'. Các lệnh: {', '.join(COMMANDS)}."
        elif option:
            text = f"{option.group(1)} không nhận '{option.group(2)}'; chọn một trong: {option.group(3)}."
        elif unknown:
            text = f"không hiểu tùy chọn '{unknown.group(1)}'."
        elif value:
            kind = {"int": "một số nguyên"}.get(value.group(2), "giá trị khác")
            text = f"{value.group(1)} cần {kind}, không phải '{value.group(3)}'."
        elif "expected one argument" in message:
            text = f"{message.split(':')[0].removeprefix('argument ')} cần một giá trị."
        else:
            text = message
        self.exit(2, f"{self.prog}: {text} {hint}\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python build.py",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    p._positionals.title, p._optionals.title = "đối số", "tùy chọn"
    p.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=COMMANDS,
        help="lệnh (mặc định: build)",
    )
    p.add_argument(
        "plan_id", nargs="?", help="id kế hoạch (cho show, new, rebase, redline) hoặc tệp cần nhập (cho import)"
    )
    p.add_argument("task", nargs="?", help="với 'log': việc được tính (khóa dòng phụ lục hoặc đường khóa của mục)")
    p.add_argument("--extends", metavar="ID", help="với 'new', 'import': id của kế hoạch cấp trên")
    p.add_argument("--unit", metavar="TÊN", help="với 'new': tên đơn vị dùng trong câu, ví dụ 'UBND phường Định Công'")
    p.add_argument("--level", choices=("tinh", "so", "huyen", "xa", "don-vi"), help="với 'new': cấp của đơn vị")
    p.add_argument("--signer", metavar="TÊN", help="với 'new': họ tên người ký")
    p.add_argument("--signer-title", metavar="CHỨC VỤ", help="với 'new': chức vụ người ký (mặc định CHỦ TỊCH)")
    p.add_argument("--place", metavar="ĐỊA DANH", help="với 'new': địa danh ghi cạnh ngày")
    p.add_argument("--into", metavar="TỆP", help="với 'import': tệp YAML của kế hoạch nhận các sửa đổi từ DOCX đã sửa")
    p.add_argument("--dry-run", action="store_true", help="với 'import --into': chỉ in các thay đổi, không ghi")
    p.add_argument(
        "--against",
        default="parent",
        metavar="ĐỐI-CHIẾU",
        help="với 'redline': parent (mặc định), id kế hoạch khác, hoặc phiên bản git (HEAD~1, thẻ)",
    )
    p.add_argument("--onto", metavar="ID", help="với 'rebase': id của kế hoạch cấp trên mới")
    p.add_argument("--force", action="store_true", help="với 'new', 'import': ghi đè tệp đã có")
    p.add_argument(
        "--id",
        dest="new_id",
        metavar="ID",
        help="với 'import': id của kế hoạch nhập (mặc định: theo đơn vị và năm); với 'rebase': id mới",
    )
    p.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi gì")
    p.add_argument("--plan", metavar="ID", help="chỉ xử lý kế hoạch ID (và các cấp trên nó cần)")
    p.add_argument("--pdf", action="store_true", help="ghi thêm dist/<id>.pdf (PDF/A-2b, có ô ký số) qua LibreOffice")
    p.add_argument(
        "--allow-font-fallback",
        action="store_true",
        help="với --pdf: vẫn tạo PDF khi phông thay Times New Roman thiếu chữ hoặc khác kích thước",
    )
    p.add_argument(
        "--redline",
        action="store_true",
        help="ghi thêm dist/<id>-so-sanh.docx (Track Changes so với cấp trên), có trên trang web",
    )
    p.add_argument("--no-site", action="store_true", help="không dựng trang web")
    p.add_argument("--plans-dir", default="plans", metavar="DIR", help="thư mục kế hoạch (mặc định: plans)")
    p.add_argument(
        "--out",
        metavar="ĐƯỜNG-DẪN",
        help="thư mục DOCX (mặc định: dist); với 'import': tệp YAML ghi ra (mặc định: plans/<id>.yaml)",
    )
    p.add_argument("--site-dir", default="site", metavar="DIR", help="thư mục trang web (mặc định: site)")
    p.add_argument("--origins", action="store_true", help="với 'show': ghi nguồn gốc từng mục")
    p.add_argument(
        "--for",
        dest="addressees",
        action="store_true",
        help="với 'show': in mỗi việc giao cho loại đơn vị nào (suy từ chủ trì/tên đơn vị, hoặc ghi ở 'for:')",
    )
    p.add_argument(
        "--strict", action="store_true", help="coi cảnh báo (nội dung theo NĐ 30, việc cấp trên giao) là lỗi"
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="với 'check': sửa trong YAML các cảnh báo sửa được tự động (giữ nguyên phần còn lại của tệp)",
    )
    p.add_argument("--title", default="", metavar="TÊN", help="với 'log': việc đã làm, ví dụ tên tin/bài")
    p.add_argument("--date", metavar="NGÀY", help="với 'log': ngày thực hiện dd/mm/yyyy (mặc định: hôm nay)")
    p.add_argument("--link", default="", metavar="URL", help="với 'log': đường dẫn http(s) tới bài đã đăng")
    p.add_argument("--count", type=int, default=1, metavar="N", help="với 'log': số lượng (mặc định 1)")
    p.add_argument("--evidence", default="", metavar="GHI-CHÚ", help="với 'log': minh chứng")
    p.add_argument(
        "--period",
        choices=("quy-1", "6-thang", "9-thang", "nam"),
        help="với 'report': kỳ báo cáo (quý I, 6 tháng, 9 tháng, năm)",
    )
    p.add_argument("--year", type=int, help="với 'report': năm (mặc định: năm của kế hoạch)")
    p.add_argument("--with-children", action="store_true", help="với 'report': cộng số liệu của các kế hoạch cấp dưới")
    p.add_argument(
        "--progress-dir",
        default="progress",
        metavar="DIR",
        help="thư mục sổ theo dõi thực hiện, progress/<id>.yaml (mặc định: progress)",
    )
    p.add_argument(
        "--units-dir",
        default="units",
        metavar="DIR",
        help="thư mục danh mục đơn vị, để biết đơn vị nào chưa có kế hoạch (mặc định: units)",
    )
    p.add_argument("--json", action="store_true", help="với 'show'/'list': in JSON")
    p.add_argument(
        "--docs-dir",
        default="docs-gen",
        metavar="DIR",
        help="thư mục nguồn của trang web do công cụ sinh ra (mặc định: docs-gen)",
    )
    p.add_argument(
        "--cache-dir",
        default="build-cache",
        metavar="DIR",
        help="thư mục ghi nhớ để lần dựng sau chỉ làm lại phần đã đổi (mặc định: build-cache)",
    )
    p.add_argument("--timings", metavar="FILE", help="ghi số giây của từng bước vào FILE (JSON), cho đo hiệu năng")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="cách in lỗi: text (mặc định, cho người đọc), github (chú thích trên pull request), "
        "gitlab (báo cáo Code Quality, JSON), json",
    )
    p.add_argument("--host", default="127.0.0.1", help="với 'serve': địa chỉ nghe (mặc định: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="với 'serve': cổng (mặc định: 8000)")
    p.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    p.add_argument("-v", "--verbose", action="store_true", help="in chi tiết từng bước")
    return p


class Reporter:
    """Progress and result messages, in Vietnamese, honouring -q and -v."""

    def __init__(self, quiet: bool, verbose: bool, format: str = "text"):
        self.quiet, self.verbose, self.format = quiet, verbose, format
        self.started = time.monotonic()
        self.timings: dict[str, float] = {}

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, flush=True)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            print(f"  {message}", flush=True)

    def progress(self, done: int, total: int, what: str) -> None:
        if self.quiet or total < 20:
            return
        step = max(1, total // 10)
        if done % step == 0 or done == total:
            print(f"  {what}: {done}/{total}", flush=True)

    def problems(self, problems: list) -> None:
        """Every problem: in --format on standard output, or as the clerk's lines (at most 200)."""
        self._listed(problems, "lỗi")
        files = len({p.file for p in problems})
        print(
            f"Có {len(problems)} lỗi trong {files} tệp. Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại.",
            file=sys.stderr,
        )

    def warnings(self, warnings: list) -> None:
        """The review rules' warnings (the work goes on), as :meth:`problems` lists them; none with -q."""
        if self.quiet and self.format not in RENDER:
            return
        self._listed(warnings, "cảnh báo")
        if warnings and self.format not in RENDER:
            files = len({p.file for p in warnings})
            print(
                f"Có {len(warnings)} cảnh báo trong {files} tệp (không chặn việc dựng; --strict để coi là lỗi, "
                "check --fix để sửa tự động những cảnh báo sửa được).",
                file=sys.stderr,
            )

    def _listed(self, problems: list, noun: str) -> None:
        """In --format on standard output (an empty report too), else at most 200 lines on standard error."""
        if self.format in RENDER:
            sys.stdout.write(RENDER[self.format](problems))
            sys.stdout.flush()
            return
        for p in problems[:MAX_SHOWN]:
            print(p.format(), file=sys.stderr)
        if len(problems) > MAX_SHOWN:
            print(f"… và {len(problems) - MAX_SHOWN} {noun} khác.", file=sys.stderr)

    def note_others(self, problems: list, plan_id: str) -> None:
        """Problems in plans other than the one asked for: they do not fail it, but block the site."""
        print(
            f"Ghi chú: '{plan_id}' đã được ghi. Các kế hoạch khác có {len(problems)} lỗi nên trang web chưa "
            "được dựng lại:",
            file=sys.stderr,
        )
        for p in problems[:MAX_SHOWN]:
            print(f"  {p.format()}", file=sys.stderr)

    @contextmanager
    def stage(self, name: str):
        """Time one stage of the build; the seconds go to --timings and to -v."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.timings[name] = round(self.timings.get(name, 0) + time.monotonic() - start, 3)
            self.detail(f"{STAGES.get(name, name)}: {self.timings[name]:.1f} giây")

    def elapsed(self) -> str:
        return f"{time.monotonic() - self.started:.1f} giây"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    report = Reporter(args.quiet or args.format != "text", args.verbose, args.format)
    options = BuildOptions.from_args(args)
    wanted = (args.plan_id or args.plan) if args.command == "show" else args.plan
    try:
        if args.command in NEEDS and not (args.plan_id or (args.command == "show" and args.plan)):
            raise UsageError(f"Lệnh '{args.command}' cần {NEEDS[args.command]}")
        if args.command in ("conformance", "log", "report"):
            wanted = args.plan_id
        named = ("build", "check", "show", "conformance", "log", "report")
        if wanted and args.command in named and options.plans_dir.is_dir():
            from .pipeline.check import plans_by_id

            option = args.command if args.command in ("show", "conformance", "log", "report") else "--plan"
            plans_by_id(options.plans_dir, (wanted, option))
        return _command(args, options, report)
    except PlanError as exc:
        report.problems(exc.problems)
        return EXIT_PLAN_ERRORS
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return EXIT_OUTPUT
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        message = _disk_fault(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return EXIT_OUTPUT


def _disk_fault(exc: OSError) -> str | None:
    """The clerk's message for a fault of the machine, not of the tool: a full disk, a folder that
    cannot be written; None for any other error (a real bug, reported as one)."""
    import errno

    where = f" '{exc.filename}'" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Đĩa đã đầy, không ghi được{where}. Các đầu ra đã có được giữ nguyên như lần dựng trước; "
            "giải phóng chỗ trống rồi chạy lại."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"Không có quyền ghi{where} (thư mục chỉ đọc, hoặc thuộc người dùng khác). Các đầu ra đã có được giữ "
            "nguyên; cấp quyền ghi hoặc chọn thư mục khác (--out, --site-dir) rồi chạy lại."
        )
    return None


def _command(args, options: BuildOptions, report: Reporter) -> int:
    if args.command == "schema":
        from .paths import PROGRESS_SCHEMA, SCHEMA
        from .plans.ledger import LEDGER, RECORD
        from .plans.schema import json_schema

        SCHEMA.parent.mkdir(exist_ok=True)
        SCHEMA.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        ledger = json_schema(LEDGER, "Sổ theo dõi thực hiện kế hoạch", {"record": RECORD})
        PROGRESS_SCHEMA.write_text(json.dumps(ledger, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        report.info(f"Đã ghi {SCHEMA} và {PROGRESS_SCHEMA}")
        return EXIT_OK
    if args.command == "new":
        from .intake.scaffold import NewPlan
        from .pipeline.new import new_plan

        spec = NewPlan(
            args.plan_id,
            args.unit or "",
            args.level or "",
            args.signer or "",
            args.signer_title or "",
            args.place or "",
        )
        new_plan(options, spec, args.extends, args.force, report)
        return EXIT_OK
    if args.command == "import":
        from .pipeline.importing import import_plan

        if args.into:
            from .pipeline.importing import import_into

            import_into(options, Path(args.plan_id), Path(args.into), args.dry_run, report)
            return EXIT_OK
        out = Path(args.out) if args.out else None
        result = import_plan(options, Path(args.plan_id), args.new_id, out, args.force, report, args.extends)
        if result.imported.doubts:  # written with '…' blanks: not done until a clerk fills them (issue #26)
            print(
                f"Đã ghi {result.path}, nhưng {len(result.imported.doubts)} phần người ký phải ký dưới chưa đọc chắc được "
                "(dòng '# KIỂM TRA' ở đầu tệp): điền những chỗ '…' theo văn bản gốc trước khi dùng.",
                file=sys.stderr,
            )
            return EXIT_PLAN_ERRORS
        return EXIT_OK
    if args.command == "rebase":
        from .pipeline.rebase import rebase_plan

        rebase_plan(options, args.plan_id, args.onto, args.new_id, args.force, report)
        return EXIT_OK
    if args.command == "redline":
        from .pipeline.redline import redline_plan

        redline_plan(options, args.plan_id, args.against, report)
        return EXIT_OK
    if args.command == "serve":
        from .pipeline.serve import serve

        serve(options, args.host, args.port, report)
        return EXIT_OK
    if args.command == "build" and not args.check:
        from .pipeline.build import build

        build(options, report)
        if args.timings:
            Path(args.timings).write_text(json.dumps(report.timings, sort_keys=True) + "\n", encoding="utf-8")
        return EXIT_OK
    from .pipeline.check import load_and_validate, load_units, strict
    from .plans.review import warnings as review

    only = args.plan_id or args.plan if args.command == "show" else args.plan
    if args.command in ("conformance", "report"):
        only = None  # a parent's children
    if args.command == "log":
        only = args.plan_id
    with report.stage("load"):
        corpus = load_and_validate(options.plans_dir, only, report)
    if args.command == "show":
        from .pipeline.show import show, show_for

        if args.addressees:
            return show_for(corpus, args.plan_id or args.plan)
        return show(corpus, args.plan_id or args.plan, args.json, args.origins or not args.json)
    if args.command == "list":
        from .pipeline.show import list_plans

        return list_plans(corpus, args.json)
    if args.command == "conformance":
        from .pipeline.conformance import conformance

        return conformance(corpus, load_units(options.units_dir), args.plan_id, args.format)
    if args.command == "log":
        from .pipeline.log import log_entry

        if not args.task:
            raise UsageError(f"Lệnh 'log' cần {NEEDS['log']}")
        log_entry(
            corpus,
            options.progress_dir,
            args.plan_id,
            args.task,
            args.title,
            args.date,
            args.link,
            args.count,
            args.evidence,
            report,
        )
        return EXIT_OK
    from .pipeline.check import load_progress

    # a broken ledger is an error of the check (with --plan, only that plan's ledger is read)
    ledgers = load_progress(options.progress_dir, corpus, args.plan if args.command == "check" else None)
    if args.command == "report":
        from .pipeline.report import report_command

        if not args.period:
            raise UsageError("Lệnh 'report' cần --period quy-1|6-thang|9-thang|nam")
        return report_command(
            corpus, ledgers, options, args.plan_id, args.period, args.year, args.with_children, args.format, report
        )
    load_units(options.units_dir)  # a broken registry is an error of the check
    if args.fix:
        from .pipeline.fix import fix

        if fix(corpus, options.plans_dir, args.plan, report):
            corpus = load_and_validate(options.plans_dir, only, report)
    warnings = review(corpus, [args.plan] if args.plan else None)
    if args.verbose:
        _suggest_targets(corpus, args.plan, report)
    if options.strict:
        strict(warnings)
    report.warnings(warnings)
    said = f", {len(warnings)} cảnh báo" if warnings else ""
    report.info(f"Đã kiểm tra {len(corpus.plans)} kế hoạch: không có lỗi{said} ({report.elapsed()}).")
    return EXIT_OK


def _suggest_targets(corpus, plan_id: str | None, report: Reporter) -> None:
    """``check -v``: the quotas read from the words, to write down as ``target:`` if wanted."""
    from .plans.progress import suggested_targets

    for plan in corpus.real():
        if plan_id and plan.id != plan_id:
            continue
        for file, line, col, where, targets in suggested_targets(plan):
            written = ", ".join(f"{{count: {t.count}, what: {t.what}, per: {t.per}}}" for t in targets)
            report.detail(
                f"{file}:{line}:{col}: {where}: đọc được chỉ tiêu {'; '.join(t.wording() for t in targets)} từ câu chữ; "
                f"muốn cố định thì ghi target: {written if len(targets) == 1 else '[' + written + ']'}"
            )


def run() -> None:
    try:
        code = main()
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # e.g. `python build.py show X | head`
        code = 0
    except Exception as exc:  # a bug of ours, not the clerk's: say so plainly, keep the details for -v
        if "-v" in sys.argv or "--verbose" in sys.argv:
            traceback.print_exc()
        print(
            f"Lỗi nội bộ của công cụ ({type(exc).__name__}: {exc}). Các tệp đã có trong dist/ và site/ "
            "được giữ nguyên. Hãy báo lỗi kèm tệp kế hoạch vừa sửa; chạy lại với -v để xem chi tiết.",
            file=sys.stderr,
        )
        code = EXIT_OUTPUT
    sys.exit(code)
