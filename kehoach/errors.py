"""Problems found in plan files, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

ERROR, WARNING = "error", "warning"

PathT = tuple[str | int, ...]  # a path into a file: its str keys and int indices

# Exit codes of every command: 0 success; 1 the plans have errors (nothing was written); 2 wrong
# usage; 3 an output could not be produced (LibreOffice missing for --pdf, a full disk, a busy port).
EXIT_OK, EXIT_PLAN_ERRORS, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows.

    ``path`` names the field, list items by key (``body[noi-dung].items[c].text``); ``where``
    names the item as the document shows it (``II.1.c)``, ``Phụ lục, dòng 4``), when it can be
    placed (see :mod:`kehoach.plans.locate`). ``message`` says what is wrong and ``hint`` how to fix
    it, both in Vietnamese.
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""
    where: str = ""
    ref: tuple = field(default=(), compare=False, repr=False)  # the item, for placing it (locate.item_of)
    rule: str = ""  # a review rule's id (see kehoach.plans.rules): a warning unless --strict
    severity: str = ERROR

    @property
    def field_and_place(self) -> str:
        """'II.1.c) — body[noi-dung].items[c].text', or whichever of the two is known."""
        return " — ".join(x for x in (self.where, self.path) if x)

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    @property
    def headline(self) -> str:
        """The message with the rule it breaks: 'cảnh báo [luu-vt]: dòng Lưu …'."""
        if not self.rule:
            return self.message
        return f"{'cảnh báo ' if self.is_warning else ''}[{self.rule}]: {self.message}"

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        named = self.field_and_place
        text = f"{where}: {named}: {self.headline}" if named else f"{where}: {self.headline}"
        if self.hint:
            text += f" Gợi ý: {self.hint}"
        return text

    def placed(self, where: str) -> Problem:
        return replace(self, where=where)

    def as_error(self) -> Problem:
        """The same problem, as an error (``--strict``)."""
        return replace(self, severity=ERROR)


class PlanError(Exception):
    """Raised when a stage found problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} lỗi")
        self.problems = sorted(set(problems))


class OutputError(Exception):
    """An output could not be made (a broken template, no LibreOffice, MkDocs failed, a busy
    port): not the plans' fault. The command line prints the message and exits with 3."""


class UsageError(Exception):
    """The command's words are wrong (exit 2): an id that cannot be one, a plan or file that does
    not exist, a missing option. The command line prints the message."""


class Problems:
    """A collector that stages append to; raises once at the end of a stage."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._fields: set[tuple[str, str]] = set()

    def add(  # noqa: PLR0913
        self,
        file: str,
        pos: tuple[int, int],
        path: str,
        message: str,
        hint: str = "",
        ref: tuple = (),
        rule: str = "",
        where: str = "",
    ) -> None:
        """Add a problem; with ``rule``, it is a warning of that review rule. ``where``: the item as
        the document shows it, when known without the resolved plan (else placed later from ``ref``)."""
        severity = WARNING if rule else ERROR
        self.items.append(
            Problem(file, pos[0], pos[1], path, message, hint, where=where, ref=ref, rule=rule, severity=severity)
        )
        self._fields.add((file, path))

    def reported(self, file: str, path: str) -> bool:
        """Whether a problem was already reported at exactly this field.

        Later stages use it to stay quiet about a field whose value an earlier stage refused,
        so one mistake gives one message, not a cascade of 'missing' ones.
        """
        return (file, path) in self._fields

    def cover(self, file: str, path: str) -> None:
        """Mark a field as accounted for by another message (e.g. a misspelt key's 'did you mean')."""
        self._fields.add((file, path))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise PlanError(self.items)
