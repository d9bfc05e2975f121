"""Open data (issue #32, part 4): CSV of tasks, progress and conformance per province and year,
each zipped (issue #31), a DCAT-AP catalogue a harvester can read, and the page that lists them."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from conftest import FIXTURES, ROOT
from pyld import jsonld

from kehoach.pipeline.check import load_progress, load_units
from kehoach.plans.conformance import STATES, matrix
from kehoach.plans.progress import STATES as STATES_OF_PROGRESS
from kehoach.plans.progress import period
from kehoach.render.archive import FIXED_ZIP_TIME
from kehoach.site import opendata
from kehoach.site.pages import province_of

DCAT, DCT = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def made(corpus):
    registry = load_units(ROOT / "units", corpus)
    ledgers = load_progress(FIXTURES / "progress", corpus)
    files = dict(opendata.files(corpus, ledgers, registry, "UBND thành phố Hà Nội"))
    return files, registry, ledgers


def unzipped(name: str, data: bytes) -> bytes:
    """The CSV in a dataset's ZIP: its one file, named as the archive without '.zip'."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (entry,) = archive.infolist()
        assert entry.filename == name.rsplit("/", 1)[1].removesuffix(".zip")
        assert entry.date_time == FIXED_ZIP_TIME and entry.compress_type == zipfile.ZIP_DEFLATED
        return archive.read(entry)


def rows_of(data: bytes, name: str = "du-lieu/x.csv.zip") -> list[dict]:
    data = unzipped(name, data)
    assert data.startswith("\ufeff".encode()), "Excel reads UTF-8 by its byte-order mark"
    text = data.decode("utf-8")[1:]
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text)))


def test_each_file_has_its_declared_columns(made):
    files, _, _ = made
    csvs = [name for name in files if name.endswith(".csv.zip")]
    assert "du-lieu/ha-noi-2025-nhiem-vu.csv.zip" in csvs and "du-lieu/ha-noi-2027-tien-do.csv.zip" in csvs
    assert not [name for name in files if name.startswith("du-lieu/hai-phong")]  # no empty files
    assert not [name for name in files if name.endswith(".csv")]  # zipped only: a tenth of the bytes
    for name in csvs:
        (dataset,) = [d for key, d in opendata.DATASETS.items() if name.endswith(f"-{key}.csv.zip")]
        rows = rows_of(files[name], name)
        header = unzipped(name, files[name]).decode("utf-8")[1:].split("\r\n", 1)[0].split(",")
        assert header == [column for column, _ in dataset.columns], name
        assert all(len(row) == len(header) and None not in row for row in rows), name
    assert not [name for name in files if name.endswith(".json")]  # CSV only: a JSON copy doubled the bytes


def test_tasks_are_the_plans_appendix_rows(made, corpus):
    files, _, _ = made
    rows = rows_of(files["du-lieu/ha-noi-2025-nhiem-vu.csv.zip"], "du-lieu/ha-noi-2025-nhiem-vu.csv.zip")
    plans = [p for p in corpus.real() if province_of(p) == "Hà Nội" and p.year == 2025]
    assert len(rows) == sum(len(p.tasks) for p in plans)
    first = rows[0]
    assert first["ke_hoach"] == "ha-noi-2025" and first["nhan"] == "Phụ lục, dòng 1"
    assert first["thoi_han"] == "Chậm nhất ngày 20/02/2025" and first["han_ngay"] == "2025-02-20"


def test_progress_one_row_per_task_the_periods_side_by_side(made, corpus):
    files, _, ledgers = made
    rows = rows_of(files["du-lieu/ha-noi-2025-tien-do.csv.zip"], "du-lieu/ha-noi-2025-tien-do.csv.zip")
    mine = [r for r in rows if r["ke_hoach"] == "ha-noi-ttpvhcc-2025"]
    assert len({r["viec"] for r in mine}) == len(mine)  # each task once, its words once
    plan = corpus.plans["ha-noi-ttpvhcc-2025"]
    for period_id, column in (("quy-1", "quy_1"), ("6-thang", "6_thang"), ("9-thang", "9_thang"), ("nam", "nam")):
        which = period(period_id, 2025, plan.cutoff_day)  # a report closes its figures on its cut-off day
        assert {r[f"den_ngay_{column}"] for r in mine} == {which.end.isoformat()}
        assert {r["tu_ngay"] for r in mine} == {which.start.isoformat()}
        assert sum(int(r[f"da_lam_{column}"]) for r in mine) == sum(
            r.count for r in ledgers["ha-noi-ttpvhcc-2025"].records if which.holds(r.date)
        )
    assert {r["tinh_trang_nam"] for r in mine} <= set(STATES_OF_PROGRESS.values())


