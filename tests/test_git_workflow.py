"""The files that make a plans repository work in git: the GitHub and GitLab workflows, linted
and run command for command, and the pre-commit hook, run for real by pre-commit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ke-hoach.yml"
SPLIT = ROOT / ".github" / "workflows" / "ke-hoach-theo-tinh.yml"  # build --split province, a site per part
GITLAB = ROOT / ".gitlab-ci.yml"
BROKEN = ("text: Một", 'text: "**Một"')


def tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).with_name(name))
    assert Path(path).exists(), f"{name} is installed by requirements.txt"
    return path


@pytest.fixture
def repo(tmp_path) -> Iterator[Path]:
    """A copy of this repository as a clone has it (no outputs, no caches)."""
    dest = tmp_path / "repo"
    outputs = {
        ".git",
        "site",
        "site.tmp",
        "site.old",
        "dist",
        "docs-gen",
        "build-cache",
        ".pytest_cache",
        ".hypothesis",
        "test-artifacts",
        "public",
        "tests",
    }

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or (Path(folder) == ROOT and n in outputs)}

    shutil.copytree(ROOT, dest, ignore=ignore)
    yield dest
    # the workflows' 'pip install … -e .' ran as written and made this throwaway copy the installed
    # package: give the developer's environment back its own
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)], check=True, capture_output=True
    )


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    return subprocess.run(["bash", "-ec", command], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def github_steps(job: str, workflow: Path = WORKFLOW) -> list[str]:
    return [
        step["run"]
        for step in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"][job]["steps"]
        if "run" in step
    ]


def gitlab_script(job: str) -> list[str]:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))[job]["script"]


def test_actionlint_accepts_the_workflow_and_would_catch_a_mistake(tmp_path):
    for workflow in (WORKFLOW, SPLIT):
        result = subprocess.run([tool("actionlint"), str(workflow)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace(
            "${{ steps.deployment.outputs.page_url }}", "${{ steps.deploy.outputs.page_url }}"
        ),
        encoding="utf-8",
    )
    result = subprocess.run([tool("actionlint"), str(bad)], capture_output=True, text=True)
    assert result.returncode == 1 and "deploy" in result.stdout


def test_gitlab_ci_matches_gitlabs_schema_and_would_catch_a_mistake(tmp_path):
    check = [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci"]
    result = subprocess.run(check + [str(GITLAB)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    bad = tmp_path / ".gitlab-ci.yml"
    bad.write_text(
        GITLAB.read_text(encoding="utf-8").replace("    when: always\n", "    when: sometimes\n"), encoding="utf-8"
    )
    assert subprocess.run(check + [str(bad)], capture_output=True, text=True).returncode == 1
    github = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW), str(SPLIT)],
        capture_output=True,
        text=True,
    )
    assert github.returncode == 0, github.stdout


def test_split_workflow_publishes_each_province_and_the_index(repo, tmp_path):
    """The split workflow's steps, as written, with its remote a folder of bare repositories: each
    province's gh-pages branch holds its site, the index's holds the list linking to them."""
    remote = tmp_path / "remote"
    for name in ("ha-noi", "hai-phong", "so-noi-vu.github.io"):
        subprocess.run(["git", "init", "-q", "--bare", str(remote / f"{name}.git")], check=True)
    env = f"export REMOTE={remote} INDEX_REPO=so-noi-vu.github.io\n"
    for command in github_steps("xuat-ban-theo-tinh", SPLIT):
        result = shell(env + command, repo)
        assert result.returncode == 0, f"{command}: {result.stderr}"

    def branch(name: str) -> set[str]:
        out = subprocess.run(
            ["git", "-C", str(remote / f"{name}.git"), "ls-tree", "-r", "--name-only", "gh-pages"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return set(out.stdout.split())

    ha_noi, hai_phong, index = branch("ha-noi"), branch("hai-phong"), branch("so-noi-vu.github.io")
    assert {"index.html", ".nojekyll", "ke-hoach/thinh-liet-2024/index.html", "tai-ve/ha-noi-2025.docx"} <= ha_noi
    assert "ke-hoach/kim-thanh-2025/index.html" not in ha_noi
    assert {"index.html", "ke-hoach/kim-thanh-2025/index.html", "tai-ve/kim-thanh-2025.docx"} <= hai_phong
    assert index == {".nojekyll", "index.html", "phan.json"}
    page = subprocess.run(
        ["git", "-C", str(remote / "so-noi-vu.github.io.git"), "show", "gh-pages:index.html"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert '<a href="ha-noi/">Hà Nội</a>' in page and '<a href="hai-phong/">Hải Phòng</a>' in page


def test_github_workflow_commands_run_as_written(repo):
    for command in github_steps("kiem-tra"):
        result = shell(command, repo)
        assert result.returncode == 0, f"{command}: {result.stderr}"
    for command in github_steps("xuat-ban"):
        result = shell(command, repo)
        assert result.returncode == 0, f"{command}: {result.stderr}"
    assert (repo / "site" / "index.html").is_file() and (repo / "site" / "tai-ve" / "ha-noi-2025.docx").is_file()
    plan = repo / "plans" / "hai-phong" / "kim-thanh-2025.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("date: 1/8/2025", "date: 31/2/2025", 1), encoding="utf-8")
    check = github_steps("kiem-tra")[-1]
    result = shell(check, repo)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=plans/hai-phong/kim-thanh-2025.yaml,line=35,col="), result.stdout


def test_gitlab_jobs_run_as_written(repo):
    for command in gitlab_script("kiem-tra"):
        assert shell(command, repo).returncode == 0, command
    report = json.loads((repo / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    # the real plans have no errors, only the review rules' warnings (shown as minor in the merge request)
    assert report and {r["severity"] for r in report} == {"minor"}
    assert "luu-vt" in {r["check_name"] for r in report}
    for command in gitlab_script("pages"):
        assert shell(command, repo).returncode == 0, command
    assert (repo / "public" / "index.html").is_file() and (
        repo / "public" / "ke-hoach" / "ha-noi-2025" / "index.html"
    ).is_file()


@pytest.mark.slow
def test_pre_commit_hook_runs_in_a_plans_repository(tmp_path):
    """pre-commit installs this repository as the hook (pip, from its pyproject) and runs it."""
    result = subprocess.run(
        [tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    plans_repo = tmp_path / "don-vi"
    shutil.copytree(ROOT / "plans", plans_repo / "plans")
    git = ["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=CI"]
    subprocess.run(git + ["init", "-q"], cwd=plans_repo, check=True)
    subprocess.run(git + ["add", "-A"], cwd=plans_repo, check=True)
    subprocess.run(git + ["commit", "-qm", "kế hoạch"], cwd=plans_repo, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    try_repo = [tool("pre-commit"), "try-repo", str(ROOT), "kiem-tra-ke-hoach", "--all-files"]
    result = subprocess.run(try_repo, cwd=plans_repo, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0 and "Passed" in result.stdout, result.stdout + result.stderr
    plan = plans_repo / "plans" / "ha-noi" / "thinh-liet-2024.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("archive:", "archiv:", 1), encoding="utf-8")
    result = subprocess.run(try_repo, cwd=plans_repo, capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 1 and "Failed" in result.stdout
    assert "plans/ha-noi/thinh-liet-2024.yaml:" in result.stdout and "Có phải ý bạn là 'archive'?" in result.stdout
