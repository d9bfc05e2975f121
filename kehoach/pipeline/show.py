"""``show`` and ``list``: a resolved plan with the origin of each item, and the plan tree."""

from __future__ import annotations

import json

from ..plans.addressee import KINDS, kind_of, segments, wording
from ..plans.conformance import assigned
from ..plans.corpus import Corpus
from ..render.outline import lines


def show(corpus: Corpus, plan_id: str, as_json: bool, origins: bool) -> int:
    plan = corpus.plans[plan_id]
    if as_json:
        from ..render.metadata import plan_dict

        print(json.dumps(plan_dict(plan), ensure_ascii=False, indent=2))
        return 0
    chain = " → ".join(plan.lineage + (plan.id,))
    print(f"# {plan.id} ({plan.file})\n# kế thừa: {chain}")
    for line in lines(plan, origins=origins, keys=True):
        print(line)
    if plan.removed:
        print("\n# Đã bỏ so với kế hoạch cấp trên:")
        for r in plan.removed:
            reason = f" (lý do: {r.reason})" if r.reason else ""
            print(f"#  - {r.where}: {'/'.join(r.path + (r.item.key,))}{reason}")
    return 0


def list_plans(corpus: Corpus, as_json: bool) -> int:
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "id": p.id,
                        "extends": p.extends,
                        "year": p.year,
                        "file": p.file,
                        "reference_only": p.reference_only,
                    }
                    for _, p in sorted(corpus.plans.items())
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    roots = sorted(pid for pid, p in corpus.plans.items() if not p.extends or p.extends not in corpus.plans)

    def emit(pid: str, depth: int) -> None:
        p = corpus.plans[pid]
        mark = " (chỉ trích dẫn)" if p.reference_only else ""
        print(f"{'  ' * depth}{pid}: {p.unit.full}, {p.year}{mark}")
        for kid in corpus.children.get(pid, ()):
            emit(kid, depth + 1)

    for pid in roots:
        emit(pid, 0)
    return 0


def show_for(corpus: Corpus, plan_id: str) -> int:
    """``show ID --for``: whom each task and responsibility block is addressed to, and why."""
    plan = corpus.plans[plan_id]
    kind = kind_of(plan.unit)
    print(f"# {plan.id}: {plan.unit.full}, loại đơn vị: {kind or 'chưa rõ (ghi unit.kind hoặc unit.level)'}")
    print("# Mỗi việc giao cho loại đơn vị nào; suy sai thì ghi 'for: [...]' ở mục đó.")
    print(f"# Các loại: {', '.join(f'{k} ({v})' for k, v in KINDS.items())}")
    for item in assigned(plan):
        how = "ghi ở 'for:'" if item.to.explicit else "suy từ: " + " | ".join(segments(wording(item.item)))
        print(f"{item.label}  [{item.keys[-1]}]  → {item.to.codes() or '?'}  ({how})")
    return 0
