"""Reading plan files: safe YAML with positions, duplicate-key and alias checks.

PyYAML's loaders build Python objects and forget where they came from; they also keep the
last of two equal keys silently and expand aliases without limit. Here a file is *composed*
(nothing is constructed, so no tag can run code), then walked once into plain values while
recording the line and column of every value and key. Every problem is collected.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from ..errors import PathT, Problems
from ..text.vietnamese import nfc
from .locate import item_of, key_at_index
from .packed import Packed, packed

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "bool", "null", "float", "seq", "map", "timestamp")}
# Tags a resolver gives a plain (unquoted) scalar by its look; such scalars are typed here
# instead, by _plain, the same way whichever composer read them.
_IMPLICIT_TAGS = _ALLOWED_TAGS | {_STD + t for t in ("merge", "value", "yaml")}
_PLAIN_TYPED_START = set("yYnNtTfFoO~-+0123456789")
_TRUE = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_FALSE = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0b[0-1_]+|0[0-7_]+|0|[1-9][0-9_]*|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)")


def _plain(value: str) -> Any:
    """A plain scalar typed as YAML 1.1 types it: true/false, null, integers; else text."""
    if value and value[0] not in _PLAIN_TYPED_START:
        return value  # most plan text: no need to look further
    if value in _NULL:
        return None
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    if _INT.fullmatch(value):
        return _integer(value)
    return value


def _integer(text: str) -> int | str:
    """A YAML 1.1 integer (1_000, 0x1F, 0o17, 1:30); the text itself if it is not one."""
    try:
        return SafeConstructor.construct_yaml_int(SafeConstructor(), yaml.ScalarNode(_STD + "int", text))
    except ValueError:
        return text


_PATHS: dict[tuple[Any, ...], PathT] = {}  # every path met, as one shared tuple of interned names
_MAX_PATHS = 200_000  # a real corpus has a few thousand; a bound all the same for a long serve


def _path(keys: tuple[Any, ...] | list[Any]) -> PathT:
    """The one tuple for this path, its field names interned: the positions of a national corpus
    name the same few thousand paths millions of times ('body', 0, 'items', 1, 'text'), and a
    fresh tuple of fresh strings for each was a sixth of the build's memory (issue #31). Reading
    positions back from facts is faster this way too: one lookup per path."""
    key = tuple(keys)
    shared = _PATHS.get(key)
    if shared is None:
        if len(_PATHS) >= _MAX_PATHS:
            _PATHS.clear()
        shared = _PATHS[key] = tuple([sys.intern(k) if k.__class__ is str else k for k in key])
    return shared


@packed("data", "pos", "keypos", "bad")
@dataclass
class Source(Packed):
    """One loaded file: its data as plain values and where each value and key stands. Pickled
    with all but its file and digest packed (:mod:`kehoach.plans.packed`)."""

    file: str
    data: object
    pos: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    keypos: dict[PathT, tuple[int, int]] = field(default_factory=dict)
    bad: list[Any] = field(default_factory=list, repr=False)  # forbidden characters not yet reported
    digest: str = ""  # SHA-256 of the file's bytes, for the build cache

    def as_json(self) -> dict[str, Any] | None:
        """The loaded file as JSON values, to be kept (:func:`kehoach.plans.corpus.load_plan_file`);
        None when JSON would not give it back exactly (a key that is not text, a character still to
        be reported)."""
        if self.bad:
            return None
        out = {
            "data": self.data,
            "pos": [[list(k), *v] for k, v in self.pos.items()],
            "keypos": [[list(k), *v] for k, v in self.keypos.items()],
        }
        return out if json.loads(json.dumps(self.data)) == self.data else None

    @classmethod
    def from_json(cls, file: str, digest: str, value: dict[str, Any]) -> Source:
        """The Source :meth:`as_json` gave, for ``file`` with the bytes of ``digest``."""
        return cls(
            file,
            value["data"],
            {_path(k): (line, col) for k, line, col in value["pos"]},
            {_path(k): (line, col) for k, line, col in value["keypos"]},
            digest=digest,
        )

    def at(self, path: PathT) -> tuple[int, int]:
        """Position of the value at ``path``, or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.pos:
                return self.pos[path]
            path = path[:-1]
        return self.pos.get((), (1, 1))

    def key_at(self, path: PathT) -> tuple[int, int]:
        return self.keypos.get(tuple(path)) or self.at(path)

    def field(self, path: PathT) -> str:
        """The path of a field as problems name it, list items by key (see :func:`dotted`)."""
        return dotted(path, self.data)

    def report(
        self,
        problems: Problems,
        path: PathT,
        message: str,
        hint: str = "",
        at_key: bool = False,
        pos: tuple[int, int] | None = None,
        rule: str = "",
    ) -> None:
        """Add a problem at the field ``path`` of this file (at its key with ``at_key``); with
        ``rule``, a warning of that review rule."""
        if pos is None:
            pos = self.key_at(path) if at_key else self.at(path)
        problems.add(self.file, pos, self.field(path), message, hint, ref=item_of(path, self.data), rule=rule)


