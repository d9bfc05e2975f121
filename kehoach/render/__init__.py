"""Documents made from a resolved plan: the DOCX in the Decree 30 format, its metadata, the
fixed Vietnamese wording they share, and the plan as plain text lines."""
