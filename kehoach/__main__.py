"""``python -m kehoach``: the same command line as ``python build.py`` (and the ``kehoach`` script)."""

from .cli import run

run()
