from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.errors import SourceError
from retrieval.loaders import discover, load_file
from retrieval.types import Document

ACH_HEADER = (
    "id,lang,title,institution,city,field,summary,trl,maturity,ip_status,transfer_modes,contact,date,"
    "source,url,sample"
)


def load(path: Path) -> tuple[list[Document], list[SourceError]]:
    docs, errors = [], []
    for item in load_file(path, path.parent.parent):
        (errors if isinstance(item, SourceError) else docs).append(item)
    return docs, errors


def test_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "news" / "a.md"
    path.parent.mkdir()
    path.write_text(
        "---\nid: news-a\ntitle: Hello\nlang: en\ndate: 2024-12-04\nsource: Daily\n---\nBody text here.\n"
    )
    (doc,), errors = load(path)
    assert not errors
    assert (doc.id, doc.kind, doc.title, str(doc.date), doc.source, doc.text) == (
        "news-a",
        "news",
        "Hello",
        "2024-12-04",
        "Daily",
        "Body text here.",
    )


def test_folder_gives_kind_and_path_gives_id(tmp_path: Path) -> None:
    path = tmp_path / "regulations" / "policy.txt"
    path.parent.mkdir()
    path.write_text(
        "第一条 为了促进科技成果转化，制定本办法。\n第二条 本办法自公布之日起施行。", encoding="utf-8"
    )
    (doc,), _ = load(path)
    assert doc.kind == "regulation" and doc.lang == "zh" and doc.id == "regulations-policy"


def test_html(tmp_path: Path) -> None:
    path = tmp_path / "news" / "p.html"
    path.parent.mkdir()
    path.write_text(
        '<html lang="zh"><head><title>推介会</title><meta name="date" content="2024-12-04">'
        "<script>alert(1)</script></head><body><nav>menu</nav><article><h1>推介会</h1>"
        "<p>辽阳举办菱镁产业推介会。</p></article></body></html>",
        encoding="utf-8",
    )
    (doc,), _ = load(path)
    assert doc.title == "推介会" and str(doc.date) == "2024-12-04" and doc.lang == "zh"
    assert "辽阳举办菱镁产业推介会" in doc.text and "alert" not in doc.text and "menu" not in doc.text


def test_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 10, "Article 1 This policy supports pilot bases.\nArticle 2 It takes effect at once.")
    pdf.set_title("Pilot base policy")
    path = tmp_path / "regulations" / "policy.pdf"
    path.parent.mkdir()
    pdf.output(str(path))
    (doc,), _ = load(path)
    assert doc.kind == "regulation" and doc.title == "Pilot base policy" and "pilot bases" in doc.text


def test_docx_with_headings_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Demand sheet"
    document.add_heading("Enterprise demand", level=1)
    document.add_paragraph("We need a robot welding cell.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Budget", "CNY 2 million"
    path = tmp_path / "news" / "d.docx"
    path.parent.mkdir()
    document.save(str(path))
    (doc,), _ = load(path)
    assert doc.title == "Demand sheet" and "# Enterprise demand" in doc.text and "CNY 2 million" in doc.text


def test_csv_bad_row_is_reported_with_file_and_row_and_others_load(tmp_path: Path) -> None:
    path = tmp_path / "achievements" / "a.csv"
    path.parent.mkdir()
    good = (
        "ach-1,en,Good tech,Uni,Dalian,hydrogen_energy,Works.,7,industrial,,license;sale,,2025-01-01,s,,true"
    )
    bad = "ach-2,en,Bad tech,Uni,Dalian,no_such_field,Works.,12,industrial,,license,,2025-01-01,s,,true"
    also_good = "ach-3,zh,好技术,大学,大连,氢能,有效。,5,,,,,2025-01-01,s,,true"
    path.write_text("\n".join([ACH_HEADER, good, bad, also_good]) + "\n", encoding="utf-8")
    docs, errors = load(path)
    assert [d.id for d in docs] == ["ach-1", "ach-3"]
    assert docs[1].meta["field"] == "hydrogen_energy" and docs[1].meta["maturity"] == "pilot"
    (error,) = errors
    assert (
        error.row == 3
        and error.path.endswith("a.csv")
        and "field" in error.message
        and "trl" in error.message
    )


def test_xlsx_sheet_named_after_kind(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "demands"
    sheet.append(["id", "lang", "title", "enterprise", "city", "field", "description", "deadline"])
    sheet.append(
        ["dem-1", "en", "Need CNC", "Acme", "Shenyang", "cnc_machine_tools", "Five-axis.", "2027-01-31"]
    )
    sheet.append(["dem-2", "en", "", "Acme", "Shenyang", "cnc_machine_tools", "No title.", ""])
    path = tmp_path / "listings" / "d.xlsx"
    path.parent.mkdir()
    book.save(str(path))
    docs, errors = load(path)
    assert [d.id for d in docs] == ["dem-1"] and docs[0].kind == "demand"
    assert errors[0].row == 3 and "title" in errors[0].message


def test_json_and_yaml_records(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "e.json").write_text(
        json.dumps(
            [
                {
                    "id": "ev-1",
                    "lang": "en",
                    "title": "Expo",
                    "start_date": "2027-01-02",
                    "city": "大连",
                    "fields": "hydrogen_energy",
                }
            ]
        )
    )
    (folder / "e.yaml").write_text(
        "kind: event\nrecords:\n  - {id: ev-2, lang: zh, title: 对接会, start_date: 2027-02-03,"
        " end_date: 2027-02-01}\n",
        encoding="utf-8",
    )
    docs, _ = load(folder / "e.json")
    assert docs[0].meta["city"] == "dalian" and docs[0].meta["fields"] == ["hydrogen_energy"]
    docs, errors = load(folder / "e.yaml")
    assert not docs and "end_date" in errors[0].message


@pytest.mark.parametrize(
    "name,content",
    [("broken.pdf", b"%PDF-1.4 garbage"), ("broken.json", b"{nope"), ("empty.md", b"---\nid: x\n---\n")],
)
def test_broken_files_become_errors_naming_the_file(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / "news" / name
    path.parent.mkdir()
    path.write_bytes(content)
    docs, errors = load(path)
    assert not docs and errors and name in errors[0].path


def test_discover_skips_readme_glossary_and_hidden(tmp_path: Path) -> None:
    for rel in ("README.md", "glossary.yaml", ".hidden/x.md", "news/a.md", "news/b.bin"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [f.name for f, _ in discover([tmp_path])] == ["a.md"]
