"""The command line: build, atomic failure, show, list, exit codes."""

from conftest import TOP


def test_build_writes_docx_json_and_site(plans):
    plans.write("p", TOP)
    code, out, err = plans.run("-q")
    assert code == 0, err
    assert out == "" and err == ""  # -q: only problems are printed
    assert (plans.root / "dist/p.docx").exists() and (plans.root / "dist/p.json").exists()
    page = (plans.root / "site/ke-hoach/p/index.html").read_text(encoding="utf-8")
    assert "Thông tin tuyên truyền CCHC" in page and 'href="../../tai-ve/p.docx"' in page
    assert (plans.root / "site/index.html").exists() and (plans.root / "site/tai-ve/p.docx").exists()


def test_failed_build_leaves_outputs_untouched(plans):
    plans.write("p", TOP)
    assert plans.run("-q", "--no-site")[0] == 0
    before = (plans.root / "dist/p.docx").read_bytes()
    plans.write("p", TOP.replace("year: 2025", "year: x"))
    code, out, err = plans.run("-q", "--no-site")
    assert code == 1
    assert (plans.root / "dist/p.docx").read_bytes() == before
    assert "Chưa ghi gì vào dist/ và site/" in err


def test_show_prints_origins(plans):
    plans.write("p", TOP)
    code, out, err = plans.run("show", "p")
    assert code == 0
    assert "I.1.a)  [a] Một  [thêm: tại đây]" in out and "Phụ lục 2  [t2] | Báo cáo" in out


def test_show_needs_an_id(plans):
    plans.write("p", TOP)
    code, out, err = plans.run("show")
    assert code == 2


def test_json_metadata_fields(plans):
    import json

    plans.write("p", TOP)
    plans.run("-q", "--no-site")
    meta = json.loads((plans.root / "dist/p.json").read_text(encoding="utf-8"))
    assert meta["CodeNumber"] == "05" and meta["CodeNotation"] == "KH-UBND" and meta["IssuedDate"] == "2025-01-10"
    assert meta["SignerInfo"]["FullName"] == "Nguyễn Văn A"
    # Phụ lục VI (issue #32): To[] from Nơi nhận; no OrganId without one; PageAmount only from a PDF
    assert meta["To"] == [{"OrganName": "Bộ Nội vụ"}]
    assert "OrganId" not in meta and "PageAmount" not in meta


def test_the_units_organ_id_is_checked_and_written(plans):
    import json

    plans.write("p", TOP.replace("full: UBND Tỉnh}", 'full: UBND Tỉnh, organ_id: "000.00.00.H26"}'))
    assert plans.run("-q", "--no-site")[0] == 0
    assert json.loads((plans.root / "dist/p.json").read_text(encoding="utf-8"))["OrganId"] == "000.00.00.H26"
    plans.write("p", TOP.replace("full: UBND Tỉnh}", "full: UBND Tỉnh, organ_id: H26}"))
    code, _, err = plans.run("check")
    assert code == 1
    assert "unit.organ_id: 'H26' không đúng dạng mã định danh 13 ký tự dạng \"000.00.00.H26\"" in err


def test_two_builds_are_byte_identical(plans):
    plans.write("p", TOP)
    plans.run("-q")
    first = {p.relative_to(plans.root): p.read_bytes() for p in (plans.root / "site").rglob("*") if p.is_file()}
    first_docx = (plans.root / "dist/p.docx").read_bytes()
    plans.run("-q")
    second = {p.relative_to(plans.root): p.read_bytes() for p in (plans.root / "site").rglob("*") if p.is_file()}
    assert (plans.root / "dist/p.docx").read_bytes() == first_docx
    changed = [k for k in first if first[k] != second.get(k)]
    assert changed == []


def test_site_build_date_follows_the_plans_and_does_not_leak(plans):
    import datetime as dt
    import os

    def stamped() -> dt.date:  # MkDocs writes the build date into the gzip header of the sitemap
        raw = (plans.root / "site/sitemap.xml.gz").read_bytes()
        return dt.datetime.fromtimestamp(int.from_bytes(raw[4:8], "little"), dt.UTC).date()

    plans.write("p", TOP)
    plans.run("-q")
    assert stamped() == dt.date(2025, 1, 10)
    plans.write("p", TOP.replace("date: 10/01/2025", "date: 05/3/2025"))
    plans.run("-q")
    assert stamped() == dt.date(2025, 3, 5)
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_internal_error_is_a_message_not_a_traceback(monkeypatch, capsys):
    import pytest

    from kehoach import cli

    def broken(argv=None):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(cli, "main", broken)
    monkeypatch.setattr("sys.argv", ["build.py"])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("Lỗi nội bộ của công cụ (RuntimeError: hỏng).")
    assert "Traceback" not in err
