"""Running the tool: build, check, preview (serve), show, the build cache, crash-safe
publishing and the reports of problems for people and for code hosts."""