def test_conformance_is_the_matrix_of_the_page(made, corpus):
    files, registry, _ = made
    rows = rows_of(files["du-lieu/ha-noi-2025-thuc-hien.csv.zip"], "du-lieu/ha-noi-2025-thuc-hien.csv.zip")
    m = matrix(corpus, "ha-noi-2025", registry)
    expected = [
        (item.label, row.child.id, STATES[row.cells[(item.kind, item.keys)].state][1])
        for item in m.items
        for row in m.rows
        if (item.kind, item.keys) in row.cells
    ]
    assert [
        (r["nhan"], r["ke_hoach_cap_duoi"], r["tinh_trang"]) for r in rows if r["ke_hoach_cap_tren"] == "ha-noi-2025"
    ] == expected
    assert expected


def test_the_dcat_catalogue_reads_as_linked_data(made):
    files, _, _ = made
    base = "https://ke-hoach.example.org/du-lieu/catalog.jsonld"
    (catalog,) = jsonld.expand(json.loads(files[opendata.CATALOG]), {"base": base})
    assert catalog["@type"] == [DCAT + "Catalog"]
    datasets = catalog[DCAT + "dataset"]
    assert len(datasets) == sum(name.endswith(".csv.zip") for name in files)
    for d in datasets:
        assert d["@type"] == [DCAT + "Dataset"]
        for prop in ("title", "description", "publisher", "temporal", "spatial", "accrualPeriodicity", "language"):
            assert DCT + prop in d, (d["@id"], prop)
        (temporal,) = d[DCT + "temporal"]
        assert temporal[DCAT + "startDate"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#date"
        for x in d[DCAT + "distribution"]:
            assert x[DCAT + "mediaType"][0]["@id"].endswith("/text/csv")
            assert x[DCAT + "packageFormat"][0]["@id"].endswith("/application/zip")
        urls = {x[DCAT + "downloadURL"][0]["@id"] for x in d[DCAT + "distribution"]}
        for url in urls:
            assert url.startswith("https://ke-hoach.example.org/du-lieu/")
            assert "du-lieu/" + url.rsplit("/", 1)[1] in files, url


def test_the_page_lists_every_file_and_every_column(made):
    files, _, _ = made
    page = files["du-lieu.md"].decode("utf-8")
    for name in files:
        if name.endswith(".csv.zip"):
            assert f'href="../{name}"' in page, name
    for dataset in opendata.DATASETS.values():
        for column, _ in dataset.columns:
            assert f"<code>{column}</code>" in page


def test_the_same_rows_give_the_same_zip_bytes(made, corpus):
    """A build is deterministic: an archive carries no time of its making."""
    files, registry, ledgers = made
    again = dict(opendata.files(corpus, ledgers, registry, "UBND thành phố Hà Nội"))
    assert {k: v for k, v in again.items() if k.endswith(".zip")} == {
        k: v for k, v in files.items() if k.endswith(".zip")
    }


def test_archives_compressed_on_another_thread_come_back_in_order_and_whole():
    """The archives of texts are compressed on another thread while the other sources are made
    (opendata.Compressing): each comes back as lzma would make it, in the order asked, no more than
    two waiting at a time (each holds a province's texts uncompressed)."""
    import lzma

    texts = [f"<akn>{n}</akn>".encode() * 5000 for n in range(5)]
    compressing = opendata.Compressing()
    given = []
    for n, data in enumerate(texts):
        given += compressing.add(f"du-lieu/{n}.akn.tar.xz", data, opendata.TEXTS.xz_preset)
        assert len(compressing.waiting) <= opendata.Compressing.WAITING
    given += compressing.rest()
    assert [rel for rel, _ in given] == [f"du-lieu/{n}.akn.tar.xz" for n in range(5)]
    assert [data for _, data in given] == [lzma.compress(t, preset=opendata.TEXTS.xz_preset) for t in texts]
    assert compressing.pool is None and not compressing.waiting
