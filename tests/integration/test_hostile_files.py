"""Files built to take the server down are refused within seconds, each with its own error, while the rest
of the batch is ingested and the server keeps answering (retrieval/loaders/limits.py, isolation.py).

The hostile files are built here, small on disk: a 408-byte YAML alias bomb, a 0.8 MB DOCX holding 210 MB
of XML, a 0.2 MB XLSX whose shared strings unzip to 80 MB, and a 1 MB PDF of 3,000 content streams that
decode to 192 MB. Before these limits the DOCX, the PDF and the XLSX each held a parser for minutes."""

from __future__ import annotations

import io
import os
import threading
import time
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest

from bot.app import create_app
from bot.services import Services
from retrieval.embedders import HashingEmbedder
from retrieval.errors import ParseLimitError
from retrieval.loaders import ParseLimits, ParserPool, load_files
from retrieval.loaders import isolation as isolation_module
from tests.support.config import TODAY, make_settings, write_news
from tests.support.servers import serve
from tests.unit.test_front_matter import alias_bomb

ADMIN_KEY = "test-admin-key-123"
# On an idle machine each refusal takes under 2 s (the PDF: decoding 64 MB of content to find it over the
# limit) and a batch of them under 6 s; the bound leaves room for a loaded CI machine. Before: minutes.
BATCH_SECONDS = 45


