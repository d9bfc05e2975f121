"""Open data (dữ liệu mở, issue #32, part 4): the tasks, the progress and the conformance of every
province's plans, per year, as zipped CSV, with a DCAT-AP catalogue that harvesters (CKAN's
ckanext-dcat, data portals) read, and a "Dữ liệu mở" page that lists the files and their columns.

Each dataset and its columns are declared once, in :data:`DATASETS`: the files, the page and the
catalogue are made from it. CSV files are UTF-8 with a byte-order mark, rows ended by CRLF, so
that Excel opens them with Vietnamese intact. Each CSV is published in a ZIP archive of its own,
written as a DOCX is (:func:`kehoach.render.archive.zipped`): a national site must fit its host (issue #31), a province's tasks are 1.5 MB of
CSV and a tenth of that zipped, and Windows opens a ZIP without any other program (a gzip file
it does not). There is no JSON copy: it doubled the bytes, and every tool that reads JSON reads CSV.
Files: ``du-lieu/<tỉnh>-<năm>-<dataset>.csv.zip`` holding ``<tỉnh>-<năm>-<dataset>.csv``; the
catalogue: ``du-lieu/catalog.jsonld`` (each file a ``dcat:Distribution`` of media type CSV,
package format ZIP).

The plans' texts in Akoma Ntoso (:mod:`kehoach.render.akn`) are published the same way, by
province and year, in one archive: ``du-lieu/<tỉnh>-<năm>-van-ban.akn.tar.xz``, a tar of each
plan's ``<id>.akn.xml``, compressed with xz (:data:`TEXTS`). A child plan repeats most of its
parent's text, and only a compressor that sees many files at once finds that: a province's
texts are 6 MB of XML, 985 kB gzipped one by one (as the site offered them) and 60 kB as one
xz archive (issue #31: a seventeenth of the national site's bytes went to those gzip files).
"""

from __future__ import annotations

import calendar
import csv
import functools
import html
import io
import json
import lzma
import tarfile
from collections import defaultdict, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..plans.conformance import STATES as CONFORMANCE_STATES
from ..plans.conformance import matrix
from ..plans.corpus import Corpus
from ..plans.facts import (
    digest,
    family_inputs,
    plan_digest,
    recall,
    remember,
    remembered_digest,
    shape_digest,
)
from ..plans.ledger import Ledger, fingerprint_of
from ..plans.model import Plan
from ..plans.progress import PERIODS, STATES, period, period_figures
from ..plans.registry import Registry
from ..render.akn import akoma_ntoso
from ..render.archive import FIXED_ZIP_TIME, zipped
from ..render.wording import units
from ..text import markup
from .pages import front_matter, md_heading, province_key, province_of, table_wrap

if TYPE_CHECKING:  # generate makes the site's files, these among them
    from .generate import Unchanged

FOLDER = "du-lieu"
CATALOG = f"{FOLDER}/catalog.jsonld"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
SUFFIX = ".csv.zip"  # a dataset's file: its CSV, zipped (see the module's docstring)
AKN = ".akn.xml"  # a plan's Akoma Ntoso file in dist/ and in the archive (kehoach.pipeline.documents)


def _suffix(period_id: str) -> str:
    """A reporting period's id as the end of a column name: 'quy-1' → 'quy_1'."""
    return period_id.replace("-", "_")


@dataclass(frozen=True)
class Dataset:
    title: str
    description: str
    columns: tuple[tuple[str, str], ...]  # (name, what it holds)
    frequency: str  # DCAT-AP's frequency authority: how often it changes
    # its files: the end of their names, their form in words (the catalogue's distribution), the
    # words of their link on the page, their IANA media type and package format ('' none)
    suffix: str = SUFFIX
    form: str = "CSV, nén ZIP"
    link: str = "CSV (ZIP)"
    media: str = "text/csv"
    package: str = "application/zip"
    counted: str = ""  # what the page's count counts, after the number ('': rows)


