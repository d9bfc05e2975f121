"""The published site (stub until the site renderer lands)."""


def build_site(corpus, site_dir, dist_dir, report) -> int:
    return 0
