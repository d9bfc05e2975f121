"""Command line: ``python build.py [lệnh] [tùy chọn]``, the dispatcher.

Each command is a module of :mod:`kehoach.commands`; this module builds one parser from them,
picks the command (``build`` when none is named, so ``python build.py --check`` still works),
and turns the errors every command may raise into their exit codes (:mod:`kehoach.errors`).
"""

from __future__ import annotations

import argparse
import sys
import traceback

from .commands import COMMANDS, common
from .commands.usage import Parser, typed, vietnamese
from .errors import EXIT_OUTPUT, EXIT_PLAN_ERRORS, EXIT_USAGE, OutputError, PlanError, UsageError
from .paths import program
from .reporting import Reporter

DESCRIPTION = """\
Kiểm tra và kết xuất các kế hoạch thông tin, tuyên truyền CCHC trong plans/.
Không ghi lệnh thì là 'build'. Hướng dẫn của từng lệnh: python build.py <lệnh> --help
"""
EPILOG = """\
Ví dụ:
  python build.py
  python build.py --check
  python build.py --plan thinh-liet-2024 --pdf
  python build.py show ha-noi-ttpvhcc-2025
  python build.py import ke-hoach-cu.docx --extends ha-noi-2025
  python build.py report ha-noi-ttpvhcc-2025 --period quy-1

Mã thoát: 0 thành công; 1 kế hoạch có lỗi (không ghi gì); 2 sai cú pháp lệnh;
3 không tạo được đầu ra (ví dụ thiếu LibreOffice khi dùng --pdf, cổng của serve đang bận).
"""


def parser() -> Parser:
    """The whole command line: the commands, each with only its own options."""
    with vietnamese():
        p = Parser(
            prog=program(),
            description=typed(DESCRIPTION),
            epilog=typed(EPILOG),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            add_help=False,
            allow_abbrev=False,
        )
        p.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")
        action = p.add_subparsers(dest="command", metavar="LỆNH", title="lệnh", parser_class=Parser)
        sub = common.Subcommands(action, [common.common()])
        for module in COMMANDS.values():
            module.add_parser(sub)
    return p


def with_command(argv: list[str]) -> list[str]:
    """The arguments with the command first: ``build`` when none is named (``check`` for
    ``--check``), and common flags written before the command moved after it (``-q show X``)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] not in ("-h", "--help"):
        if argv[i] in common.LEADING_VALUES:
            i += 2
        elif argv[i] in common.LEADING_FLAGS or argv[i].split("=")[0] in common.LEADING_VALUES:
            i += 1
        else:
            break
    if i < len(argv) and argv[i] in COMMANDS:
        return [argv[i], *argv[:i], *argv[i + 1 :]]
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        return argv
    if argv and not argv[0].startswith("-"):
        return argv  # an unknown command: argparse says so
    if "--check" in argv:  # the old spelling of 'check'
        return ["check", *(a for a in argv if a != "--check")]
    return ["build", *argv]


def parse(argv: list[str]) -> argparse.Namespace:
    """The parsed arguments; a usage error (exit 2) for an option the command does not take,
    saying which commands take it."""
    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        from .text.vietnamese import did_you_mean

        hint = did_you_mean(argv[0], COMMANDS)
        message = f"không có lệnh '{argv[0]}'. {hint + ' ' if hint else ''}Các lệnh: {', '.join(COMMANDS)}."
        Parser(prog=program()).error(message)
    p = parser()
    with vietnamese():
        args, extra = p.parse_known_args(argv)
    if extra:
        options = [a.split("=")[0] for a in extra if a.startswith("-")]
        if options:
            takers = _takers(p, options[0])
            if takers:
                message = (
                    f"lệnh '{args.command}' không nhận tùy chọn '{options[0]}'; "
                    f"tùy chọn này dùng với: {', '.join(takers)}."
                )
            else:
                message = f"không có tùy chọn '{options[0]}'."
        else:
            message = f"lệnh '{args.command}' không nhận đối số '{extra[0]}'."
        p.exit(EXIT_USAGE, f"{program()}: {message} Xem '{program()} {args.command} --help'.\n")
    return args


def _takers(p: argparse.ArgumentParser, option: str) -> list[str]:
    """The commands that take ``option``."""
    action = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return [name for name, sub in action.choices.items() if option in sub._option_string_actions]


def main(argv: list[str] | None = None) -> int:
    args = parse(with_command(sys.argv[1:] if argv is None else argv))
    report = Reporter(args.quiet or args.format != "text", args.verbose, args.format)
    try:
        return COMMANDS[args.command].run(args, report)
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