DATASETS = {
    "nhiem-vu": Dataset(
        "Nhiệm vụ",
        "Các nhiệm vụ trong phụ lục của mọi kế hoạch: việc, đơn vị chủ trì, phối hợp, thời hạn.",
        (
            ("ke_hoach", "id của kế hoạch"),
            ("don_vi", "đơn vị ban hành kế hoạch"),
            ("khoa", "khóa ổn định của nhiệm vụ (liên kết: ke-hoach/<ke_hoach>/#phu-luc/<khoa>)"),
            ("nhan", "vị trí như văn bản ghi: Phụ lục, dòng n"),
            ("noi_dung", "nội dung nhiệm vụ"),
            ("chu_tri", "đơn vị chủ trì, cách nhau bằng '; '"),
            ("phoi_hop", "đơn vị phối hợp, cách nhau bằng '; '"),
            ("thoi_han", "thời hạn như văn bản viết"),
            ("han_ngay", "các ngày đến hạn trong năm, yyyy-mm-dd, cách nhau bằng '; '"),
        ),
        "IRREG",
    ),
    "tien-do": Dataset(
        "Tiến độ thực hiện",
        "Việc đã làm so với chỉ tiêu của từng nhiệm vụ, mỗi nhiệm vụ một dòng, mỗi kỳ báo cáo "
        "(quý I, 6 tháng, 9 tháng, năm) bốn cột: ngày chốt, chỉ tiêu, đã làm, tình trạng.",
        (
            ("ke_hoach", "id của kế hoạch"),
            ("don_vi", "đơn vị ban hành kế hoạch"),
            ("viec", "khóa của dòng phụ lục, hoặc đường khóa của mục (nối bằng '/')"),
            ("nhan", "vị trí như văn bản ghi"),
            ("noi_dung", "nội dung nhiệm vụ"),
            ("tu_ngay", "ngày đầu năm báo cáo (mọi kỳ tính từ ngày này), yyyy-mm-dd"),
            *(
                column
                for period_id, (name, _) in PERIODS.items()
                for column in (
                    (f"den_ngay_{_suffix(period_id)}", f"{name}: ngày chốt số liệu, yyyy-mm-dd"),
                    (f"chi_tieu_{_suffix(period_id)}", f"{name}: số cần đạt đến hết kỳ (0: không có chỉ tiêu bằng số)"),
                    (f"da_lam_{_suffix(period_id)}", f"{name}: số đã làm trong kỳ, theo sổ theo dõi"),
                    (f"tinh_trang_{_suffix(period_id)}", f"{name}: tình trạng cuối kỳ (trống: chưa tính trong kỳ)"),
                )
            ),
        ),
        "MONTHLY",
    ),
    "thuc-hien": Dataset(
        "Thực hiện ở cấp dưới",
        "Mỗi việc kế hoạch cấp trên giao và cách từng kế hoạch cấp dưới thực hiện nó.",
        (
            ("ke_hoach_cap_tren", "id của kế hoạch giao việc"),
            ("viec", "khóa của việc ở kế hoạch cấp trên (đường khóa nối bằng '/')"),
            ("nhan", "vị trí của việc ở kế hoạch cấp trên"),
            ("ke_hoach_cap_duoi", "id của kế hoạch cấp dưới"),
            ("don_vi_cap_duoi", "đơn vị ban hành kế hoạch cấp dưới"),
            ("tinh_trang", "kế thừa nguyên văn, đã điều chỉnh, đã bỏ có lý do, thiếu …"),
        ),
        "IRREG",
    ),
}


@dataclass(frozen=True)
class Texts(Dataset):
    """The plans' texts in Akoma Ntoso, one archive per province and year (see the module's docstring)."""

    xz_preset: int = 2  # a 2 MiB window: a province's 6 MB of texts in 0.05 s, 60 kB (9: ten times as long, no smaller)

    def archive(self, plans: list[Plan], corpus: Corpus, dist: Path) -> bytes:
        """The archive of ``plans``' texts (:meth:`tar`), compressed."""
        return lzma.compress(self.tar(plans, corpus, dist), preset=self.xz_preset)

    def tar(self, plans: list[Plan], corpus: Corpus, dist: Path) -> bytes:
        """The archive of ``plans``' texts, not compressed: each read from dist/, where the build
        has just written it (rendered here if it is not there: a build of one plan with
        ``--plan``). Members in the plans' order, with a fixed time and owner, so that the same
        texts give the same bytes."""
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            for plan in plans:
                try:
                    data = (dist / f"{plan.id}{AKN}").read_bytes()
                except FileNotFoundError:
                    data = akoma_ntoso(plan, corpus.plans.get(plan.extends or ""))
                member = tarfile.TarInfo(f"{plan.id}{AKN}")
                member.size, member.mode = len(data), 0o644
                member.mtime = calendar.timegm(FIXED_ZIP_TIME)  # UTC: the same on every machine
                tar.addfile(member, io.BytesIO(data))
        return out.getvalue()


