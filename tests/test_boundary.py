"""kehoach.boundary.inside: the fast path (no link on the way) agrees with resolving both paths."""

import os
from pathlib import Path

from kehoach.boundary import inside


def _resolved(path: Path, folder: Path) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root + os.sep)


def test_inside_agrees_with_realpath(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    plans, elsewhere = repo / "plans", tmp_path / "elsewhere"
    (plans / "ha-noi").mkdir(parents=True)
    elsewhere.mkdir()
    (plans / "a.yaml").write_text("a")
    (plans / "ha-noi" / "b.yaml").write_text("b")
    (elsewhere / "x.yaml").write_text("x")
    (plans / "out.yaml").symlink_to(elsewhere / "x.yaml")
    (plans / "in.yaml").symlink_to(plans / "a.yaml")
    (plans / "linked-dir").symlink_to(elsewhere)
    (tmp_path / "alias").symlink_to(plans)  # the folder itself reached through a link
    cases = {
        plans / "a.yaml": True,
        plans / "ha-noi" / "b.yaml": True,
        plans / "out.yaml": False,
        plans / "in.yaml": True,
        plans / "linked-dir" / "x.yaml": False,
        plans / "ha-noi" / ".." / "a.yaml": True,
        plans / "linked-dir" / ".." / "x.yaml": False,  # '..' after a link leaves the repository
        plans / ".." / "plans" / "a.yaml": True,
        plans: True,
        repo / "other.yaml": False,
        tmp_path / "alias" / "a.yaml": True,
        tmp_path / "alias" / "out.yaml": False,
    }
    for folder in (plans, tmp_path / "alias"):
        for path, expected in cases.items():
            assert inside(path, folder) == _resolved(path, folder), (path, folder)
            if folder == plans:
                assert inside(path, folder) is expected, path
    assert inside(str(plans / "a.yaml"), str(plans))
    monkeypatch.chdir(repo)  # relative paths, as the build names them
    for path in cases:
        for folder in (Path("plans"), Path("."), plans):
            relative = Path(os.path.relpath(path, repo))
            assert inside(relative, folder) == _resolved(relative, folder), (relative, folder)
