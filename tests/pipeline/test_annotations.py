"""`--format github|gitlab|json`: problems as code hosts show them on the changed line."""

from __future__ import annotations

import json

from conftest import TOP

from kehoach.text.deadline import ACCEPTED_FORMS

BROKEN = TOP.replace("text: Hai", 'text: "**Hai, 50%: xong"').replace("deadline: Định kỳ hằng quý", "deadline: sớm")


def test_github_annotations_are_pinned(plans):
    plans.write("p", BROKEN)
    code, out, err = plans.run("--check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=plans/p.yaml,line=13,col=28,title=I.1.b) — body[muc-dich].items[mot].items[b].text"
        "::dấu nhấn mạnh '*' hoặc '**' mở mà chưa đóng Gợi ý: Đóng dấu '*' hoặc '**', hoặc viết '\\*' để có dấu sao thường.",
        "::error file=plans/p.yaml,line=27,col=56,title=Phụ lục%2C dòng 2 — appendix.tasks[t2].deadline"
        "::không hiểu thời hạn 'sớm' Gợi ý: Các dạng được chấp nhận: " + ACCEPTED_FORMS.replace("%", "%25") + ".",
    ]
    assert err.splitlines()[-1].startswith("Có 2 lỗi trong 1 tệp.")


def test_github_escapes_newlines_and_percent():
    from kehoach.annotations import github
    from kehoach.errors import Problem

    line = github([Problem("plans/a,b.yaml", 3, 4, "x", "100%\nxong", where="I:1")])
    assert line == "::error file=plans/a%2Cb.yaml,line=3,col=4,title=I%3A1 — x::100%25%0Axong\n"


def test_gitlab_code_quality_report(plans):
    plans.write("p", BROKEN)
    code, out, _ = plans.run("--check", "--format", "gitlab")
    assert code == 1
    report = json.loads(out)
    assert [(r["location"]["path"], r["location"]["positions"]["begin"]) for r in report] == [
        ("plans/p.yaml", {"line": 13, "column": 28}),
        ("plans/p.yaml", {"line": 27, "column": 56}),
    ]
    assert report[0]["description"].startswith("I.1.b) — body[muc-dich].items[mot].items[b].text — dấu nhấn mạnh")
    assert {r["severity"] for r in report} == {"major"} and len({r["fingerprint"] for r in report}) == 2
    plans.write("p", BROKEN.replace("year: 2025\n", "# a comment moves every line\nyear: 2025\n"))
    _, again, _ = plans.run("--check", "--format", "gitlab")
    assert [r["fingerprint"] for r in json.loads(again)] == [r["fingerprint"] for r in report]


def test_json_format_and_clean_reports(plans):
    plans.write("p", BROKEN)
    code, out, _ = plans.run("--check", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["version"] == 1 and data["count"] == 2
    assert data["problems"][1] == {
        "file": "plans/p.yaml",
        "line": 27,
        "col": 56,
        "where": "Phụ lục, dòng 2",
        "path": "appendix.tasks[t2].deadline",
        "message": "không hiểu thời hạn 'sớm'",
        "hint": data["problems"][1]["hint"],
        "severity": "error",
        "rule": "",
    }
    plans.write("p", TOP)
    for fmt, empty in (("json", {"version": 1, "count": 0, "problems": []}), ("gitlab", [])):
        code, out, _ = plans.run("--check", "--format", fmt)
        assert code == 0 and json.loads(out) == empty
    code, out, _ = plans.run("--check", "--format", "github")
    assert code == 0 and out == ""