class Compressing:
    """The archives of texts, compressed on another thread while the site's other sources are
    made (lzma lets go of the interpreter: a leaf edit's province archive was a twentieth of the
    edit, issue #31), and given back in the order they were asked for, by :meth:`add` once more
    than two wait (each holds its province's texts, some 6 MB, until compressed) and by
    :meth:`rest`, which the caller asks last."""

    WAITING = 2

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.waiting: deque[tuple[str, Future[bytes]]] = deque()

    def add(self, rel: str, data: bytes, preset: int) -> Iterator[tuple[str, bytes]]:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(1, thread_name_prefix="xz")
        self.waiting.append((rel, self.pool.submit(lzma.compress, data, preset=preset)))
        while len(self.waiting) > self.WAITING:
            yield self._next()

    def rest(self) -> Iterator[tuple[str, bytes]]:
        while self.waiting:
            yield self._next()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None

    def _next(self) -> tuple[str, bytes]:
        rel, made = self.waiting.popleft()
        return rel, made.result()


TEXTS_NAME = "van-ban"
TEXTS = Texts(
    "Văn bản kế hoạch (Akoma Ntoso)",
    "Toàn văn mọi kế hoạch theo Akoma Ntoso 3.0, chuẩn XML của OASIS cho văn bản pháp lý: mỗi kế "
    "hoạch một tệp <id>.akn.xml, cả tỉnh trong một năm gói trong một tệp tar nén xz.",
    (),
    "IRREG",
    suffix=".akn.tar.xz",
    form="Akoma Ntoso XML, gói tar nén xz",
    link="XML (tar.xz)",
    media="application/akn+xml",
    package="",
    counted=" văn bản",
)


def declared(name: str) -> Dataset:
    """The declaration of the open-data files called ``name``: a CSV dataset, or the texts."""
    return TEXTS if name == TEXTS_NAME else DATASETS[name]


