"""Entry point: ``python build.py`` checks every plan in plans/ and renders DOCX and the site.

See ``python build.py --help``.
"""

from kehoach.cli import run

if __name__ == "__main__":
    run()
