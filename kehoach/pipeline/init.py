"""``kehoach init [FOLDER] --province CODE``: a new repository of plans, ready to commit.

It writes what a province's repository needs and nothing it would have to delete: kehoach.yml
(every key, the unset ones as commented lines with their description), a small mkdocs.yml for
``mkdocs build``, the registry of the province's units (its communes come from the map by its
code), ``plans/`` and ``progress/`` with a README for clerks, ``.gitignore``, the pre-commit hook,
the GitHub and GitLab workflows (check on pull requests, Pages on main), requirements.txt pinning
this version of kehoach. The starter files are in ``kehoach/starter/``; the JSON Schemas for
editors are written by :func:`kehoach.commands.schema.write_schemas`.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

from ..errors import OutputError, UsageError
from ..outputs import write_atomic
from ..paths import STARTER
from ..plans.map import Place, places, province_hint
from ..reporting import Report
from ..text.vietnamese import slug
from .config import FILE, KEYS, SCHEMA_FILE

# starter file → where it goes in the repository (names without a leading dot: package data)
STARTER_FILES = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "github-workflow.yml": ".github/workflows/ke-hoach.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "plans-README.md": "plans/README.md",
    "progress-README.md": "progress/README.md",
}


def province_of(code: str) -> Place:
    """The province of the map with this code; UsageError, with the right code, when none."""
    place = places().get(code)
    if place is not None and not place.province:
        return place
    raise UsageError(
        f"--province: không có tỉnh, thành phố mang mã '{code}' trên bản đồ từ 01/7/2025. {province_hint(code, '--province {}')}"
    )


def repository_files(place: Place) -> dict[str, str]:
    """Every file of a new repository for ``place``, by its path in the repository."""
    ident = slug(place.place_name)
    files = {
        FILE: config_text(place),
        "mkdocs.yml": (
            "# Cho 'mkdocs build' và 'mkdocs serve'. Tên, địa chỉ, thư mục của trang ở kehoach.yml; giao diện,\n"
            "# mục lục và các thiết lập khác lấy từ gói kehoach (plugin kehoach điền vào).\n"
            f"site_name: {json.dumps(site_name(place), ensure_ascii=False)}\n"
            "docs_dir: docs-gen\n"
            "plugins:\n  - kehoach\n"
        ),
        f"units/{ident}.yaml": (
            f"# Danh mục đơn vị của {place.name}: các đơn vị được kỳ vọng có kế hoạch. Các xã, phường được thêm\n"
            f'# tự động từ danh sách chính thức theo mã "{place.code}"; ghi thêm các sở, ban, ngành, ví dụ:\n'
            f"#   - {{id: so-noi-vu, name: Sở Nội vụ, kind: so, parent: {ident}}}\n"
            f"province: {json.dumps(place.place_name, ensure_ascii=False)}\n"
            "units:\n"
            f"  - {{id: {ident}, name: {json.dumps(place.council, ensure_ascii=False)}, kind: tinh, "
            f'code: "{place.code}"}}\n'
        ),
        "docs-gen/.gitignore": "# Nguồn trang web do kehoach sinh ra: không sửa tay, không đưa vào kho.\n*\n!.gitignore\n",
        "requirements.txt": f"# Phiên bản kehoach dựng kho này (cập nhật: sửa số rồi chạy lại)\nkehoach=={version()}\n",
    }
    for name, target in STARTER_FILES.items():
        text = (STARTER / name).read_text(encoding="utf-8")
        files[target] = text.replace("$tinh", place.name).replace("$ma_id", ident)
    return files


def site_name(place: Place) -> str:
    return f"Kế hoạch tuyên truyền cải cách hành chính — {place.name}"


def config_text(place: Place) -> str:
    """kehoach.yml: the province and the site's name set; every other key as a commented line."""
    lines = [
        f"# yaml-language-server: $schema={SCHEMA_FILE.as_posix()}",
        f"# Cấu hình kho kế hoạch của {place.name}. Mọi khóa đều có mặc định; bỏ dấu '#' để đặt.",
        "# Tùy chọn dòng lệnh (--plans-dir, --out, --site-dir …) ghi đè tệp này.",
    ]
    chosen = {"site_name": json.dumps(site_name(place), ensure_ascii=False), "province": f'"{place.code}"'}
    for name, key in KEYS.items():
        lines.append(f"# {key.field.doc}")
        if name in chosen:
            lines.append(f"{name}: {chosen[name]}")
        else:
            lines.append(f"# {name}: {_example(name, key.default)}")
    return "\n".join(lines) + "\n"


def _example(name: str, default: object) -> str:
    examples = {
        "site_url": "https://so-noi-vu.github.io/ke-hoach/",
        "repo_url": "https://github.com/so-noi-vu/ke-hoach",
        "edit_uri": "edit/main/",
        "signer": "{title: CHỦ TỊCH, name: Nguyễn Văn A}",
        "report_cutoff_day": "14",
        "template": "templates/ke-hoach.docx",
        "theme_dir": "site-theme",
        "extra_css": "[assets/tinh.css]",
    }
    return str(default) if default is not None else examples.get(name, "")


def version() -> str:
    try:
        return importlib.metadata.version("kehoach")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


def init_repository(folder: Path, code: str, force: bool, report: Report) -> list[Path]:
    """Write a new repository's files into ``folder``; OutputError, writing nothing, when one of
    them exists (unless ``force``). Returns the paths written."""
    place = province_of(code)
    files = repository_files(place)
    existing = sorted(name for name in files if (folder / name).exists())
    if existing and not force:
        raise OutputError(
            f"{folder}/ đã có {', '.join(existing[:5])}{' …' if len(existing) > 5 else ''}: không ghi đè. "
            "Chọn thư mục khác, hoặc thêm --force để ghi đè các tệp này."
        )
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    report.detail(f"{len(written)} tệp trong {folder}/")
    return written
