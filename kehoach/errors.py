"""Problems found in plan files, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows.

    ``message`` says what is wrong and ``hint`` how to fix it, both in Vietnamese.
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            text += f" Gợi ý: {self.hint}"
        return text


class PlanError(Exception):
    """Raised when a stage found problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} lỗi")
        self.problems = sorted(set(problems))


class Problems:
    """A collector that stages append to; raises once at the end of a stage."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self._fields: set[tuple[str, str]] = set()

    def add(self, file: str, pos: tuple[int, int], path: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(file, pos[0], pos[1], path, message, hint))
        self._fields.add((file, path))

    def extend(self, other: "Problems") -> None:
        for p in other.items:
            self.add(p.file, (p.line, p.col), p.path, p.message, p.hint)

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
