"""The four real plans resolve, and their words match the seeds in order.

Each resolved paragraph, heading and appendix cell must appear word for word in the seed
(after the typo fixes listed in the plan files), in document order, and together they must
cover nearly all of the seed's words.
"""

import re
import unicodedata

import pytest
from conftest import SEEDS

from kehoach.render.outline import lines

SEED_FILES = {
    "ha-noi-2025": "002_",
    "ha-noi-ttpvhcc-2025": "000_",
    "thinh-liet-2024": "004_",
    "kim-thanh-2025": "001_",
}

# Typos fixed in the YAML (each is listed in a comment of the plan file), applied to the seed.
FIXES = {
    "ha-noi-2025": [
        ("Hải lòng", "Hài lòng"),
        ("caicachanhchinh", "caicachhanhchinh"),
        ("tuyên dụng", "tuyển dụng"),
        ("chòng chéo", "chồng chéo"),
        ("tuyên tin bài", "tuyển tin bài"),
    ],
    "ha-noi-ttpvhcc-2025": [("tuyên tuyền", "tuyên truyền")],
    "thinh-liet-2024": [("Triển kahi", "Triển khai")],
    "kim-thanh-2025": [
        ("cải ách", "cải cách"),
        ("số số 3041 /QĐ", "số 3041/QĐ"),
        ("năm năm 2025", "năm 2025"),
        ("chủ chương", "chủ trương"),
        ("truyên thanh", "truyền thanh"),
        ("ngày 1/8/2025", "ngày 01/8/2025"),
    ],
}

# Words the seeds carry that are not part of the plan's text (page furniture, table headers).
NOISE = {
    "tt",
    "nhiệm",
    "vụ",
    "cơ",
    "quan",
    "đơn",
    "vị",
    "chủ",
    "trì",
    "phối",
    "hợp",
    "thời",
    "gian",
    "hoàn",
    "thành",
    "i",
}


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return re.findall(r"\w+", text)


def subsequence(seq: list[str], sub: list[str], start: int) -> list[int] | None:
    """Positions of ``sub`` as an in-order subsequence of ``seq`` (table cells interleave)."""
    out, i = [], start
    for w in sub:
        while i < len(seq) and seq[i] != w:
            i += 1
        if i == len(seq):
            return None
        out.append(i)
        i += 1
    return out


def find(seq: list[str], sub: list[str], start: int) -> int:
    n = len(sub)
    for i in range(start, len(seq) - n + 1):
        if seq[i : i + n] == sub:
            return i
    return -1


@pytest.mark.parametrize("plan_id", sorted(SEED_FILES))
def test_resolved_plan_matches_seed_in_order(corpus, plan_id):
    seed_path = next(SEEDS.glob(SEED_FILES[plan_id] + "*.txt"))
    seed = seed_path.read_text(encoding="utf-8")
    for wrong, right in FIXES[plan_id]:
        seed = seed.replace(wrong, right)
    seed = re.sub(r"</?i>", "", seed)
    seed_words = words(seed)
    plan = corpus.plans[plan_id]
    covered = [False] * len(seed_words)
    body = lines(plan)
    appendix_at = body.index("Phụ lục") if "Phụ lục" in body else len(body)
    cursor = 0
    appendix_start = find(seed_words, words("Phụ lục"), 0)
    for n, line in enumerate(body):
        if n > appendix_at and " | " in line:
            for cell in line.split(" | ")[1:]:
                hits = subsequence(seed_words, words(cell), appendix_start)
                assert hits is not None, f"{plan_id}: appendix cell not in seed: {cell[:120]!r}"
                for i in hits:
                    covered[i] = True
            continue
        w = words(line)
        at = find(seed_words, w, cursor)
        if at < 0 and "(để b/c)" in line:  # the seed puts one '(để b/c)' beside the group
            w = words(line.replace(" (để b/c)", ""))
            at = find(seed_words, w, cursor)
        assert at >= 0, f"{plan_id}: not found in seed in order: {line[:120]!r}"
        for i in range(at, at + len(w)):
            covered[i] = True
        cursor = at + len(w)
    end = appendix_start if appendix_start >= 0 else len(seed_words)
    missing = [w for w, c in zip(seed_words[:end], covered) if not c and w not in NOISE and not w.isdigit()]
    # What is left: the header blanks of drafts (Số, ngày, tháng) and the seed's '(để b/c)'.
    assert len(missing) <= 12, f"{plan_id}: seed words not in the plan: {missing}"
    if appendix_start >= 0:
        rows = len(re.findall(r"^\s*\d+\.\s", seed[seed.index("Phụ lục") :], re.M))
        assert rows == len(plan.tasks), f"{plan_id}: seed words not in the plan: {missing}"


def test_ttpvhcc_is_a_true_child_of_the_city_plan(corpus):
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    from kehoach.plans.numbering import walk

    statuses = [e.node.origin.status for e in walk(plan.body)]
    assert statuses.count("inherited") >= 12
    assert plan.extends == "ha-noi-2025"
    assert plan.citations[-1].key == "ha-noi-2025"
