"""Bringing plans in: scaffolding a child plan from its parent (``new``) and, later, importing
existing Word/PDF plans and carrying a plan into next year. Writes YAML text for plans/."""
