"""kehoach: plans for communicating administrative reform, written as code.

A *kế hoạch* (plan) is a YAML file in ``plans/``. It states only what differs from the
parent plan it implements. The package loads every plan, resolves inheritance, validates
the result and renders each plan as an official DOCX (Decree 30/2020/NĐ-CP) and as pages of
a MkDocs Material site. Data flows one way: source → inheritance → validation → render.
"""

__version__ = "0.1.0"
