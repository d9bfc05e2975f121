"""Labels and places of a plan's items as the document prints them (I. 1. a) -), issue #19."""

from __future__ import annotations

from kehoach.plans.model import Node
from kehoach.plans.numbering import default_style, walk


def tree(depth: int, style: str = "", width: int = 2, key: str = "k") -> tuple[Node, ...]:
    """``width`` nodes a level, ``depth`` levels deep; ``style`` for every level's children."""
    if depth == 0:
        return ()
    return tuple(
        Node(key=f"{key}{i}", text=f"t{i}", style=style, items=tree(depth - 1, style, width, f"{key}{i}-"))
        for i in range(width)
    )


def labels(nodes) -> list[tuple[int, str]]:
    return [(e.depth, e.label) for e in walk(nodes)]


def test_default_labels_by_depth_roman_number_letter_then_dash():
    assert [default_style(d) for d in range(6)] == ["roman", "number", "letter", "dash", "dash", "dash"]
    got = labels(tree(5, width=2))
    assert got[:6] == [(1, "I."), (2, "1."), (3, "a)"), (4, "-"), (5, "-"), (5, "-")]
    assert (3, "b)") in got and (1, "II.") in got and (2, "2.") in got
    assert {label for depth, label in got if depth >= 4} == {"-"}


def test_numbers_nest_beyond_one_level():
    nodes = (
        Node(
            key="a",
            style="number",
            items=(
                Node(
                    key="b",
                    style="number",
                    items=(Node(key="c", style="number", items=(Node(key="d"),)), Node(key="e")),
                ),
            ),
        ),
    )
    assert labels(nodes) == [(1, "I."), (2, "1."), (3, "1.1."), (4, "1.1.1."), (3, "1.2.")]


def test_plain_and_dash_styles():
    nodes = (
        Node(key="a", style="plain", items=(Node(key="b"), Node(key="c"))),
        Node(key="d", style="dash", items=(Node(key="e"), Node(key="f"))),
    )
    assert labels(nodes) == [(1, "I."), (2, ""), (2, ""), (1, "II."), (2, "-"), (2, "-")]
    walked = list(walk(nodes))
    assert [e.path for e in walked][:3] == [("a",), ("a", "b"), ("a", "c")]
    assert walked[4].anchor == "d/e"  # "/" cannot occur in a key: paths never share an anchor


def test_heading_and_rest_of_an_item():
    (first,) = [e for e in walk((Node(key="a", title="Mục đích, yêu cầu"),))]
    assert first.head == "MỤC ĐÍCH, YÊU CẦU"  # a mục's heading in capitals
    item = next(iter(walk((Node(key="a", items=(Node(key="b", text="Đoạn một.\n\nĐoạn hai."),)),))))
    assert item.rest == []
    inner = list(walk((Node(key="a", items=(Node(key="b", text="Đoạn một.\n\nĐoạn hai."),)),)))[1]
    assert inner.head == "Đoạn một." and inner.rest == ["Đoạn hai."]
