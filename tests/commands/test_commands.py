"""Every subcommand and option of `python build.py`, as a user types them."""

from __future__ import annotations

import json

from conftest import CHILD_HEAD, TOP, require_tool


def family(plans):
    """A province plan 'tinh' and two district plans."""
    plans.write("tinh", TOP)
    for name in ("huyen-a", "huyen-b"):
        plans.write(name, "extends: tinh\n" + CHILD_HEAD.replace("huyện B", f"huyện {name}"))


def test_check_writes_nothing(plans):
    family(plans)
    for args in (("check",), ("--check",)):
        code, out, err = plans.run(*args)
        assert code == 0, err
        assert out.startswith("Đã kiểm tra 3 kế hoạch: không có lỗi")
    assert sorted(p.name for p in plans.root.iterdir()) == ["plans"]


def test_list_as_tree_and_json(plans):
    family(plans)
    code, out, _ = plans.run("list")
    assert code == 0
    assert out.splitlines() == [
        "tinh: UBND Tỉnh, 2025",
        "  huyen-a: UBND huyện huyen-a, 2025",
        "  huyen-b: UBND huyện huyen-b, 2025",
    ]
    code, out, _ = plans.run("list", "--json")
    assert [(p["id"], p["extends"]) for p in json.loads(out)] == [
        ("huyen-a", "tinh"),
        ("huyen-b", "tinh"),
        ("tinh", None),
    ]


def test_show_text_origins_and_json(plans):
    family(plans)
    code, out, _ = plans.run("show", "huyen-a")
    assert code == 0
    assert out.splitlines()[:2] == ["# huyen-a (plans/huyen-a.yaml)", "# kế thừa: tinh → huyen-a"]
    assert "I.1.a)  [a] Một  [kế thừa: tinh]" in out and "Căn cứ 1  [tinh]  [thêm: tại đây]" in out
    code, out, _ = plans.run("show", "huyen-a", "--json")
    data = json.loads(out)
    assert data["id"] == "huyen-a" and data["extends"] == "tinh"
    code, out, _ = plans.run("show", "huyen-a", "--json", "--origins")
    assert json.loads(out)["id"] == "huyen-a"


def test_schema_writes_the_editor_schemas_into_the_repository(plans):
    from kehoach.pipeline.config import config_schema
    from kehoach.plans.jsonschema import json_schema

    code, out, _ = plans.run("schema")
    folder = plans.root / "schema"
    assert code == 0 and out.splitlines() == [
        f"Đã ghi schema/{name}.schema.json" for name in ("plan", "progress", "kehoach")
    ]
    assert json.loads((folder / "plan.schema.json").read_text(encoding="utf-8")) == json_schema()
    assert json.loads((folder / "progress.schema.json").read_text(encoding="utf-8"))["properties"]["entries"]
    config = json.loads((folder / "kehoach.schema.json").read_text(encoding="utf-8"))
    assert config == config_schema()
    assert config["additionalProperties"] is False and config["properties"]["province"]["pattern"] == r"^\d{2}$"
    assert config["properties"]["plans_dir"]["default"] == "plans"
    assert config["properties"]["dist_dir"]["default"] == "dist"


def test_plan_option_builds_one_plan_and_notes_problems_elsewhere(plans):
    family(plans)
    assert plans.run("-q")[0] == 0
    site_before = (plans.root / "site/ke-hoach/huyen-a/index.html").read_bytes()
    docx_b = (plans.root / "dist/huyen-b.docx").read_bytes()
    plans.write("tinh", TOP.replace("text: Một", "text: Một (sửa)"))
    plans.write("huyen-b", "extends: tinh\n" + CHILD_HEAD.replace("archive: VT", "archive: VT\nyear: x"))
    code, out, err = plans.run("--plan", "huyen-a")
    assert code == 0, err
    assert "DOCX: 1 kế hoạch dựng lại" in out
    assert err.splitlines()[0] == (
        "Ghi chú: 'huyen-a' đã được ghi. Các kế hoạch khác có 1 lỗi nên trang web chưa được dựng lại:"
    )
    assert err.splitlines()[1].startswith("  plans/huyen-b.yaml:9:7: year: cần số nguyên")
    assert (plans.root / "dist/huyen-b.docx").read_bytes() == docx_b  # only the plan asked for
    assert (plans.root / "site/ke-hoach/huyen-a/index.html").read_bytes() == site_before  # no site from errors


def test_plan_option_refuses_a_plan_whose_ancestor_is_broken_before_writing(plans):
    family(plans)
    assert plans.run("-q")[0] == 0
    before = (plans.root / "dist/huyen-a.docx").read_bytes()
    plans.write("tinh", TOP.replace("date: 10/01/2025", "date: 31/02/2025"))
    code, _, err = plans.run("--plan", "huyen-a")
    assert code == 1
    assert err.splitlines()[0].startswith("plans/tinh.yaml:3:56: Phần đầu — document.date: ngày '31/02/2025'")
    assert (plans.root / "dist/huyen-a.docx").read_bytes() == before


