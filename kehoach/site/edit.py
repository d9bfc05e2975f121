"""Links from a plan's page to its YAML file in the git host's web editor ("Sửa trên GitHub").

Clerks often edit plans in the web UI of GitHub or GitLab. With ``repo_url`` (and ``edit_uri``)
in kehoach.yml, each plan page links to its file, and each item written in that file links to its
line: ``https://github.com/<owner>/<repo>/edit/main/plans/x.yaml#L42`` (GitHub),
``https://gitlab.com/<group>/<project>/-/edit/main/plans/x.yaml#L42`` (GitLab). An item inherited
from the parent has no link: it is edited by overriding it in this plan's file (or in the parent's).
Without a repository, no link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import quote


def host_of(url: str) -> str:
    """'GitHub', 'GitLab', or '' for another host, from a repository's or editor's address."""
    netloc = url.split("/")[2].lower() if url.count("/") >= 2 else ""
    return "GitHub" if "github" in netloc else "GitLab" if "gitlab" in netloc else ""


def default_edit_uri(repo_url: str) -> str:
    """The editor's path after the repository's address, as MkDocs guesses it for the two hosts."""
    return {"GitHub": "edit/main/", "GitLab": "-/edit/main/"}.get(host_of(repo_url), "")


@dataclass(frozen=True)
class EditLinks:
    base: str = ""  # 'https://github.com/o/r/edit/main/'; empty: no links

    def __bool__(self) -> bool:
        return bool(self.base)

    @property
    def host(self) -> str:
        return host_of(self.base) or "kho"

    def url(self, file: str, line: int = 0) -> str:
        """The editor's address of ``file`` (as the plans name it, relative to the repository) at
        ``line``; '' for a file outside the repository."""
        if not self.base or os.path.isabs(file) or file.startswith(".."):
            return ""
        return self.base + quote(file.replace(os.sep, "/")) + (f"#L{line}" if line else "")


NO_EDIT = EditLinks()  # no repository: no links
