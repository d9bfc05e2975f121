"""'Sửa trên GitHub/GitLab' (issue #32, part 2): with repo_url in kehoach.yml, each plan page links
to its YAML file in the git host's editor, and each item written in that file to its line."""

from __future__ import annotations

import re

import pytest
from conftest import CHILD_HEAD, TOP, PlansDir

from kehoach.site.edit import EditLinks, default_edit_uri


@pytest.mark.parametrize(
    "repo, expected",
    [
        (
            "https://github.com/so-noi-vu/ke-hoach",
            "https://github.com/so-noi-vu/ke-hoach/edit/main/plans/ha-noi/x.yaml#L42",
        ),
        (
            "https://gitlab.com/ubnd-ha-noi/ke-hoach",
            "https://gitlab.com/ubnd-ha-noi/ke-hoach/-/edit/main/plans/ha-noi/x.yaml#L42",
        ),
    ],
)
def test_the_editor_address_of_a_line_on_each_host(repo, expected):
    links = EditLinks(f"{repo}/{default_edit_uri(repo)}")
    assert links.url("plans/ha-noi/x.yaml", 42) == expected
    assert links.url("plans/ha-noi/x.yaml") == expected.removesuffix("#L42")
    assert links.url("/etc/passwd", 1) == "" and links.url("../x.yaml") == ""
    assert default_edit_uri("https://git.example.org/kho") == ""
    assert not EditLinks() and EditLinks().url("plans/x.yaml", 3) == ""


def build(plans: PlansDir, config: str) -> str:
    plans.write("tinh", TOP)
    plans.write(
        "huyen",
        "extends: tinh\n" + CHILD_HEAD + "body:\n  - key: muc-dich\n    items:\n      - key: mot\n"
        "        items:\n          - {key: b, text: Hai (sửa)}\n",
    )
    if config:
        (plans.root / "kehoach.yml").write_text(config, encoding="utf-8")
    code, _, err = plans.run("-q")
    assert code == 0, err
    return (plans.root / "site" / "ke-hoach" / "huyen" / "index.html").read_text(encoding="utf-8")


def test_an_item_written_in_the_plan_links_to_its_line(plans):
    page = build(plans, "repo_url: https://github.com/so-noi-vu/ke-hoach\n")
    lines = (plans.plans / "huyen.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "key: b" in text)
    url = f"https://github.com/so-noi-vu/ke-hoach/edit/main/plans/huyen.yaml#L{line}"
    assert f'href="{url}"' in page
    assert "Sửa mục I.1.b) trên GitHub" in page
    # only the item this file writes: inherited items are edited by overriding them here
    assert len(re.findall(r'class="kh-edit"', page)) == 1
    assert (
        'class="md-button kh-edit-plan" href="https://github.com/so-noi-vu/ke-hoach/edit/main/plans/huyen.yaml"' in page
    )


def test_gitlab_and_an_edit_uri_of_ones_own(plans):
    page = build(plans, "repo_url: https://gitlab.com/ubnd/ke-hoach\nedit_uri: -/edit/phat-hanh/\n")
    assert "https://gitlab.com/ubnd/ke-hoach/-/edit/phat-hanh/plans/huyen.yaml#L" in page
    assert "Sửa trên GitLab" in page


def test_no_repository_no_link(plans):
    page = build(plans, "")
    assert "kh-edit" not in page


def test_the_table_of_contents_has_no_pencils(plans):
    from kehoach.site.pages import toc_of

    build(plans, "repo_url: https://github.com/so-noi-vu/ke-hoach\n")
    source = (plans.root / "docs-gen" / "ke-hoach" / "tinh.md").read_text(encoding="utf-8")
    assert "kh-edit" in source
    assert all("✎" not in text for _, _, text in toc_of(source))
