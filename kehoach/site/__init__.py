"""The published site: its generated sources (plan pages, indexes, tasks, calendars, search)
and MkDocs Material over them. Knows nothing of the build cache."""
