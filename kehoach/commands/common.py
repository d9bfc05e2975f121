"""The options several commands share, each declared once, and what a command's options become.

A command module adds the groups it takes (:func:`outputs`, :func:`registry`, :func:`ledgers`)
to its parser; every command takes :func:`common` (``-q``, ``-v``, ``--plans-dir``, ``--format``)
as argparse's ``parents=``. An option no group of a command declares is a usage error there.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..annotations import FORMATS
from ..errors import UsageError
from ..pipeline.options import BuildOptions
from .usage import Parser, typed


def common() -> Parser:
    """The options of every command (built inside :func:`usage.vietnamese`, for the headings)."""
    p = Parser(add_help=False)
    p.add_argument("-h", "--help", action="help", help="in hướng dẫn của lệnh này rồi thoát")
    p.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    p.add_argument("-v", "--verbose", action="store_true", help="in chi tiết từng bước")
    p.add_argument(
        "--plans-dir", metavar="DIR", help="thư mục kế hoạch (mặc định: plans, hoặc plans_dir của kehoach.yml)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="cách in lỗi: text (mặc định, cho người đọc), github (chú thích trên pull request), "
        "gitlab (báo cáo Code Quality, JSON), json",
    )
    return p


# Flags of common() that may come before the command: `python build.py -q redline X`.
LEADING_FLAGS = ("-q", "--quiet", "-v", "--verbose")
LEADING_VALUES = ("--plans-dir", "--format")


def outputs(p: argparse.ArgumentParser, *, site: bool = True) -> None:
    """Where the DOCX go, and (with ``site``) the site, its sources and the build cache."""
    p.add_argument(
        "--out", metavar="DIR", help="thư mục DOCX, PDF, báo cáo (mặc định: dist, hoặc dist_dir của kehoach.yml)"
    )
    p.add_argument(
        "--cache-dir",
        default="build-cache",
        metavar="DIR",
        help="thư mục ghi nhớ để lần dựng sau chỉ làm lại phần đã đổi (mặc định: build-cache)",
    )
    if site:
        p.add_argument(
            "--site-dir", metavar="DIR", help="thư mục trang web (mặc định: site, hoặc site_dir của kehoach.yml)"
        )
        p.add_argument(
            "--docs-dir",
            default="docs-gen",
            metavar="DIR",
            help="thư mục nguồn của trang web do công cụ sinh ra (mặc định: docs-gen)",
        )


def registry(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--units-dir",
        metavar="DIR",
        help="thư mục danh mục đơn vị, để biết đơn vị nào chưa có kế hoạch (mặc định: units, hoặc units_dir của kehoach.yml)",
    )


def ledgers(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--progress-dir",
        metavar="DIR",
        help="thư mục sổ theo dõi thực hiện, progress/<id>.yaml (mặc định: progress, hoặc progress_dir của kehoach.yml)",
    )


def strict(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--strict", action="store_true", help="coi cảnh báo (nội dung theo NĐ 30, việc cấp trên giao) là lỗi"
    )


def split(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--split",
        choices=("province",),
        help="mỗi tỉnh, thành phố một trang web riêng trong site/<tỉnh>/, site/index.html liệt kê chúng "
        "(cho kho toàn quốc vượt giới hạn 1 GB của GitHub Pages; như khóa split của kehoach.yml)",
    )


def build_options(args: argparse.Namespace) -> BuildOptions:
    """The folders and choices a command was given, over those of kehoach.yml; what neither sets
    keeps its default. PlanError (file:line:col) when kehoach.yml has mistakes."""
    from ..pipeline.config import load_config

    given: dict[str, Any] = load_config().options()
    given |= {
        name: (Path(value) if isinstance(getattr(BuildOptions, name, None), Path) else value)
        for name, value in vars(args).items()
        if name in BuildOptions.__dataclass_fields__ and value is not None
    }
    if getattr(args, "no_site", False):
        given["site"] = False
    return BuildOptions(**given)


def needs(value: str | None, command: str, what: str) -> str:
    """The value of a positional a command cannot do without; UsageError (with an example) when missing."""
    if not value:
        raise UsageError(f"Lệnh '{command}' cần {typed(what)}")
    return value


def known_plans(options: BuildOptions, *wanted: tuple[str | None, str]) -> None:
    """UsageError, naming the option and the nearest id, for each ``(id, option)`` naming no plan."""
    named = tuple((plan_id, option) for plan_id, option in wanted if plan_id)
    if named and options.plans_dir.is_dir():
        from ..pipeline.check import plans_by_id

        plans_by_id(options.plans_dir, *named)


class Subcommands:
    """``add_subparsers()`` with what every command's parser shares: the common options as
    parents, Vietnamese headings, the epilog printed as written (as the repository types commands:
    :func:`~kehoach.commands.usage.typed`), no abbreviated options."""

    def __init__(self, action: argparse._SubParsersAction, parents: list[argparse.ArgumentParser]):
        self.action, self.parents = action, parents

    def add_parser(self, name: str, help: str, epilog: str) -> Parser:
        parser: Parser = self.action.add_parser(
            name,
            help=help,
            description=help,
            epilog=typed(epilog),
            parents=self.parents,
            add_help=False,
            allow_abbrev=False,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        return parser