class _AliasFound(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark: Any) -> None:
        self.mark = mark


class _Composer(Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """A composer that refuses aliases (the 'billion laughs' bomb) before expanding them,
    and nesting deeper than :data:`MAX_DEPTH` before Python's recursion limit is reached."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _yaml_message(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    if "'\\t'" in problem or "tab" in problem:
        return (
            "có ký tự tab ở đầu dòng hoặc trong phần thụt lề",
            "YAML chỉ cho thụt lề bằng dấu cách; thay mỗi tab bằng 2 dấu cách.",
        )
    if "expected a single document" in context + problem or "but found another document" in problem:
        return ("tệp có nhiều tài liệu YAML (dấu ---)", "Mỗi tệp chỉ chứa một kế hoạch; bỏ dòng '---' thứ hai.")
    if "expected ',' or ']'" in problem:
        return (
            "danh sách mở bằng '[' chưa đóng bằng ']'",
            "Thêm ']' ở cuối danh sách; nếu một phần tử có dấu ':' hoặc ',', đặt nó trong dấu nháy kép \"...\".",
        )
    if "expected ',' or '}'" in problem:
        return (
            "mục viết gọn trong '{…}' chưa đóng, hoặc có dấu ':' trong nội dung",
            "Thêm '}' ở cuối; nếu nội dung có dấu ':' hoặc ',', đặt nội dung trong dấu nháy kép \"...\".",
        )
    if "mapping values are not allowed" in problem:
        return ("dấu ':' đặt sai chỗ", "Nếu nội dung có dấu ':', đặt cả đoạn trong dấu nháy kép \"...\".")
    if "could not find expected ':'" in problem or "simple key" in context:
        return (
            "thiếu dấu ':' sau tên trường",
            "Mỗi dòng có dạng 'tên_trường: giá trị'; kiểm tra dòng này và dòng trên.",
        )
    if "found character" in problem and "cannot start any token" in problem:
        return (
            f"ký tự không hợp lệ ({exc.problem})",
            'Đặt nội dung trong dấu nháy kép "..." nếu nó bắt đầu bằng ký tự đặc biệt như @ hoặc `.',
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return (
            "thụt lề không đều",
            "Các trường cùng cấp phải thẳng cột; các mục trong danh sách bắt đầu bằng '- ' ở cùng cột.",
        )
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return ("dấu nháy chưa đóng", 'Thêm dấu nháy đóng " ở cuối đoạn văn bản.')
    if "unhashable" in problem:
        return ("khóa của ánh xạ không phải là văn bản", "Tên trường phải là một từ, ví dụ 'text:'.")
    return (f"YAML không hợp lệ ({exc.problem or exc.context})", "Kiểm tra thụt lề, dấu ':' và dấu nháy ở dòng này.")


def _too_large(size: int, file: str, problems: Problems) -> bool:
    if size <= MAX_FILE_BYTES:
        return False
    problems.add(
        file,
        (1, 1),
        "",
        f"tệp quá lớn ({size // 1024} KB, tối đa {MAX_FILE_BYTES // 1024} KB)",
        "Một kế hoạch chỉ ghi những gì khác kế hoạch cấp trên; tách phần lặp lại ra.",
    )
    return True


def read_text(raw: bytes, file: str, problems: Problems) -> str | None:
    """A plan file's bytes as UTF-8 text (NFC), reporting size and encoding problems."""
    if _too_large(len(raw), file, problems):
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(
            file,
            (1, 1),
            "",
            "tệp được lưu ở mã UTF-16",
            "Mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Save As → Encoding: UTF-8).",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            file,
            (line, col),
            "",
            "tệp không được lưu ở mã UTF-8 (có thể là Windows-1258 hoặc TCVN3)",
            "Mở tệp và lưu lại với mã hóa UTF-8 (trong Notepad: Save As → Encoding: UTF-8).",
        )
        return None
    return nfc(text)


# Characters XML 1.0 cannot carry, or that no plan text needs: C0 controls other than tab and
# line breaks, DEL and the C1 controls (but NEL, a YAML line break), the non-characters
# U+FFFE/U+FFFF and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
# The same in a value once decoded: a quoted scalar can write them as escapes ("\x01", "\0", "\e",
# "\r"), which the raw text does not show. A carriage return is refused there too (a typed one is
# a line break, which YAML turns into '\n').
_FORBIDDEN_DECODED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def forbidden_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of every character XML 1.0 cannot carry, 1-based."""
    found = []
    for match in _FORBIDDEN.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        found.append((text.count("\n", 0, start) + 1, start - line_start + 1, match.group()))
    return found


def _compose(text: str, python_only: bool = False) -> Any:
    """The YAML node tree of ``text``, with libyaml when it is safe, else in pure Python.

    libyaml is about ten times faster, which matters for thousands of plans, but it shares
    aliased nodes silently, reports errors in other words and recurses in C without a
    limit (a file of 100,000 '[' crashes the process). So it is used only when the text
    cannot nest deeper than :data:`_C_SAFE_DEPTH` (every level needs one of the characters
    counted below). When :func:`_walk` then finds a shared node or too deep a nesting, and
    on every error, the text is composed again by the pure-Python composer, whose messages
    and limits are the ones tested and documented.
    """
    if not python_only and _CLoader is not None and sum(text.count(c) for c in "[{-:?") < _C_SAFE_DEPTH:
        fast = _CLoader(text)
        try:
            return fast.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = _Composer(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


_C_SAFE_DEPTH = 10_000  # libyaml survived 20,000 levels here, also in a thread; it crashed at 100,000
_UNTYPED = {yaml.ScalarNode: _STD + "str", yaml.SequenceNode: _STD + "seq", yaml.MappingNode: _STD + "map"}

_CLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    import yaml.cyaml

    class _LibyamlComposer(yaml.cyaml.CParser):  # type: ignore[name-defined]
        """libyaml's composer with no resolver: every untagged node gets its kind's plain tag.

        PyYAML's resolver costs a Python call per node, a third of the composing time;
        plain scalars are typed afterwards by :func:`_plain`.
        """

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            return _UNTYPED[kind]

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    _CLoader = _LibyamlComposer  # else PyYAML was built without libyaml: the pure-Python composer does all


class _NotATree(Exception):
    """libyaml's tree has a shared (aliased) node or nests too deep; compose again in Python."""


def load(path: Path, file: str, problems: Problems) -> Source | None:
    """Load one plan file; returns None (with problems recorded) when it cannot be read. A file
    over :data:`MAX_FILE_BYTES` is refused by its size, before it is read."""
    if _too_large(path.stat().st_size, file, problems):
        return None
    return load_bytes(path.read_bytes(), file, problems)


def load_bytes(raw: bytes, file: str, problems: Problems) -> Source | None:
    """Load a file's bytes (e.g. a file about to be written, checked first), as :func:`load`."""
    text = read_text(raw, file, problems)
    if text is None:
        return None
    bad = forbidden_characters(text)
    if bad:  # parse with U+FFFD in their place, then report each at the field that holds it
        text = _FORBIDDEN.sub("\ufffd", text)
    if not text.strip():
        problems.add(file, (1, 1), "", "tệp rỗng", "Viết ít nhất các trường của kế hoạch, xem README.")
        return None
    try:
        source = _parse(text, bad, file, problems)
    except _NotATree:
        source = _parse(text, bad, file, problems, python_only=True)
    if source is not None:
        source.digest = hashlib.sha256(raw).hexdigest()
    return source


def _parse(text: str, bad: list[Any], file: str, problems: Problems, python_only: bool = False) -> Source | None:
    try:
        node = _compose(text, python_only)
    except _AliasFound as exc:
        problems.add(
            file,
            (exc.mark.line + 1, exc.mark.column + 1),
            "",
            "không dùng bí danh YAML (*tên) trong kế hoạch",
            "Viết đầy đủ nội dung thay cho '&neo' và '*bí danh'; muốn dùng lại nội dung của cấp trên thì dùng 'extends'.",
        )
        return None
    except _TooDeep as exc:
        problems.add(
            file,
            (exc.mark.line + 1, exc.mark.column + 1),
            "",
            f"lồng quá sâu (hơn {MAX_DEPTH} cấp)",
            "Kế hoạch chỉ cần vài cấp mục; kiểm tra thụt lề và các dấu '[' '{' chưa đóng.",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message, hint = _yaml_message(exc)
        problems.add(file, (mark.line + 1, mark.column + 1) if mark else (1, 1), "", message, hint)
        return None
    except yaml.YAMLError as exc:  # reader errors (e.g. special characters) carry no mark
        problems.add(file, (1, 1), "", f"YAML không đọc được ({exc})", "Lưu tệp dưới dạng văn bản UTF-8.")
        return None
    if node is None:
        problems.add(file, (1, 1), "", "tệp rỗng", "Viết ít nhất các trường của kế hoạch, xem README.")
        return None
    source = Source(file, None)
    source.bad = list(bad)
    found: list[Any] = []  # kept apart until the walk is known to be final, and named by key once it is
    source.data = _walk(node, (), source, found, set() if "&" in text else None, 1)
    for pos, path, message, hint in found:
        source.report(problems, path, message, hint, pos=pos)
    for line, col, ch in source.bad:  # outside any value, e.g. in a comment
        problems.add(file, (line, col), "", *_forbidden(ch))
    return source


def _forbidden(ch: str) -> tuple[str, str]:
    return (
        f"có ký tự điều khiển U+{ord(ch):04X} không được phép",
        "Xóa ký tự này (thường do sao chép từ phần mềm khác); Word và trang web không hiển thị được nó.",
    )


def _walk(node: Any, path: PathT, source: Source, found: list[Any], seen: set[Any] | None, depth: int) -> Any:  # noqa: C901
    """Plain values of a node tree, recording positions; raises _NotATree for aliases or depth."""
    if depth > MAX_DEPTH:
        raise _NotATree
    if seen is not None:  # the text has an anchor ('&'): a node met twice is an alias
        if id(node) in seen:
            raise _NotATree
        seen.add(id(node))
    path = _path(path)
    pos = (node.start_mark.line + 1, node.start_mark.column + 1)
    source.pos[path] = pos
    plain = isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _IMPLICIT_TAGS
    if node.tag not in _ALLOWED_TAGS and not plain:
        found.append(
            (
                pos,
                path,
                f"thẻ YAML '{node.tag}' không được phép",
                "Bỏ thẻ bắt đầu bằng '!' hoặc '!!'; kế hoạch chỉ chứa văn bản, số và danh sách.",
            )
        )
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                found.append((kpos, path, "tên trường không hợp lệ", "Tên trường là một từ, ví dụ 'text:'."))
                continue
            key = sys.intern(nfc(str(key_node.value)))  # the data's keys shared across plans, as the paths' are
            child = _path(path + (key,))
            if child in source.keypos:  # every key of ``out`` has its position
                found.append(
                    (
                        kpos,
                        child,
                        f"trường '{key}' bị lặp lại (đã có ở dòng {source.keypos[child][0]})",
                        "Gộp hai trường làm một; YAML chỉ giữ lại trường viết sau.",
                    )
                )
                continue
            source.keypos[child] = kpos
            out[key] = _walk(value_node, child, source, found, seen, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(v, path + (i,), source, found, seen, depth + 1) for i, v in enumerate(node.value)]
    if source.bad:
        end = (node.end_mark.line + 1, node.end_mark.column + 1)
        inside = [b for b in source.bad if pos <= b[:2] < end]
        if inside:
            source.bad = [b for b in source.bad if b not in inside]
            for line, col, ch in inside:
                found.append(((line, col), path, *_forbidden(ch)))
            return None
    if plain:
        value = _plain(node.value)
        return nfc(value) if isinstance(value, str) else value
    tag = node.tag
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        return node.value.lower() in ("true", "yes", "on")
    if tag == _STD + "int":
        return _integer(node.value)
    value = nfc(str(node.value))
    escaped = _FORBIDDEN_DECODED.search(value)
    if escaped:  # written as an escape inside quotes: refused as a typed one is
        code = ord(escaped.group())
        found.append(
            (
                pos,
                path,
                f"có ký tự điều khiển U+{code:04X} (mã thoát '\\{'r' if code == 13 else f'x{code:02x}'}' trong dấu nháy) không được phép",
                "Xóa mã thoát này; Word, trang web và lịch không hiển thị được ký tự điều khiển.",
            )
        )
        return None
    return value


def dotted(path: PathT, data: Any = None) -> str:
    """A field path as a clerk reads it: ``body[noi-dung].items[a].text``.

    List items are named by their ``key`` where ``data`` (the file's values) gives one, by
    their index otherwise (``recipients[2]``, or the second of two items with the same key).
    """
    out, node = "", data
    for part in path:
        if isinstance(part, int):
            key = key_at_index(node, part)
            out += f"[{key}]" if key else f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out