def test_folders_can_be_chosen_and_no_site(plans):
    family(plans)
    (plans.root / "plans").rename(plans.root / "ke-hoach")
    code, _, err = plans.run(
        "-q", "--plans-dir", "ke-hoach", "--out", "ra", "--site-dir", "web", "--docs-dir", "nguon", "--cache-dir", "nho"
    )
    assert code == 0, err
    assert sorted(p.name for p in plans.root.iterdir()) == ["ke-hoach", "nguon", "nho", "ra", "web"]
    assert (plans.root / "web/ke-hoach/tinh/index.html").exists() and (plans.root / "ra/tinh.docx").exists()
    assert (plans.root / "nho/manifest.json").exists() and (plans.root / "nguon/ke-hoach/tinh.md").exists()
    code, _, _ = plans.run("-q", "--plans-dir", "ke-hoach", "--out", "ra2", "--no-site", "--cache-dir", "nho2")
    assert code == 0 and (plans.root / "ra2/tinh.docx").exists() and not (plans.root / "site").exists()


def test_missing_plans_folder(plans):
    code, _, err = plans.run("--plans-dir", "khong-co")
    assert code == 1
    assert err.splitlines()[0].startswith("khong-co:1:1: không có thư mục kế hoạch 'khong-co'")


def test_verbose_and_timings(plans):
    plans.write("p", TOP)
    code, out, _ = plans.run("-v", "--no-site", "--timings", "t.json")
    assert code == 0
    assert "  DOCX: " in out and "  p.docx" in out
    timings = json.loads((plans.root / "t.json").read_text(encoding="utf-8"))
    assert set(timings) == {"load", "docx"} and all(v >= 0 for v in timings.values())


def test_pdf_option_writes_pdfs(plans):
    require_tool("soffice")
    plans.write("p", TOP)
    code, out, err = plans.run("-q", "--no-site", "--pdf")
    assert code == 0, err
    assert (plans.root / "dist/p.pdf").read_bytes().startswith(b"%PDF")


def test_pdf_without_libreoffice_is_an_output_error(plans, monkeypatch):
    import shutil

    plans.write("p", TOP)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = plans.run("-q", "--no-site", "--pdf")
    assert code == 3
    assert err.startswith("Không tạo được PDF: máy này chưa có LibreOffice.")
    assert (plans.root / "dist/p.docx").exists()


def test_usage_errors_are_in_vietnamese(plans):
    """In a repository without build.py (as `kehoach init` makes them), commands are typed `kehoach …`."""
    code, _, err = plans.run("moi")
    assert code == 2
    assert err.splitlines()[-1] == (
        "kehoach: không có lệnh 'moi'. Các lệnh: init, build, check, show, list, schema, serve, new, import, rebase, redline, conformance, log, report. "
        "Xem 'kehoach --help'."
    )
    code, _, err = plans.run("lsit")
    assert code == 2 and "không có lệnh 'lsit'. Có phải ý bạn là 'list'?" in err
    code, _, err = plans.run("--khong-co")
    assert code == 2 and err.splitlines()[-1] == (
        "kehoach: không có tùy chọn '--khong-co'. Xem 'kehoach build --help'."
    )
    code, _, err = plans.run("serve", "--port", "tam")
    assert code == 2 and err.splitlines()[-1] == (
        "kehoach serve: --port: cần một số nguyên, không phải 'tam'. Xem 'kehoach serve --help'."
    )
    code, _, err = plans.run("report", "p", "--period", "quy-5")
    assert code == 2 and err.splitlines()[-1] == (
        "kehoach report: --period: không nhận 'quy-5'; chọn một trong: 'quy-1', '6-thang', '9-thang', 'nam'. "
        "Xem 'kehoach report --help'."
    )
    code, _, err = plans.run("serve", "--port")
    assert code == 2 and err.splitlines()[-1] == ("kehoach serve: --port: cần một giá trị. Xem 'kehoach serve --help'.")


def test_an_option_of_another_command_is_a_usage_error_naming_who_takes_it(plans):
    """Issue #27: 'list --port 9 --pdf' exited 0 and ignored both."""
    plans.write("p", TOP)
    code, out, err = plans.run("list", "--port", "9", "--pdf", "--period", "nam", "--signer", "X")
    assert code == 2 and out == ""
    assert err.splitlines()[-1] == (
        "kehoach: lệnh 'list' không nhận tùy chọn '--port'; tùy chọn này dùng với: serve. Xem 'kehoach list --help'."
    )
    code, _, err = plans.run("--check", "--pdf")
    assert code == 2 and "lệnh 'check' không nhận tùy chọn '--pdf'; tùy chọn này dùng với: build." in err
    code, _, err = plans.run("show", "p", "extra")
    assert code == 2 and "lệnh 'show' không nhận đối số 'extra'." in err
    code, _, err = plans.run("-q", "list", "--json")  # common flags may come before the command
    assert code == 0


