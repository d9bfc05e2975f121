"""Problems in the formats that code hosts read, so each appears on the changed line of a review.

- ``github``: workflow commands, ``::error file=…,line=…,col=…,title=…::message`` (``::warning``
  for a review rule's warning), which GitHub Actions turns into annotations on the pull request's diff;
- ``gitlab``: a Code Quality report (a JSON list), which GitLab shows in the merge request;
- ``json``: a stable machine-readable list, for other tools;
- ``text``: the clerk's lines, ``tệp:dòng:cột: II.1.c) — đường.dẫn: lỗi Gợi ý: cách sửa``.
"""

from __future__ import annotations

import hashlib
import json

from .errors import Problem

FORMATS = ("text", "github", "gitlab", "json")


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github(problems: list[Problem]) -> str:
    """One workflow command per problem (escaped as the runner expects)."""
    lines = []
    for p in problems:
        title = p.field_and_place or "Lỗi kế hoạch"
        message = p.headline + (f" Gợi ý: {p.hint}" if p.hint else "")
        lines.append(
            f"::{'warning' if p.is_warning else 'error'} file={_github_property(p.file)},line={p.line},col={p.col},"
            f"title={_github_property(title)}::{_github_data(message)}"
        )
    return "".join(line + "\n" for line in lines)


def fingerprint(p: Problem) -> str:
    """Stable across runs and line moves: the file, the field and the message."""
    return hashlib.sha256("\0".join((p.file, p.path, p.message)).encode("utf-8")).hexdigest()[:32]


def gitlab(problems: list[Problem]) -> str:
    """A GitLab Code Quality report."""
    report = [
        {
            "description": " — ".join(x for x in (p.field_and_place, p.headline) if x)
            + (f" Gợi ý: {p.hint}" if p.hint else ""),
            "check_name": p.rule or "kiem-tra-ke-hoach",
            "fingerprint": fingerprint(p),
            "severity": "minor" if p.is_warning else "major",
            "location": {"path": p.file, "positions": {"begin": {"line": p.line, "column": p.col}}},
        }
        for p in problems
    ]
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def as_json(problems: list[Problem]) -> str:
    """``{"version": 1, "count": n, "problems": [{file, line, col, where, path, message, hint, severity, rule}]}``."""
    data = {
        "version": 1,
        "count": len(problems),
        "problems": [
            {
                "file": p.file,
                "line": p.line,
                "col": p.col,
                "where": p.where,
                "path": p.path,
                "message": p.message,
                "hint": p.hint,
                "severity": p.severity,
                "rule": p.rule,
            }
            for p in problems
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


RENDER = {"github": github, "gitlab": gitlab, "json": as_json}