def _csv(columns: tuple[tuple[str, str], ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow([row[name] for name, _ in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def task_rows(plan: Plan) -> list[dict]:
    return [
        {
            "ke_hoach": plan.id,
            "don_vi": plan.unit.known_as,
            "khoa": t.key,
            "nhan": f"Phụ lục, dòng {n}",
            "noi_dung": markup.plain(t.task),
            "chu_tri": "; ".join(units(t.lead)),
            "phoi_hop": "; ".join(units(t.support)),
            "thoi_han": t.deadline.wording() if t.deadline else "",
            "han_ngay": "; ".join(d.isoformat() for d in t.deadline.due_dates(plan.year)) if t.deadline else "",
        }
        for n, t in enumerate(plan.tasks, 1)
    ]


Fact = tuple[
    str, tuple[str, ...], tuple[str, ...], Callable[[], dict[str, list[dict]]]
]  # kind, datasets, inputs, maker


class PlanRows:
    """Each plan's rows of every dataset, kept as facts (:mod:`kehoach.plans.facts`): its tasks
    and progress, a fact of its files and ledger (``du-lieu``); its conformance rows, when it has
    children, a fact of their files (``du-lieu-thuc-hien``), apart, so that a child's edit does not
    read its parent's ledger again. Without the registry of units there is no conformance."""

    def __init__(self, corpus: Corpus, ledgers: dict[str, Ledger], registry: Registry | None):
        self.corpus, self.ledgers, self.registry = corpus, ledgers, registry

    @functools.cached_property
    def planned(self) -> dict[int, set[str]]:
        return self.registry.planned(self.corpus.plans.values()) if self.registry is not None else {}

    @functools.cached_property
    def shape(self) -> str:
        return shape_digest(self.corpus)

    def _facts(self, plan: Plan) -> list[Fact]:
        ledger, registry = self.ledgers.get(plan.id), self.registry
        made: list[Fact] = [
            (
                "du-lieu",
                ("nhiem-vu", "tien-do"),
                (fingerprint_of(ledger),),
                lambda: {"nhiem-vu": task_rows(plan), "tien-do": _progress_rows(plan, ledger)},
            )
        ]
        if registry is not None and self.corpus.children.get(plan.id):
            made.append(
                (
                    "du-lieu-thuc-hien",
                    ("thuc-hien",),
                    family_inputs(self.corpus, plan.id, self.shape),
                    lambda: {"thuc-hien": _conformance_rows(self.corpus, plan, registry, self.planned)},
                )
            )
        return made

    def rows(self, plan: Plan, name: str) -> list[dict]:
        """The plan's rows of the dataset ``name`` (:data:`DATASETS`)."""
        for kind, names, inputs, make in self._facts(plan):
            if name in names:
                return remember(kind, self.corpus, plan.id, inputs, make)[name]
        return []

    def digest(self, plan: Plan) -> str:
        """The digest of the plan's rows, kept values not unpacked: a province's files are made
        again only when one of its plans' rows changed, not at every edit of a plan's text (issue #31)."""
        return ":".join(
            remembered_digest(kind, self.corpus, plan.id, inputs, make) for kind, _, inputs, make in self._facts(plan)
        )


def _progress_rows(plan: Plan, ledger: Ledger | None) -> list[dict]:
    periods = {period_id: period(period_id, plan.year, plan.cutoff_day) for period_id in PERIODS}
    blank = {f"{column}_{_suffix(p)}": "" for p in PERIODS for column in ("chi_tieu", "da_lam", "tinh_trang")}
    rows: dict[str, dict] = {}
    for period_id, which in periods.items():
        end = _suffix(period_id)
        for f in period_figures(plan, ledger, which):
            row = rows.get(f.task.path)
            if row is None:  # a task not yet due in an earlier period has blank cells there
                row = rows[f.task.path] = {
                    "ke_hoach": plan.id,
                    "don_vi": plan.unit.known_as,
                    "viec": f.task.path,
                    "nhan": f.task.label,
                    "noi_dung": markup.plain(f.task.text),
                    "tu_ngay": which.start.isoformat(),
                    **{f"den_ngay_{_suffix(p)}": w.end.isoformat() for p, w in periods.items()},
                    **blank,
                }
            row[f"chi_tieu_{end}"] = f.expected
            row[f"da_lam_{end}"] = f.done
            row[f"tinh_trang_{end}"] = STATES[f.state]
    return list(rows.values())


def _conformance_rows(corpus: Corpus, plan: Plan, registry: Registry, planned: dict[int, set[str]]) -> list[dict]:
    m = matrix(corpus, plan.id, registry, planned)
    rows = []
    for item in m.items:
        for row in m.rows:
            cell = row.cells.get((item.kind, item.keys))
            if cell is None:
                continue  # not addressed to this kind of unit
            rows.append(
                {
                    "ke_hoach_cap_tren": plan.id,
                    "viec": "/".join(item.keys),
                    "nhan": item.label,
                    "ke_hoach_cap_duoi": row.child.id,
                    "don_vi_cap_duoi": row.child.unit.known_as,
                    "tinh_trang": CONFORMANCE_STATES[cell.state][1],
                }
            )
    return rows


def files(
    corpus: Corpus,
    ledgers: dict[str, Ledger],
    registry: Registry | None,
    publisher: str,
    unchanged: Unchanged | None = None,
    dist: Path | None = None,
    compressing: Compressing | None = None,
) -> Iterator[tuple[str, bytes | None]]:
    """Every open-data file, the catalogue and the page, as (path under the docs folder, bytes).
    Without the registry of units (a caller that has none) there is no conformance data; without
    ``dist`` (the folder of the plans' Akoma Ntoso files) no archive of texts. A file
    ``unchanged`` finds made from the same inputs (its plans' rows, :meth:`PlanRows.digest`; the
    texts: its plans' files and their ancestors', see :class:`kehoach.site.generate.Unchanged`)
    is None: left as it is, its rows not even read (none: every file is made). The keys of a
    province's files are ``unchanged.settled``, kept under its standing (:meth:`kehoach.site.generate.Unchanged.settled`):
    a province none of whose plans changed has not even its plans' rows' digests asked for.
    ``compressing``: where the archives of texts are compressed, given back by its
    :meth:`~Compressing.rest` (the caller's, to ask last); without one, they are given back here, last."""
    if unchanged is None:  # nothing kept: every file made
        from .generate import Unchanged

        unchanged = Unchanged.nothing()
    later = compressing if compressing is not None else Compressing()
    groups: dict[str, dict[int, list[Plan]]] = defaultdict(lambda: defaultdict(list))
    for plan in corpus.real():
        groups[province_of(plan)][plan.year].append(plan)
    of = PlanRows(corpus, ledgers, registry)

    def keys(years: dict[int, list[Plan]]) -> dict[str, list[str]]:
        """Each year's key of the rows and of the texts of a province's plans."""
        return {
            str(year): [
                digest(str(registry is not None), *(f"{p.id}={of.digest(p)}" for p in plans)),
                digest(*(f"{p.id}={plan_digest(corpus, p.id)}" for p in plans)),
            ]
            for year, plans in years.items()
        }

    listed = []
    for province, years in sorted(groups.items(), key=lambda kv: province_key(kv[0])):
        kind = "du-lieu-tinh" if registry is not None else "du-lieu-tinh-khong-don-vi"
        known = unchanged.settled(kind, province, functools.partial(keys, years))
        for year, plans in sorted(years.items()):
            rows_key, texts_key = known[str(year)]
            made: dict[str, list[dict]] = {}

            def rows(name: str, plans: list[Plan] = plans, made: dict[str, list[dict]] = made) -> list[dict]:
                if name not in made:
                    made[name] = [r for p in plans for r in of.rows(p, name)]
                return made[name]

            counts = row_counts(f"{FOLDER}/{province_key(province)}-{year}", rows_key, rows)
            for name in DATASETS:
                if not counts[name]:
                    continue  # nothing of this kind in that province and year: no empty file
                stem = f"{province_key(province)}-{year}-{name}"  # bounded: a name from the plans
                rel = f"{FOLDER}/{stem}{SUFFIX}"
                if unchanged(rel, rows_key):
                    yield rel, None
                else:
                    yield rel, zipped({f"{stem}.csv": _csv(DATASETS[name].columns, rows(name))})
                made.pop(name, None)
                listed.append((province, year, name, stem, counts[name]))
            if dist is not None:
                stem = f"{province_key(province)}-{year}-{TEXTS_NAME}"
                rel = f"{FOLDER}/{stem}{TEXTS.suffix}"
                if unchanged(rel, texts_key):
                    yield rel, None
                else:
                    yield from later.add(rel, TEXTS.tar(plans, corpus, dist), TEXTS.xz_preset)
                listed.append((province, year, TEXTS_NAME, stem, len(plans)))
    yield CATALOG, catalog(listed, publisher)
    yield f"{FOLDER}.md", page(listed)
    if compressing is None:
        yield from later.rest()


def row_counts(group: str, key: str, rows: Callable[[str], list[dict]]) -> dict[str, int]:
    """How many rows a province's plans of a year give each dataset (the catalogue lists them), a
    fact of the group (named by its files' stem under ``du-lieu/``): a group whose files are left
    as they were is not made to count them, and its plans' facts are not read (issue #31)."""
    return recall("du-lieu-so-dong", group, key, lambda: {name: len(rows(name)) for name in DATASETS})


def catalog(listed: list[tuple[str, int, str, str, int]], publisher: str) -> bytes:
    """The DCAT-AP catalogue, JSON-LD, its addresses relative to itself (``du-lieu/``)."""
    context = {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "locn": "http://www.w3.org/ns/locn#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    agent = {"@type": "foaf:Organization", "foaf:name": publisher}
    datasets = []
    for province, year, name, stem, _ in listed:
        dataset = declared(name)
        distribution = {
            "@type": "dcat:Distribution",
            "dct:title": f"{dataset.title} ({dataset.form})",
            "dcat:downloadURL": {"@id": f"{stem}{dataset.suffix}"},
            "dcat:accessURL": {"@id": f"{stem}{dataset.suffix}"},
            "dcat:mediaType": {"@id": MEDIA_TYPE + dataset.media},
        }
        if dataset.package:
            distribution["dcat:packageFormat"] = {"@id": MEDIA_TYPE + dataset.package}
        datasets.append(
            {
                "@id": f"{stem}",
                "@type": "dcat:Dataset",
                "dct:title": {"@value": f"{dataset.title}: {province}, năm {year}", "@language": "vi"},
                "dct:description": {"@value": dataset.description, "@language": "vi"},
                "dct:publisher": agent,
                "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
                "dct:temporal": {
                    "@type": "dct:PeriodOfTime",
                    "dcat:startDate": {"@value": f"{year}-01-01", "@type": "xsd:date"},
                    "dcat:endDate": {"@value": f"{year}-12-31", "@type": "xsd:date"},
                },
                "dct:spatial": {
                    "@type": "dct:Location",
                    "locn:geographicName": {"@value": province, "@language": "vi"},
                },
                "dct:accrualPeriodicity": {"@id": FREQUENCY + dataset.frequency},
                "dcat:keyword": [
                    {"@value": w, "@language": "vi"} for w in ("cải cách hành chính", "kế hoạch", province)
                ],
                "dcat:distribution": [distribution],
            }
        )
    data = {
        "@context": context,
        "@id": "catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": {"@value": "Dữ liệu mở: kế hoạch thông tin, tuyên truyền cải cách hành chính", "@language": "vi"},
        "dct:description": {
            "@value": "Nhiệm vụ, tiến độ thực hiện và việc thực hiện ở cấp dưới, theo tỉnh và năm.",
            "@language": "vi",
        },
        "dct:publisher": agent,
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/VIE"},
        "foaf:homepage": {"@id": "../"},
        "dcat:dataset": datasets,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def page(listed: list[tuple[str, int, str, str, int]]) -> bytes:
    """The "Dữ liệu mở" page: the files by province and year, then each dataset's columns."""
    e = html.escape
    out = [
        front_matter("Dữ liệu mở", prerendered=True),
        md_heading(1, "Dữ liệu mở") + "\n",
        "<p>Dữ liệu của các kế hoạch để tải về và dùng lại: tệp CSV (UTF-8, mở được bằng Excel), "
        "mỗi tệp nén trong một tệp ZIP (nhỏ hơn khoảng mười lần; Windows mở được ngay, giải nén rồi "
        f'mở tệp CSV), theo tỉnh và năm; toàn văn các kế hoạch theo chuẩn Akoma Ntoso (<a href="#{TEXTS_NAME}">dưới đây</a>). Danh mục DCAT-AP cho các cổng dữ liệu mở: <a href="../{e(CATALOG)}">{e(CATALOG)}</a>.</p>\n',
        table_wrap("Các tệp dữ liệu mở")
        + '<table><thead><tr><th scope="col">Tỉnh, thành phố</th><th scope="col">Năm</th>'
        '<th scope="col">Dữ liệu</th><th scope="col">Số dòng</th><th scope="col">Tải về</th></tr></thead><tbody>',
    ]
    for province, year, name, stem, count in listed:
        dataset = declared(name)
        links = f'<a href="../{FOLDER}/{e(stem)}{dataset.suffix}">{e(dataset.link)}</a>'
        out.append(
            f"<tr><td>{e(province)}</td><td>{year}</td><td>{e(dataset.title)}</td><td>{count}{e(dataset.counted)}</td>"
            f"<td>{links}</td></tr>"
        )
    out.append("</tbody></table></div>\n")
    for name, dataset in DATASETS.items():
        out.append(
            f'<h2 id="cot-{name}">{e(dataset.title)} (<code>…-{name}.csv</code>)</h2>\n<p>{e(dataset.description)}</p>\n'
        )
        out.append(
            table_wrap(f"Các cột của {dataset.title}")
            + '<table><thead><tr><th scope="col">Cột</th><th scope="col">Nội dung</th></tr></thead><tbody>'
            + "".join(f"<tr><td><code>{e(col)}</code></td><td>{e(what)}</td></tr>" for col, what in dataset.columns)
            + "</tbody></table></div>\n"
        )
    out.append(
        f'<h2 id="{TEXTS_NAME}">{e(TEXTS.title)} (<code>…-{TEXTS_NAME}{TEXTS.suffix}</code>)</h2>\n<p>{e(TEXTS.description)} '
        "Gói cả tỉnh một lần vì kế hoạch cấp dưới lặp lại phần lớn lời văn của cấp trên: nén chung, "
        "cả tỉnh chỉ còn khoảng một phần mười lăm so với nén từng tệp. Windows 11 và 7-Zip mở được; "
        "dòng lệnh: <code>tar -xJf &lt;tệp&gt;</code>.</p>\n"
    )
    return "".join(out).encode("utf-8")
