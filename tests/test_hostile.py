"""Hostile or broken YAML is refused with a clear message and nothing runs."""

import time

from conftest import TOP


def errors(plans, text=None, raw=None, all_lines=False):
    plans.write("p", text or "", raw=raw)
    code, out, err = plans.run("check")
    assert code == 1
    return err.splitlines() if all_lines else err.splitlines()[0]


def test_python_tag_is_refused_without_running(plans, tmp_path):
    marker = tmp_path / "pwned"
    lines = errors(plans, f"year: !!python/object/apply:os.system ['touch {marker}']\n", all_lines=True)
    assert any(x.startswith("plans/p.yaml:1:7: year: thẻ YAML 'tag:yaml.org,2002:python/object/apply:os.system' không được phép") for x in lines)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(plans):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    start = time.monotonic()
    line = errors(plans, bomb)
    assert time.monotonic() - start < 2
    assert line.startswith("plans/p.yaml:2:8: không dùng bí danh YAML (*tên) trong kế hoạch")


def test_tab_indentation(plans):
    line = errors(plans, "year: 2025\nunit:\n\tname: X\n")
    assert line.startswith("plans/p.yaml:3:1: có ký tự tab ở đầu dòng hoặc trong phần thụt lề")


def test_not_utf8(plans):
    line = errors(plans, raw="year: 2025\nclosing: Trên đây\n".encode("cp1258"))
    assert line.startswith("plans/p.yaml:2:12: tệp không được lưu ở mã UTF-8")


def test_empty_file(plans):
    assert errors(plans, raw=b"") == "plans/p.yaml:1:1: tệp rỗng Gợi ý: Viết ít nhất các trường của kế hoạch, xem README."


def test_nfd_text_is_normalised(plans):
    import unicodedata
    plans.write("p", unicodedata.normalize("NFD", TOP))
    code, out, err = plans.run("show", "p")
    assert code == 0, err
    assert "Thông tin tuyên truyền CCHC" in out


def test_bom_is_accepted(plans):
    plans.write("p", "", raw=b"\xef\xbb\xbf" + TOP.encode())
    assert plans.run("check")[0] == 0


def test_control_character_is_refused(plans):
    line = errors(plans, TOP.replace("Một", "Một\x07"))
    assert line.startswith("plans/p.yaml:12:31: có ký tự điều khiển U+0007 không được phép")
