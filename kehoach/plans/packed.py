"""Fields pickled apart and unpickled on first use ("packed").

A build takes thousands of plans from the snapshot of the corpus (:mod:`kehoach.pipeline.snapshot`)
and reads the bodies and file positions of a few: the plans it writes again and their parents. The
rest it asks only for their unit, year, number and parent. So a class that mixes in
:class:`Packed` is pickled with its :attr:`~Packed.PACKED` fields in groups (:attr:`~Packed.GROUPS`),
each a compressed pickle of its own, unpickled when one of its fields is first asked for; a group
not asked for is pickled again as it is. The snapshot is signed before anything in it is
unpickled, so nothing here is unpickled that the build did not pickle. At 5,000 plans the
snapshot unpickles in 0.15 s instead of 0.68 (positions packed: 0.42; and the plans' text: 0.15;
and their tasks, apart: the plans of the provinces a build works out again ask for them, issue
#31), and one read back is saved again in 0.2 s.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

C = TypeVar("C", bound=type)


def packed(*names: str, apart: tuple[str, ...] = ()) -> Callable[[C], C]:
    """Class decorator, above ``@dataclass``: ``names`` are the fields pickled apart, read back
    together; each of ``apart`` is pickled and read back alone. Their defaults are taken off the
    class (``__init__`` keeps its own): a class attribute would answer for a field not yet read
    back before :meth:`Packed.__getattr__` is asked."""

    def decorate(cls: C) -> C:
        for name in names + apart:
            if name in vars(cls):
                delattr(cls, name)
        cls.PACKED = names + apart  # type: ignore[attr-defined]
        cls.GROUPS = (names, *((name,) for name in apart))  # type: ignore[attr-defined]
        return cls

    return decorate


class Packed:
    """Mixin for a dataclass whose :func:`packed` fields are pickled apart (see the module)."""

    PACKED: ClassVar[tuple[str, ...]] = ()
    GROUPS: ClassVar[tuple[tuple[str, ...], ...]] = ()

    def __reduce__(self) -> tuple[Any, ...]:
        state = dict(self.__dict__)
        packs = dict(state.pop("_packed", {}))  # the groups still packed: pickled as they came
        for n, group in enumerate(self.GROUPS):
            if n not in packs:
                packs[n] = zlib.compress(pickle.dumps(tuple(state.pop(name) for name in group), 5), 1)
        return (_unpickled, (type(self), state, packs))

    def __getattr__(self, name: str) -> Any:
        """Only for a packed field of an object :func:`_unpickled` made: its group is read back."""
        fields = self.__dict__
        packs = fields.get("_packed")
        if packs is None or name not in self.PACKED:
            raise AttributeError(name)
        n = next(n for n, group in enumerate(self.GROUPS) if name in group)
        if n not in packs:
            raise AttributeError(name)
        packs = dict(packs)  # the pickled groups may be shared with a copy: never changed in place
        data = packs.pop(n)
        if packs:
            fields["_packed"] = packs
        else:
            del fields["_packed"]
        fields.update(zip(self.GROUPS[n], pickle.loads(zlib.decompress(data)), strict=True))
        return fields[name]


def _unpickled(cls: type[Packed], state: dict[str, Any], packs: dict[int, bytes]) -> Packed:
    """An object as :meth:`Packed.__reduce__` pickled it, its packed groups not yet read back."""
    made = object.__new__(cls)
    made.__dict__.update(state)
    made.__dict__["_packed"] = packs
    return made
