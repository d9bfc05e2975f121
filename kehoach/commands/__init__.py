"""The commands of ``python build.py``, one module each, in the manner of sqlite-utils.

Each module declares ``NAME``, ``HELP`` (one line for the list of commands), and:

- ``add_parser(sub)``: its parser, with only the options it takes and a Vietnamese epilog of
  examples (``python build.py <lệnh> --help``);
- ``run(args, report) -> int``: the work, returning the exit code (see :mod:`kehoach.errors`).

:mod:`kehoach.cli` builds the parser from :data:`COMMANDS` and dispatches; nothing else lists them.
"""

from __future__ import annotations

from types import ModuleType

from . import (
    build,
    check,
    conformance,
    import_,
    init,
    list,
    log,
    new,
    rebase,
    redline,
    report,
    schema,
    serve,
    show,
)

COMMANDS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (init, build, check, show, list, schema, serve, new, import_, rebase, redline, conformance, log, report)
}