def _zip(path: Path, parts: dict[str, bytes], big_name: str, big_parts: Iterable[bytes]) -> None:
    """An Office file: small parts as given, and one part streamed from `big_parts` (never all in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        with archive.open(big_name, "w", force_zip64=True) as out:
            for part in big_parts:
                out.write(part)


def docx_bomb(path: Path, megabytes: int = 210) -> None:
    """A real python-docx document whose word/document.xml is replaced by `megabytes` of paragraphs."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as template:
        parts = {n: template.read(n) for n in template.namelist() if n != "word/document.xml"}
    para = b"<w:p><w:r><w:t>" + b"A" * 40 + b"</w:t></w:r></w:p>"
    block = para * ((1 << 20) // len(para) + 1)
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
        b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    body = [head, *([block] * ((megabytes << 20) // len(block))), b"</w:body></w:document>"]
    _zip(path, parts, "word/document.xml", body)


_XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/strings.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="achievements" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    b'<Relationship Id="rId2" Target="strings.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
    b"</Relationships>",
    "xl/worksheets/sheet1.xml": b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>',
}


def xlsx_strings_bomb(path: Path, megabytes: int = 80) -> None:
    """An XLSX as Excel writes one (cells pointing into a shared-string table), whose table holds
    `megabytes` of short strings, under a part name other than the usual xl/sharedStrings.xml."""
    item = b"<si><t>xxxxxxxx</t></si>"
    block = item * ((1 << 20) // len(item))
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>id</t></si><si><t>lang</t></si><si><t>a-1</t></si><si><t>en</t></si>"
    )
    _zip(path, _XLSX_PARTS, "xl/strings.xml", [head, *([block] * megabytes), b"</sst>"])


def pdf_of_streams(path: Path, streams: int = 3000, pages: int = 100, stream_kb: int = 64) -> None:
    """A PDF whose pages share `streams` deflated content streams of `stream_kb` each (text operators).
    Spread over pages, no page passes pypdf's own caps (10,000 streams, 75 MB a page)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    ops = b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET\n"
    content = zlib.compress(ops * (stream_kb * 1024 // len(ops)), 9)
    head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
    ids = [add(head + content + b"\nendstream") for _ in range(streams)]
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    pages_id = len(objects) + pages + 1
    per_page = streams // pages
    kids = []
    for p in range(pages):
        refs = b" ".join(b"%d 0 R" % i for i in ids[p * per_page : (p + 1) * per_page])
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]"
                b" /Resources << /Font << /F1 %d 0 R >> >> /Contents [%s] >>" % (pages_id, font, refs)
            )
        )
    kid_refs = b" ".join(b"%d 0 R" % i for i in kids)
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kid_refs, pages)) == pages_id
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    path.write_bytes(bytes(out))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """name -> file: the four bombs of the issue, in a folder of their own."""
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "alias": folder / "alias-bomb.md",
        "docx": folder / "report.docx",
        "xlsx": folder / "achievements.xlsx",
        "pdf": folder / "streams.pdf",
    }
    files["alias"].write_text(alias_bomb(), encoding="utf-8")
    docx_bomb(files["docx"])
    xlsx_strings_bomb(files["xlsx"])
    pdf_of_streams(files["pdf"])
    assert all(f.stat().st_size < 1_100_000 for f in files.values())
    return files


EXPECTED = {  # what each refusal says, after the file's name
    "alias": "YAML anchors and aliases (&name, *name) are not accepted (line 5)",
    "docx": "DOCX unzips to 210 MB; the limit is 100 MB",
    "xlsx": "XLSX shared strings unzip to 80 MB; the limit is 32 MB",
    "pdf": "the PDF's page content decodes to more than 64 MB",
}


def test_each_bomb_is_refused_in_seconds_and_the_rest_of_the_batch_is_ingested(
    hashing_services: Services, hostile: dict[str, Path], tmp_path: Path
) -> None:
    kb = tmp_path / "kb"
    write_news(kb / "news", "good-before", "Magnesite", "Magnesite tailings are recycled in Liaoyang.")
    for source in hostile.values():
        (kb / "news" / source.name).write_bytes(source.read_bytes())
    write_news(kb / "news", "zz-good-after", "Hydrogen", "Hydrogen electrolysers are built in Dalian.")

    started = time.monotonic()
    report = hashing_services.ingestor.ingest_paths([kb])
    elapsed = time.monotonic() - started

    assert elapsed < BATCH_SECONDS
    assert sorted(report.added) == ["good-before", "zz-good-after"]
    by_file = {e.path: e for e in report.errors}
    assert sorted(by_file) == sorted(f"kb/news/{f.name}" for f in hostile.values())
    for name, source in hostile.items():
        error = by_file[f"kb/news/{source.name}"]
        assert isinstance(error, ParseLimitError) and EXPECTED[name] in error.message, error
    hit = hashing_services.searcher.search("hydrogen electrolysers Dalian", k=1).hits[0]
    assert hit.chunk.doc_id == "zz-good-after"


def test_a_failed_file_is_flagged_per_file(hostile: dict[str, Path], tmp_path: Path) -> None:
    """What an upload handler needs to drop a refused file: `failed`, and the error naming it."""
    good = tmp_path / "news" / "good.md"
    write_news(good.parent, "good", "Fine", "An ordinary article.")
    loads = load_files(
        [(hostile["docx"], hostile["docx"].parent, "upload:report.docx"), (good, tmp_path, None)]
    )
    assert [(f.origin, f.failed) for f in loads] == [("upload:report.docx", True), ("news/good.md", False)]
    assert str(loads[0].errors[0]).startswith("upload:report.docx: DOCX unzips to 210 MB")
    assert [d.id for d in loads[1].documents] == ["good"]


def _heavy_html(path: Path) -> Path:
    """An honest but large page: BeautifulSoup needs several CPU seconds for it."""
    path.write_text(
        "<html><body><article>" + "<div><p>word <b>bold</b> <i>it</i></p></div>" * 150_000 + "</article>"
    )
    return path


def test_a_parser_over_its_cpu_time_is_stopped_and_the_next_file_loads(tmp_path: Path) -> None:
    good = tmp_path / "news" / "good.md"
    write_news(good.parent, "good", "Fine", "An ordinary article.")
    heavy = _heavy_html(tmp_path / "news" / "heavy.html")
    pool = ParserPool(workers=1, limits=ParseLimits(cpu_s=1))
    try:
        slow, fine = pool.load([(heavy, tmp_path, None), (good, tmp_path, None)])
    finally:
        pool.close()
    assert slow.failed and str(slow.errors[0]) == (
        "news/heavy.html: parsing used more than 1 s of CPU time; the parser was stopped"
    )
    assert [d.id for d in fine.documents] == ["good"]


def test_a_parser_that_stalls_is_stopped_at_the_wall_clock_limit(tmp_path: Path) -> None:
    stalled = tmp_path / "news" / "pipe.md"
    stalled.parent.mkdir()
    os.mkfifo(stalled)  # reading it waits forever for a writer, using no CPU time
    pool = ParserPool(workers=1, limits=ParseLimits(wall_s=2))
    started = time.monotonic()
    try:
        (load,) = pool.load([(stalled, tmp_path, None)])
    finally:
        pool.close()
    assert time.monotonic() - started < 15
    assert str(load.errors[0]) == "news/pipe.md: parsing took longer than 2 s; the parser was stopped"


def test_a_parser_over_its_memory_is_stopped(hostile: dict[str, Path]) -> None:
    """With the unzipped-size check lifted, the DOCX bomb meets the memory limit instead."""
    pool = ParserPool(workers=1, limits=ParseLimits(memory_mb=400, zip_mb=1000))
    try:
        (load,) = pool.load([(hostile["docx"], hostile["docx"].parent, None)])
    finally:
        pool.close()
    assert load.failed and load.errors[0].message == "parsing it needs more than 400 MB of memory"


def test_the_server_keeps_answering_while_an_upload_of_bombs_is_parsed(
    hostile: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A parser that burns its whole CPU allowance (3 s here) on an honest but heavy page, besides the bombs.
    monkeypatch.setattr(isolation_module, "_default", ParserPool(limits=ParseLimits(cpu_s=3)))
    settings = make_settings(tmp_path / "data", admin_api_key=ADMIN_KEY, embedding={"provider": "hashing"})
    app = create_app(settings, embedder=HashingEmbedder(), clock=lambda: TODAY)
    heavy = _heavy_html(tmp_path / "heavy.html")
    uploads = [("files", (f.name, f.read_bytes(), "application/octet-stream")) for f in hostile.values()]
    uploads.append(("files", ("heavy.html", heavy.read_bytes(), "text/html")))
    good = b"---\nid: pilot-subsidy\ntitle: Pilot subsidy\nlang: en\n---\nPilot bases get CNY 3 million.\n"
    uploads.append(("files", ("pilot.md", good, "text/markdown")))

    with serve(app) as port:
        base = f"http://127.0.0.1:{port}"
        answered: list[float] = []
        done = threading.Event()

        def ask_meanwhile() -> None:
            with httpx.Client(base_url=base, timeout=10) as client:
                while not done.is_set():
                    started = time.monotonic()
                    resp = client.get("/api/search", params={"q": "magnesite Liaoyang", "k": 3})
                    assert resp.status_code == 200
                    answered.append(time.monotonic() - started)
                    time.sleep(0.1)

        asker = threading.Thread(target=ask_meanwhile, daemon=True)
        asker.start()
        started = time.monotonic()
        try:
            resp = httpx.post(
                f"{base}/api/admin/ingest",
                headers={"Authorization": f"Bearer {ADMIN_KEY}"},
                files=uploads,
                timeout=120,
            )
        finally:
            done.set()
            asker.join(15)
        elapsed = time.monotonic() - started

        assert resp.status_code == 200 and elapsed < BATCH_SECONDS
        errors = resp.json()["errors"]
        for name, source in hostile.items():
            assert any(e.startswith(f"upload:{source.name}: {EXPECTED[name]}") for e in errors), (
                name,
                errors,
            )
        assert "upload:heavy.html: parsing used more than 3 s of CPU time; the parser was stopped" in errors
        hits = httpx.get(f"{base}/api/search", params={"q": "pilot subsidy", "k": 1}).json()["hits"]
        assert hits[0]["doc_id"] == "pilot-subsidy"
        assert len(answered) >= 5 and max(answered) < 5  # asked all along, answered all along
        assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}


def test_a_pdf_that_needs_a_password_is_refused_and_one_that_opens_without_loads(tmp_path: Path) -> None:
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Pilot bases get a subsidy of CNY 3 million.")
    plain = tmp_path / "plain.pdf"
    pdf.output(str(plain))
    for name, user_password in (("locked.pdf", "secret"), ("restricted.pdf", "")):
        writer = PdfWriter(clone_from=PdfReader(plain))
        writer.encrypt(user_password=user_password, owner_password="owner")  # "" opens it, read-only
        writer.write(tmp_path / name)
    locked, restricted = load_files(
        [(tmp_path / "locked.pdf", tmp_path, None), (tmp_path / "restricted.pdf", tmp_path, None)]
    )
    assert (
        locked.failed
        and locked.errors[0].message == "the PDF is protected by a password; upload a copy without one"
    )
    assert "CNY 3 million" in restricted.documents[0].text