def test_each_command_has_its_own_help(plans, capsys):
    import pytest

    from kehoach.cli import main

    with pytest.raises(SystemExit) as done:
        main(["import", "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "--into" in text and "--port" not in text and "--period" not in text
    assert "Ví dụ:" in text and "python build.py import" in text
    assert len(text.splitlines()) < 40


def test_commands_that_name_something_say_so_when_it_is_missing(plans):
    from kehoach.commands import COMMANDS

    needs = {name: m.NEEDS for name, m in COMMANDS.items() if hasattr(m, "NEEDS")}
    assert set(needs) == {"init", "show", "new", "import", "rebase", "redline", "conformance", "log", "report"}
    for command, what in needs.items():
        code, _, err = plans.run(command)
        assert code == 2 and err.strip() == f"Lệnh '{command}' cần {what.replace('python build.py', 'kehoach')}"


def test_hints_help_and_pages_name_the_command_as_the_repository_types_it(plans):
    """A repository made by `kehoach init` has no build.py: its clerks type `kehoach …`, so every
    hint, usage message, help example, the YAML a command writes and the site's pages say that;
    in a repository that keeps build.py (this one), `python build.py …`. Never the other."""
    family(plans)
    ours = {"kehoach": "python build.py", "python build.py": "kehoach"}
    for typed in ("kehoach", "python build.py"):
        if typed == "python build.py":
            (plans.root / "build.py").write_text("from kehoach.cli import run\nrun()\n", encoding="utf-8")
        code, _, err = plans.run("show", "zzz-khong-co")
        assert code == 2 and f"Xem danh sách bằng '{typed} list'." in err, err
        code, _, err = plans.run("moi")
        assert err.splitlines()[-1].startswith(f"{typed}: không có lệnh 'moi'.") and ours[typed] + " " not in err
        code, out, _ = plans.run("new", "--help")
        assert f"{typed} new dinh-cong-2025 --extends ha-noi-2025" in out and "python build.py" not in out.replace(
            typed, ""
        )
        code, out, err = plans.run("new", f"xa-{len(typed)}", "--extends", "huyen-a", "--unit", "UBND xã D")
        assert code == 0 and f"rồi dựng thử: {typed} --plan xa-{len(typed)}" in err + out
        assert f"# Tạo bằng '{typed} new'." in (plans.plans / f"xa-{len(typed)}.yaml").read_text(encoding="utf-8")
        code, _, err = plans.run("-q")
        assert code == 0, err
        page = (plans.root / "site" / "ke-hoach" / "tinh" / "index.html").read_text(encoding="utf-8")
        assert f"<code>{typed} log tinh &lt;việc&gt;" in page and f"<code>{ours[typed]} " not in page


def test_every_translated_argparse_message_is_one_argparse_still_uses():
    """A msgid CPython rewords would quietly come out in English: fail here instead."""
    import argparse
    import inspect

    from kehoach.commands.usage import CATALOGUE

    source = inspect.getsource(argparse)
    missing = [msgid for msgid in CATALOGUE if repr(msgid) not in source and f'"{msgid}"' not in source]
    assert missing == []


def test_argparse_is_english_again_after_parsing():
    import argparse

    from kehoach.cli import parse

    parse(["list"])
    assert argparse._("usage: ") == "usage: "


def test_kehoach_yml_sets_the_folders_and_the_command_line_wins(plans):
    """kehoach.yml's folders are used; a folder given on the command line wins over the file (#30)."""
    from conftest import TOP

    (plans.root / "ke-hoach").mkdir()
    (plans.root / "ke-hoach" / "tinh.yaml").write_text(TOP, encoding="utf-8")
    (plans.root / "kehoach.yml").write_text("plans_dir: ke-hoach\ndist_dir: van-ban\n", encoding="utf-8")
    code, out, err = plans.run("--no-site", "-q")
    assert code == 0, err
    assert (plans.root / "van-ban" / "tinh.docx").is_file() and not (plans.root / "dist").exists()
    code, out, err = plans.run("list")
    assert code == 0 and "tinh" in out
    # the command line's --plans-dir and --out win over the file's ke-hoach/ and van-ban/
    plans.write("khac", TOP)
    code, out, err = plans.run("--plans-dir", "plans", "--no-site", "--out", "dist", "-q")
    assert code == 0, err
    assert (plans.root / "dist" / "khac.docx").is_file() and not (plans.root / "dist" / "tinh.docx").exists()
    assert not (plans.root / "van-ban" / "khac.docx").exists()
