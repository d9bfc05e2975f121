"""Vietnamese text conventions, knowing nothing of plans: letters and numerals, diacritic
folding, dates, deadlines as clerks write them, the emphasis markup, text widths."""
