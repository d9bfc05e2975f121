"""Hostile YAML runs nothing and is refused quickly; harmless oddities (BOM, NFD) are accepted.

The exact messages of every refusal are pinned in test_catalogue.py."""

import tracemalloc

from conftest import TOP


def errors(plans, text=None, raw=None, all_lines=False):
    plans.write("p", text or "", raw=raw)
    code, out, err = plans.run("check")
    assert code == 1
    return err.splitlines() if all_lines else err.splitlines()[0]


def test_python_tag_is_refused_without_running(plans, tmp_path):
    marker = tmp_path / "pwned"
    lines = errors(plans, f"year: !!python/object/apply:os.system ['touch {marker}']\n", all_lines=True)
    assert any(
        x.startswith(
            "plans/p.yaml:1:7: year: thẻ YAML 'tag:yaml.org,2002:python/object/apply:os.system' không được phép"
        )
        for x in lines
    )
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(plans):
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")
    )
    tracemalloc.start()
    line = errors(plans, bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, "the bomb must be refused before it is expanded"
    assert line.startswith("plans/p.yaml:2:8: không dùng bí danh YAML (*tên) trong kế hoạch")


def test_nfd_text_is_normalised(plans):
    import unicodedata

    plans.write("p", unicodedata.normalize("NFD", TOP))
    code, out, err = plans.run("show", "p")
    assert code == 0, err
    assert "Thông tin tuyên truyền CCHC" in out


def test_bom_is_accepted(plans):
    plans.write("p", "", raw=b"\xef\xbb\xbf" + TOP.encode())
    assert plans.run("check")[0] == 0


def test_libyaml_and_python_composers_agree_on_values_and_positions():
    from pathlib import Path

    from conftest import ROOT

    from kehoach.errors import Problems
    from kehoach.plans import source

    for path in sorted((ROOT / "plans").rglob("*.yaml")):
        text = source.read_text(path.read_bytes(), "x", Problems())
        fast, slow = (source._parse(text, [], "x", Problems(), python_only=p) for p in (False, True))
        assert (fast.data, fast.pos, fast.keypos) == (slow.data, slow.pos, slow.keypos), Path(path).name


def test_calendar_text_carries_no_control_character():
    """RFC 5545 TEXT allows no control character: line breaks of any kind become '\\n', others a space."""
    from kehoach.site.ical import ics

    row = {
        "plan": "p",
        "key": "t",
        "year": 2025,
        "dates": ["2025-02-20"],
        "kind": "",
        "unit": "UBND\rphường",
        "deadline": "Tháng 2/2025",
        "lead": ["A\r\nB"],
        "task": "Báo\rcáo\x01; tháng, quý",
    }
    text = ics([row], row["unit"]).decode("utf-8")
    lines = text.split("\r\n")
    assert "SUMMARY:Báo\\ncáo \\; tháng\\, quý" in lines
    assert "DESCRIPTION:Tháng 2/2025 — chủ trì: A\\nB" in lines
    assert "X-WR-CALNAME:Nhiệm vụ tuyên truyền CCHC — UBND\\nphường" in lines
    assert not [c for c in text.replace("\r\n", "") if ord(c) < 32]


SECRET = "root:x:0:0:root:/root:/bin/bash\nsecret_key_name: 42\n"


def test_a_link_out_of_the_plans_folder_is_never_read(plans, tmp_path):
    """The repository is the boundary (#25): a link to a file outside, even a valid plan, is
    refused by name; its content never shows, in any output format."""
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET, encoding="utf-8")
    (outside / "tinh.yaml").write_text(TOP, encoding="utf-8")
    (plans.plans / "x.yaml").symlink_to(outside / "passwd")
    (plans.plans / "tinh.yaml").symlink_to(outside / "tinh.yaml")
    for fmt in ("text", "github", "json"):
        code, out, err = plans.run("check", "--format", fmt)
        assert code == 1
        assert "root:x" not in out + err and "secret_key_name" not in out + err
    code, out, err = plans.run("check")
    assert err.splitlines()[:2] == [
        "plans/tinh.yaml:1:1: 'plans/tinh.yaml' là liên kết (symlink) trỏ ra ngoài thư mục plans/: không đọc"
        " Gợi ý: Chép nội dung thật vào kho thay cho liên kết; công cụ chỉ đọc tệp nằm trong kho.",
        "plans/x.yaml:1:1: 'plans/x.yaml' là liên kết (symlink) trỏ ra ngoài thư mục plans/: không đọc"
        " Gợi ý: Chép nội dung thật vào kho thay cho liên kết; công cụ chỉ đọc tệp nằm trong kho.",
    ]
    assert not (plans.root / "dist").exists()


def test_links_out_of_progress_and_units_are_never_read(plans, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "other.yaml").write_text(SECRET, encoding="utf-8")
    plans.write("p", TOP)
    for folder, name in (("progress", "p.yaml"), ("units", "x.yaml")):
        (plans.root / folder).mkdir()
        (plans.root / folder / name).symlink_to(outside / "other.yaml")
        code, out, err = plans.run("-q")
        assert code == 1
        assert "secret_key_name" not in out + err and "root:x" not in out + err
        assert err.startswith(
            f"{folder}/{name}:1:1: '{folder}/{name}' là liên kết (symlink) trỏ ra ngoài thư mục {folder}/: không đọc"
        ), err
        (plans.root / folder / name).unlink()


def test_a_link_inside_the_repository_is_read(plans):
    (plans.plans / "sub").mkdir()
    (plans.plans / "sub" / "real.yaml").write_text(TOP, encoding="utf-8")
    (plans.plans / "p.yaml").symlink_to(plans.plans / "sub" / "real.yaml")
    code, out, err = plans.run("show", "p")
    assert code == 0, err  # two plans, 'p' and 'real', with the same text
    assert "Thông tin tuyên truyền CCHC" in out


def test_a_linked_folder_is_not_entered_and_a_link_below_a_real_folder_is_still_checked(plans, tmp_path):
    """Plans are listed without following a linked folder (its plans, outside, are not even
    named); a linked file two folders down is checked like one at the top (#31: only links are)."""
    outside = tmp_path.parent / f"{tmp_path.name}-outside2"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET, encoding="utf-8")
    plans.write("tinh", TOP)
    (plans.plans / "elsewhere").symlink_to(outside, target_is_directory=True)
    (plans.plans / "a" / "b").mkdir(parents=True)
    (plans.plans / "a" / "b" / "deep.yaml").symlink_to(outside / "secret.yaml")
    code, out, err = plans.run("check")
    assert code == 1
    assert "root:x" not in out + err and "secret_key_name" not in out + err and "elsewhere" not in out + err
    assert err.startswith("plans/a/b/deep.yaml:1:1: 'plans/a/b/deep.yaml' là liên kết (symlink) trỏ ra ngoài"), err
    (plans.plans / "a" / "b" / "deep.yaml").unlink()
    assert plans.run("check")[0] == 0
