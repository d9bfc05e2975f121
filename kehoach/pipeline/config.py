"""``kehoach.yml``: the one configuration file of a repository of plans, in the manner of ``mkdocs.yml``.

Each key is declared once in :data:`KEYS`, with its type, its default and a Vietnamese
description; the checker of plan files (:class:`kehoach.plans.checker.Checker`) checks the file
against them, so a mistake is reported like a plan's (file:line:col, what is wrong, how to fix
it, "did you mean" for an unknown key), and :func:`config_schema` makes the JSON Schema that
editors use (``schema/kehoach.schema.json``, written by ``kehoach schema`` and ``kehoach init``).

The file is read from the current folder; paths in it are relative to that folder. A folder
given on the command line (``--plans-dir``, ``--out`` …) wins over the file, and the file over
the defaults of :class:`~kehoach.pipeline.options.BuildOptions`. Without the file everything
keeps its default: the package's DOCX template and site theme, the folders ``plans/``,
``units/``, ``progress/``, ``dist/``, ``site/``.

What a repository may override, and where it is looked for when the file does not say:

- the DOCX template: ``templates/ke-hoach.docx``;
- the site theme: ``site-theme/`` (MkDocs Material's ``custom_dir``: ``main.html``, ``partials/``,
  and static files such as extra CSS, listed in ``extra_css``).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..boundary import inside, outside
from ..errors import PlanError, Problems
from ..paths import TEMPLATE
from ..plans.checker import Checker
from ..plans.schema import Field
from ..plans.source import Source, load
from ..site.edit import default_edit_uri
from .options import BuildOptions

FILE = "kehoach.yml"
SCHEMA_FILE = Path("schema") / "kehoach.schema.json"
TEMPLATE_OVERRIDE = Path("templates") / "ke-hoach.docx"
THEME_OVERRIDE = Path("site-theme")
URL = r"^https?://\S+$"
URL_FORM = "địa chỉ bắt đầu bằng http:// hoặc https://"
PROVINCE_CODE = r"^\d{2}$"


@dataclass(frozen=True)
class Key:
    """One key of kehoach.yml: its declaration (type, description), its default, and the build
    option it sets (``option``: a field of BuildOptions, whose default is the key's)."""

    field: Field
    default: Any = None
    option: str = ""
    folder: bool = False  # the option is a folder, relative to the file's


def _folder(option: str, what: str) -> Key:
    default = BuildOptions.__dataclass_fields__[option].default
    return Key(
        Field("str", f"Thư mục {what} (mặc định: {default}); tùy chọn dòng lệnh tương ứng ghi đè."),
        default,
        option,
        folder=True,
    )


KEYS: dict[str, Key] = {
    "plans_dir": _folder("plans_dir", "các kế hoạch, mỗi kế hoạch một tệp YAML"),
    "units_dir": _folder("units_dir", "danh mục đơn vị"),
    "progress_dir": _folder("progress_dir", "sổ theo dõi thực hiện, progress/<id>.yaml"),
    "dist_dir": _folder("out", "DOCX, PDF, báo cáo"),
    "site_dir": _folder("site_dir", "trang web đã dựng"),
    "site_name": Key(Field("str", "Tên trang web, hiện ở đầu mọi trang."), option="site_name"),
    "site_url": Key(
        Field(
            "str",
            "Địa chỉ trang web đã xuất bản, ví dụ https://so-noi-vu.github.io/ke-hoach/.",
            pattern=URL,
            form=URL_FORM,
        )
    ),
    "repo_url": Key(
        Field(
            "str",
            "Địa chỉ kho trên GitHub hoặc GitLab, ví dụ https://github.com/so-noi-vu/ke-hoach.",
            pattern=URL,
            form=URL_FORM,
        )
    ),
    "edit_uri": Key(
        Field(
            "str",
            "Đường dẫn sửa tệp trong kho, sau repo_url (mặc định: 'edit/main/' với GitHub, '-/edit/main/' với "
            "GitLab; chuỗi rỗng: không có liên kết sửa).",
        )
    ),
    "province": Key(
        Field(
            "str",
            'Mã tỉnh, thành phố trên bản đồ từ 01/7/2025 (2 chữ số, ví dụ "01" là Hà Nội): '
            "mặc định của --province khi tạo kế hoạch xã, phường.",
            form='mã 2 chữ số trong dấu nháy, ví dụ "01"',
            quoted=True,
        )
    ),
    "signer": Key(
        Field(
            "map",
            "Người ký mặc định của kế hoạch mới tạo bằng 'kehoach new' (khi không ghi --signer).",
            of={
                "title": Field("str", "Chức vụ, ví dụ CHỦ TỊCH, PHÓ CHỦ TỊCH."),
                "name": Field("str", "Họ và tên."),
            },
        )
    ),
    "report_cutoff_day": Key(
        Field(
            "int",
            "Ngày chốt số liệu báo cáo định kỳ (0: hết tháng; mặc định như kế hoạch cấp trên, hoặc 14) "
            "ghi vào kế hoạch mới tạo bằng 'kehoach new'.",
        )
    ),
    "template": Key(
        Field("str", f"Mẫu DOCX riêng của kho (mặc định: {TEMPLATE_OVERRIDE} nếu có, không thì mẫu của gói kehoach).")
    ),
    "theme_dir": Key(
        Field(
            "str",
            f"Thư mục giao diện riêng, ghi đè giao diện của gói (mặc định: {THEME_OVERRIDE}/ nếu có): "
            "main.html, partials/, tệp CSS.",
        )
    ),
    "extra_css": Key(Field("strlist", "Các tệp CSS thêm, đường dẫn trong theme_dir, ví dụ assets/tinh.css.")),
    "split": Key(
        Field(
            "enum",
            "Chia trang web: 'province' dựng mỗi tỉnh, thành phố một trang web riêng trong site/<tỉnh>/ và "
            "site/index.html liệt kê chúng (mỗi phần vừa giới hạn 1 GB của GitHub Pages); như --split.",
            choices=("province",),
        ),
        option="split",
    ),
}
FIELDS = {name: key.field for name, key in KEYS.items()}


@dataclass(frozen=True)
class Config:
    """The checked values of kehoach.yml (an empty Config when there is no file)."""

    values: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None
    digest: str = ""  # the file's SHA-256, part of the site's state
    base: Path = Path()  # the folder of the file: its paths are relative to it

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name, KEYS[name].default)

    def options(self) -> dict[str, Any]:
        """The BuildOptions fields this file sets (the command line may still override them)."""
        out: dict[str, Any] = {
            key.option: self.base / self.values[name] if key.folder else self.values[name]
            for name, key in KEYS.items()
            if key.option and name in self.values
        }
        out["template"] = self.template
        if self.mkdocs_file.is_file():
            out["mkdocs_config"] = self.mkdocs_file
        out["site_inputs"] = self.site_digest()
        if self["province"] or self["site_name"]:
            from ..plans.map import places

            out["publisher"] = places()[self["province"]].council if self["province"] else self["site_name"]
        if self["repo_url"]:
            uri = self["edit_uri"] if self["edit_uri"] is not None else default_edit_uri(self["repo_url"])
            if uri:
                out["edit_url"] = self["repo_url"].rstrip("/") + "/" + uri.strip("/") + "/"
        return out

    @property
    def mkdocs_file(self) -> Path:
        """The repository's own mkdocs.yml (for ``mkdocs build``), used by ``kehoach build`` too when there."""
        return self.base / "mkdocs.yml"

    @property
    def template(self) -> Path:
        """The DOCX template: the file's, the repository's templates/ke-hoach.docx, or the package's."""
        if "template" in self.values:
            return self.base / self.values["template"]
        override = self.base / TEMPLATE_OVERRIDE
        return override if override.is_file() else TEMPLATE

    @property
    def theme_dir(self) -> Path | None:
        if "theme_dir" in self.values:
            return self.base / self.values["theme_dir"]
        override = self.base / THEME_OVERRIDE
        return override if override.is_dir() else None

    def site_digest(self) -> str:
        """What of the repository shapes every page beyond the package: this file, its mkdocs.yml
        and its theme's files (a changed one rebuilds the whole site)."""
        h = hashlib.sha256(self.digest.encode())
        files = [self.mkdocs_file]
        if self.theme_dir is not None:
            files += sorted(p for p in self.theme_dir.rglob("*") if p.is_file())
        for path in files:
            if path.is_file():
                h.update(path.relative_to(self.base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return h.hexdigest()


def load_config(folder: Path = Path()) -> Config:
    """The kehoach.yml of ``folder``, checked; PlanError with every problem (file:line:col) when it
    has mistakes. Without the file, every key keeps its default."""
    path = folder / FILE
    if not path.is_file():
        return Config(base=folder)
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load(path: Path, mtime_ns: int, size: int) -> Config:  # read again when the file changes (serve)
    problems = Problems()
    escape = outside(path, path.parent, FILE)
    if escape:
        problems.add(str(path), (1, 1), "", *escape)
        raise PlanError(problems.items)
    source = load(path, str(path), problems)
    if source is None:
        raise PlanError(problems.items)
    values = _check(source, problems, path.parent)
    problems.raise_if_any()
    return Config(values, path, source.digest, path.parent)


def _check(source: Source, problems: Problems, base: Path) -> dict[str, Any]:
    checker = Checker(source, problems)
    if source.data is None:
        return {}
    if not isinstance(source.data, dict):
        checker.err((), "kehoach.yml cần các cặp khóa: giá trị", "Ví dụ: 'province: \"01\"'. Xem 'kehoach init'.")
        return {}
    values = checker.mapping(source.data, FIELDS, ())
    if "province" in values:
        _check_province(checker, values)
    if "report_cutoff_day" in values and not 0 <= values["report_cutoff_day"] <= 28:
        checker.err(
            ("report_cutoff_day",),
            f"ngày chốt số liệu {values.pop('report_cutoff_day')} không hợp lệ",
            "Ghi một ngày từ 1 đến 28, hoặc 0 để chốt vào cuối tháng.",
        )
    for name, kind in (("template", "file"), ("theme_dir", "dir")):
        if name in values:
            _check_path(checker, values, name, kind, base)
    theme = base / values.get("theme_dir", THEME_OVERRIDE)
    for n, css in enumerate(values.get("extra_css", [])):
        if not (theme / css).is_file():
            checker.err(
                ("extra_css", n),
                f"không có tệp '{css}' trong thư mục giao diện {theme}/",
                "Đặt tệp CSS trong thư mục giao diện (theme_dir), ví dụ site-theme/assets/tinh.css, rồi ghi assets/tinh.css.",
            )
    return values


def _check_province(checker: Checker, values: dict[str, Any]) -> None:
    from ..plans.map import places, province_hint

    code = values["province"]
    place = places().get(code)
    if place is None or place.province:
        checker.err(
            ("province",), f"không có tỉnh, thành phố mang mã '{code}' trên bản đồ từ 01/7/2025", province_hint(code)
        )
        del values["province"]


def _check_path(checker: Checker, values: dict[str, Any], name: str, kind: str, base: Path) -> None:
    path = base / values[name]
    exists = path.is_file() if kind == "file" else path.is_dir()
    if not exists:
        what = "tệp" if kind == "file" else "thư mục"
        checker.err(
            (name,),
            f"không có {what} '{path}'",
            f"Đường dẫn tính từ thư mục chứa {FILE}; bỏ '{name}' để dùng mặc định.",
        )
        del values[name]
    elif Path(values[name]).is_absolute() or not inside(path, base):
        checker.err((name,), f"'{path}' nằm ngoài kho", "Đặt tệp trong kho và ghi đường dẫn tương đối.")
        del values[name]


def config_schema() -> dict[str, Any]:
    """The JSON Schema of kehoach.yml, for editors."""
    from ..plans.jsonschema import json_schema

    schema = json_schema(FIELDS, "Cấu hình kho kế hoạch (kehoach.yml)", {})
    schema["properties"]["province"]["pattern"] = PROVINCE_CODE
    for name, key in KEYS.items():
        if key.default is not None:
            schema["properties"][name]["default"] = str(key.default)
    return schema
