"""Each error kind, with its exact message and location."""

import pytest
from conftest import CHILD_HEAD, TOP


def check(plans, **files):
    for name, text in files.items():
        plans.write(name.replace("_", "-"), text)
    code, out, err = plans.run("check")
    assert code == 1, "a malformed plan must fail the check"
    return code, err.strip().splitlines()


def test_unknown_key_with_did_you_mean(plans):
    code, err = check(plans, p=TOP.replace("closing: Trên", "closng: Trên"))
    assert code == 1
    assert "plans/p.yaml:19:1: closng: trường 'closng' không được hỗ trợ Gợi ý: Có phải ý bạn là 'closing'?" in err


def test_wrong_type(plans):
    code, err = check(plans, p=TOP.replace("year: 2025", "year: hai nghìn"))
    assert err[0] == "plans/p.yaml:1:7: year: cần số nguyên, nhưng gặp văn bản 'hai nghìn'"


def test_missing_required_field(plans):
    code, err = check(plans, p=TOP.replace("signature: {title: CHỦ TỊCH, name: Nguyễn Văn A}", "signature: {title: CHỦ TỊCH}"))
    assert err[:-1] == ["plans/p.yaml:20:12: signature: thiếu trường bắt buộc 'name' Gợi ý: Thêm 'name:' (Họ và tên người ký.)"]


def test_impossible_date(plans):
    code, err = check(plans, p=TOP.replace("date: 10/01/2025", "date: 31/02/2025"))
    assert err[0] == ("plans/p.yaml:3:56: document.date: ngày '31/02/2025' không hợp lệ hoặc không có thật "
                      "Gợi ý: Viết ngày dạng dd/mm/yyyy, ví dụ 24/01/2025.")


def test_deadline_outside_year(plans):
    code, err = check(plans, p=TOP.replace("20/02/2025", "20/02/2026"))
    assert err[0] == ("plans/p.yaml:26:7: appendix.tasks.t1: thời hạn 'Chậm nhất ngày 20/02/2026' của nhiệm vụ 't1' "
                      "nằm ngoài năm 2025 của kế hoạch Gợi ý: Sửa thời hạn, hoặc thêm 'cross_year: true' nếu cố ý.")


def test_child_dated_before_parent(plans):
    child = "extends: tinh\n" + CHILD_HEAD.replace("symbol: KH-UBND,", "symbol: KH-UBND, number: 3, date: 02/01/2025,")
    code, err = check(plans, tinh=TOP, huyen=child)
    assert err[0] == ("plans/huyen.yaml:3:46: document.date: ngày ban hành 02/01/2025 sớm hơn kế hoạch cấp trên 'tinh' "
                      "(10/01/2025) Gợi ý: Kế hoạch cấp dưới ban hành sau kế hoạch cấp trên; kiểm tra lại ngày.")


def test_duplicate_item_key(plans):
    code, err = check(plans, p=TOP.replace("{key: b, text: Hai}", "{key: a, text: Hai}"))
    assert err[0] == ("plans/p.yaml:13:19: body[0].items[0].items[1].key: khóa 'a' bị trùng (đã dùng ở dòng 12) "
                      "Gợi ý: Mỗi mục trong một danh sách cần một khóa riêng.")


def test_duplicate_mapping_key(plans):
    code, err = check(plans, p=TOP.replace("year: 2025\n", "year: 2025\nyear: 2024\n"))
    assert err[0] == ("plans/p.yaml:2:1: year: trường 'year' bị lặp lại (đã có ở dòng 1) "
                      "Gợi ý: Gộp hai trường làm một; YAML chỉ giữ lại trường viết sau.")


def test_override_of_missing_key_is_an_error_not_an_append(plans):
    child = "extends: tinh\n" + CHILD_HEAD + "appendix:\n  tasks:\n    - {key: t9, task: Mới, lead: X, deadline: Trong năm}\n"
    code, err = check(plans, tinh=TOP, huyen=child)
    assert err[0] == ("plans/huyen.yaml:11:13: appendix.tasks[0].key: dòng nhiệm vụ 't9' không có trong kế hoạch cấp trên "
                      "'tinh' Gợi ý: Để thêm mục mới, ghi vị trí: 'after: <khóa>', "
                      "'before: <khóa>' hoặc 'at: end'.")


def test_remove_of_missing_key(plans):
    child = "extends: tinh\n" + CHILD_HEAD + "appendix:\n  tasks:\n    - {key: zz, remove: true}\n"
    code, err = check(plans, tinh=TOP, huyen=child)
    assert err[0].startswith("plans/huyen.yaml:11:13: appendix.tasks[0].key: không thể xóa: dòng nhiệm vụ 'zz' "
                             "không có trong kế hoạch cấp trên 'tinh'")


def test_unknown_parent(plans):
    code, err = check(plans, tinh=TOP, huyen="extends: tihn\n" + CHILD_HEAD)
    assert err[0] == "plans/huyen.yaml:1:10: extends: không có kế hoạch cấp trên 'tihn' Gợi ý: Có phải ý bạn là 'tinh'?"


def test_extends_itself(plans):
    code, err = check(plans, huyen="extends: huyen\n" + CHILD_HEAD)
    assert err[0].startswith("plans/huyen.yaml:1:10: extends: kế hoạch 'huyen' kế thừa chính nó")


def test_cycle_through_three_plans(plans):
    code, err = check(plans, a="extends: c\n" + CHILD_HEAD, b="extends: a\n" + CHILD_HEAD, c="extends: b\n" + CHILD_HEAD)
    assert code == 1
    assert any("extends: vòng kế thừa: a → c → b → a" in e for e in err)


def test_symbol_must_be_kh(plans):
    code, err = check(plans, p=TOP.replace("symbol: KH-UBND", "symbol: QĐ-UBND"))
    assert err[0].startswith("plans/p.yaml:3:31: document.symbol: ký hiệu 'QĐ-UBND' không đúng dạng 'KH-…'")


def test_all_errors_reported_at_once(plans):
    code, err = check(plans, p=TOP.replace("year: 2025", "year: x").replace("closing: Trên", "closng: Trên"))
    assert code == 1
    assert len(err) == 4  # two problems, the missing closing they cause, and the summary
    assert err[-1] == "Có 3 lỗi trong 1 tệp. Chưa ghi gì vào dist/ và site/; sửa các lỗi trên rồi chạy lại."


@pytest.mark.parametrize("name", ["ha-noi-2025", "../x"])
def test_show_unknown_plan(plans, name):
    plans.write("p", TOP)
    code, out, err = plans.run("show", "khong-co")
    assert code == 1
    assert "không có kế hoạch 'khong-co'" in err


def test_empty_recipients_are_reported(plans):
    code, err = check(plans, p=TOP.replace("recipients: [Bộ Nội vụ]", "recipients: []"))
    assert code == 1
    assert err[0] == ("plans/p.yaml:21:13: recipients: thiếu danh sách 'recipients' (Nơi nhận) Gợi ý: Phần này nêu tên "
                      "đơn vị nên không kế thừa từ cấp trên; mỗi kế hoạch tự ghi.")
